"""No contact details in an initiative's public texts: enforced by the service, not only the form."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from buurtpreventie.initiatives import services
from buurtpreventie.initiatives.models import contact_details_problem


@pytest.mark.parametrize("text", ["Mail jan@example.org", "Bel 06-12345678", "bel +31 6 1234 5678"])
def test_contact_details_are_found(text: str) -> None:
    assert contact_details_problem(text)


@pytest.mark.parametrize("text", ["Wij lopen sinds 12-03-2024 elke week.", "Meld u via de pagina.", ""])
def test_ordinary_texts_pass(text: str) -> None:
    assert contact_details_problem(text) == ""


def test_the_service_refuses_a_phone_number_in_public_texts(team: Any, coordinator: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.initiative_update(
            actor=coordinator, initiative=team, name=team.name, kind=team.kind, wijken=list(team.wijken.all()),
            buurten=[], area_geometry=None, public_description="Wij lopen op dinsdag.",
            how_to_join="Bel Piet: 06 1234 5678",
        )
    assert set(exc.value.message_dict) == {"how_to_join"}
    team.refresh_from_db()
    assert "06" not in team.how_to_join


def test_a_covenant_acceptance_needs_the_signers_name(team: Any, safety_officer: Any) -> None:
    from buurtpreventie.initiatives.models import Party

    agreement = services.agreement_create(actor=safety_officer, initiative=team, citizens_roles="a",
                                          professionals_roles="b", offered="c", not_offered="d", action_points="")
    with pytest.raises(ValidationError) as exc:
        services.agreement_accept(actor=safety_officer, agreement=agreement, party=Party.MUNICIPALITY,
                                  signed_by_name="  ")
    assert "signed_by_name" in exc.value.message_dict
    assert not agreement.acceptances.exists()


def test_the_coordinator_accepts_for_the_residents_and_the_signer_is_asked_on_the_page(
        team: Any, safety_officer: Any, coordinator: Any, client_for: Any) -> None:
    from buurtpreventie.initiatives.models import Party

    agreement = services.agreement_create(actor=safety_officer, initiative=team, citizens_roles="a",
                                          professionals_roles="b", offered="c", not_offered="d", action_points="")
    client = client_for(coordinator)
    page = client.get(f"/initiatieven/convenant/{agreement.pk}/").content.decode()
    assert f'value="{Party.CITIZENS.value}"' in page and f'value="{Party.MUNICIPALITY.value}"' not in page
    refused = client.post(f"/initiatieven/convenant/{agreement.pk}/accepteren/",
                          {"party": Party.CITIZENS.value, "signed_by_name": ""})
    html = refused.content.decode()
    assert refused.status_code == 200 and 'id="form-errors"' in html and 'href="#id_signed_by_name"' in html
    assert not agreement.acceptances.exists()
    done = client.post(f"/initiatieven/convenant/{agreement.pk}/accepteren/",
                       {"party": Party.CITIZENS.value, "signed_by_name": "Carla Coördinator"})
    assert done.status_code == 302
    acceptance = agreement.acceptances.get()
    assert acceptance.party == Party.CITIZENS and acceptance.signed_by_name == "Carla Coördinator"

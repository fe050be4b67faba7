"""Wrong answers the permission matrix found after the merges, one focused test each."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from buurtpreventie.accounts.models import RoleGrant, User
from buurtpreventie.testing.factories import InitiativeFactory, RoundFactory, WijkFactory
from buurtpreventie.testing.helpers import make_member, make_professional

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def test_resident_deletes_own_account(client_for, municipality):
    """A resident grant is no professional role: residents delete their account themselves."""
    resident = make_professional("resident", municipality, username="bewoner")
    resident.set_password(PASSWORD)
    resident.save()
    client = client_for(resident)
    assert client.get("/account/verwijderen/").status_code == 200
    assert client.post("/account/verwijderen/", {"password": PASSWORD, "confirm": "on"}).status_code == 302
    gone = User.objects.get(pk=resident.pk)
    assert not gone.is_active and gone.username.startswith("verwijderd-")
    assert not RoleGrant.objects.active().filter(user=resident).exists()  # ended, kept as history
    assert RoleGrant.objects.filter(user=resident).exists()


def test_staff_logout_without_provider_endpoint_redirects_home(client_for, settings, wijkagent):
    """LOGOUT_REDIRECT_URL is a URL name; unresolved it made the redirect unsafe (400)."""
    settings.OIDC_OP_LOGOUT_ENDPOINT = ""
    response = client_for(wijkagent).post("/account/sso/logout/")
    assert response.status_code == 302
    assert response["Location"] == "http://testserver/"
    assert User.objects.filter(pk=wijkagent.pk).exists()


def test_sos_of_another_wijk_or_person_is_not_found(client_for, municipality, wijk, team, member, dispatcher):
    from buurtpreventie.alerts.models import SosSignal

    rnd = RoundFactory(initiative=team, wijk=wijk)
    sos = SosSignal.objects.create(round=rnd, user=member, municipality=municipality)
    url = f"/alarm/sos/{sos.pk}/intrekken/"
    east_agent = make_professional("wijkagent", municipality, username="agent-oost",
                                   wijk=WijkFactory(municipality=municipality, code="WK026802", name="Oost"))
    assert client_for(east_agent).post(url, {"confirm": "1"}).status_code == 404
    assert client_for(make_member(team, username="ander-lid")).post(url, {"confirm": "1"}).status_code == 404
    sos.refresh_from_db()
    assert sos.cancelled_at is None
    assert client_for(dispatcher).post(url, {"confirm": "1"}).status_code == 200


def test_pages_for_another_municipality_are_not_found(client_for, municipality, other_municipality, wijkagent,
                                                      safety_officer):
    code = other_municipality.code
    assert client_for(wijkagent).get(f"/signalen/feed/?gemeente={code}").status_code == 404
    assert client_for(wijkagent).get("/signalen/feed/").status_code == 200
    assert client_for(safety_officer).get(f"/groepen/instellingen/?gemeente={code}").status_code == 404
    assert client_for(safety_officer).get("/groepen/instellingen/").status_code == 200


def test_signal_api_for_an_initiative_not_yours_is_not_found(client_for, other_municipality, member, team):
    elsewhere = InitiativeFactory(municipality=other_municipality, name="Team Alkmaar",
                                  wijken=[WijkFactory(municipality=other_municipality, code="WK036101")])
    body = {"observed_at": (timezone.now() - timedelta(minutes=5)).isoformat(), "place": "Hoek Kerkstraat",
            "category": "suspicious", "behaviour": "Voelde aan deuren van auto's"}
    client = client_for(member)
    response = client.post("/api/signals/", {**body, "initiative_id": elsewhere.pk}, content_type="application/json")
    assert response.status_code == 404
    response = client.post("/api/signals/", {**body, "initiative_id": team.pk}, content_type="application/json")
    assert response.status_code == 201


def test_team_insights_not_found_outside_own_municipality(client_for, municipality, other_municipality, team,
                                                          member, coordinator, other_safety_officer):
    assert client_for(other_safety_officer).get(f"/inzicht/team/{team.pk}/").status_code == 404
    assert client_for(member).get(f"/inzicht/team/{team.pk}/").status_code == 403  # own team, wrong role
    assert client_for(coordinator).get(f"/inzicht/team/{team.pk}/").status_code == 200
    elsewhere = InitiativeFactory(municipality=other_municipality, name="Team Alkmaar")
    assert client_for(coordinator).get(f"/inzicht/team/{elsewhere.pk}/").status_code == 404

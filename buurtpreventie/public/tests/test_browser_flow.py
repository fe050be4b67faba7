"""A resident applies without an account; the safety officer runs intake and agreement; the
initiative becomes active and shows on the public page — clicked through as people would."""

from __future__ import annotations

from typing import Any

import pytest

from buurtpreventie.initiatives.models import Initiative, InitiativeStatus
from buurtpreventie.testing.browser import apply_for_new_team, browser_login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_apply_intake_agreement_active(
    page: Any, municipality: Any, wijk: Any, safety_officer: Any, settings: Any
) -> None:
    settings.BUURTPREVENTIE = {**settings.BUURTPREVENTIE, "PUBLIC_FORM_MIN_SECONDS": 0}

    # 1. A resident applies on the public page, no account.
    apply_for_new_team(page, municipality_slug=municipality.slug, wijk_name=wijk.name)
    status_url = page.url
    assert page.locator("#application-status").inner_text() == "Ontvangen"

    # 2. The safety officer plans and records the intake and decides.
    browser_login(page, safety_officer.username)
    page.goto("/initiatieven/aanmeldingen/")
    page.get_by_role("link", name="Anna de Vries").click()
    page.fill("#id_plan-intake_at", "2030-01-15T19:30")
    page.get_by_role("button", name="Uitnodigen voor intake").click()
    page.fill("#id_rec-intake_notes", "Enthousiast, kent veel buren.")
    page.fill("#id_rec-intake_why", "Samen met de buren iets doen tegen inbraken.")
    page.get_by_label("Training nodig").check()
    page.get_by_role("button", name="Intake opslaan").click()
    page.get_by_label("Toelaten").check()
    page.fill("#id_dec-reason", "Past bij het beleidsdoel: minder inbraken.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    assert page.locator("#application-status").inner_text() == "Toegelaten"

    # 3. The agreement: drawn up from the defaults, accepted by all three parties (signed on paper).
    page.get_by_role("link", name="Naar het initiatief").click()
    page.get_by_role("link", name="Convenant opstellen").click()
    page.get_by_role("button", name="Convenant opslaan").click()
    for party, name in [("citizens", "Anna de Vries"), ("municipality", "Olga"), ("police", "Willem")]:
        page.select_option("#id_party", party)
        page.fill("#id_signed_by_name", name)
        page.get_by_role("button", name="Acceptatie vastleggen").click()
    assert page.locator("#acceptances").inner_text().count("✓") == 3

    # 4. Active.
    page.get_by_role("link", name="Team Hunnerberg").first.click()
    page.select_option("#id_status", "active")
    page.fill("#id_reason", "Convenant getekend door alle partijen.")
    page.get_by_role("button", name="Status wijzigen").click()
    assert page.locator("#initiative-status").inner_text() == "Actief"
    history = page.locator("#history").inner_text()
    for label in ("Aangevraagd", "Intake", "Afspraken", "Actief", "Convenant getekend door alle partijen."):
        assert label in history

    initiative = Initiative.objects.get(name="Team Hunnerberg")
    assert initiative.status == InitiativeStatus.ACTIVE

    # 5. On the public map and list; the applicant sees it through the private link, also in English.
    page.goto(f"/gemeente/{municipality.slug}/")
    assert page.locator(f"#initiatief-{initiative.pk}").is_visible()
    assert page.locator("#initiatives-map .leaflet-interactive").count() >= 1
    page.goto(status_url)
    assert page.locator("#initiative-status").inner_text() == "Actief"
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("#initiative-status").inner_text() == "Active"
    assert "Application received." in page.locator(".history").inner_text()

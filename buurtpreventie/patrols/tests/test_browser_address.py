"""The address widget on the report form: suggestions from the (stand-in) PDOK Locatieserver fill the
defect's place and point."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from buurtpreventie.patrols.models import RoundStatus
from buurtpreventie.testing.browser import browser_login
from buurtpreventie.testing.factories import RoundFactory
from buurtpreventie.testing.standins.pdok import PdokStandIn
from buurtpreventie.testing.standins.server import ThreadedServer


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_defect_address_from_pdok_fills_the_point(phone_page, member, team, wijk, settings):
    with ThreadedServer(PdokStandIn()) as pdok:
        settings.BUURTPREVENTIE = {**settings.BUURTPREVENTIE, "PDOK_LOCATIESERVER_URL": pdok.url}
        start = timezone.now() - timedelta(hours=2)
        round = RoundFactory(initiative=team, wijk=wijk, status=RoundStatus.ENDED, planned_start=start,
                             planned_end=start + timedelta(hours=1), started_at=start,
                             ended_at=start + timedelta(hours=1))
        page = phone_page
        browser_login(page, "lid")
        page.goto(f"/rondes/{round.pk}/verslag/")
        place = page.locator("#id_defect-0-place")
        place.fill("Burchtstraat 43")
        page.wait_for_selector("#id_defect-0-place-suggestions option[value='Burchtstraat 43A, 6511RA Nijmegen']",
                               state="attached")
        place.fill("Burchtstraat 43A, 6511RA Nijmegen")  # choosing the suggestion
        # A locator assertion polls without evaluating a string (the CSP forbids eval on our pages).
        expect(page.locator("#id_defect-0-lat")).to_have_value("51.84651")
        assert page.locator("#id_defect-0-lon").input_value() == "5.86695"
        assert "Adres gevonden" in page.locator("#id_defect-0-place-address-status").inner_text()

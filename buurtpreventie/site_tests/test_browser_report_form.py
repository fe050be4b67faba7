"""The thin-report warning is brought into view and focused, so it is seen and read out."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from buurtpreventie.patrols.models import RoundStatus
from buurtpreventie.testing.browser import browser_login
from buurtpreventie.testing.factories import RoundFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_thin_report_warning_is_focused(phone_page: Any, member: Any, team: Any, wijk: Any) -> None:
    page = phone_page
    start = timezone.now() - timedelta(hours=2)
    round: Any = RoundFactory(initiative=team, wijk=wijk, status=RoundStatus.ENDED, planned_start=start,
                              planned_end=start + timedelta(hours=1), started_at=start,
                              ended_at=start + timedelta(hours=1))
    browser_login(page, member.username)
    page.goto(f"/rondes/{round.pk}/verslag/")
    page.wait_for_selector("#report-form[data-ready='1']")  # the script restored its draft first
    page.fill("#id_start_time", "")
    page.fill("#id_end_time", "")
    page.check("#id_quiet")
    page.click("#report-submit")
    page.wait_for_selector("#nudge")
    expect(page.locator("#nudge")).to_be_focused(timeout=20_000)  # no string evaluation: the CSP forbids eval
    assert page.evaluate("(() => { const r = document.getElementById('nudge').getBoundingClientRect();"
                         " return r.top >= 0 && r.bottom <= window.innerHeight; })()")

"""Start pages per role in the browser: what to do now, in Dutch, with a link that leads there."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from buurtpreventie.initiatives.models import ApplicationKind
from buurtpreventie.initiatives.services import application_submit
from buurtpreventie.patrols.models import RoundParticipant
from buurtpreventie.testing.browser import browser_login
from buurtpreventie.testing.factories import RoundFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_safety_officer_starts_with_the_open_applications(page: Any, municipality: Any, wijk: Any,
                                                          safety_officer: Any) -> None:
    application_submit(municipality=municipality, kind=ApplicationKind.START, full_name="Anna de Vries",
                       email="anna@example.org", motivation="Veilige buurt", wijk=wijk)
    browser_login(page, safety_officer.username)
    page.goto("/")
    item = page.locator("#todo [data-key='open_applications'] a")
    assert item.inner_text() == "1 aanmelding wacht op een intakegesprek of besluit"
    item.click()
    page.wait_for_url("**/initiatieven/aanmeldingen/")
    assert "Anna de Vries" in page.inner_text("#main")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_member_on_a_phone_sees_the_next_round_and_the_public_page(phone_page: Any, team: Any, member: Any,
                                                                   municipality: Any) -> None:
    start = (timezone.localtime() + timedelta(days=1)).replace(hour=20, minute=0, second=0, microsecond=0)
    round: Any = RoundFactory(initiative=team, planned_start=start, planned_end=start + timedelta(hours=2))
    RoundParticipant.objects.create(round=round, user=member)
    browser_login(phone_page, member.username)
    phone_page.goto("/")
    text = phone_page.inner_text("#todo [data-key='next_round']")
    assert text.startswith("Uw volgende ronde: ") and "20:00 met " + team.name in text
    assert phone_page.is_visible(f"a[href='/gemeente/{municipality.slug}/']")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360

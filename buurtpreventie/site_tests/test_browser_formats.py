"""Dutch formats and the English map labels as a person sees them, and the error summary's focus."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from buurtpreventie.testing.browser import browser_login

NIJMEGEN = Path(__file__).resolve().parents[1] / "demo" / "data" / "nijmegen"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_budget_and_policy_pages_speak_dutch(page: Any, municipality: Any, team: Any, member: Any,
                                             safety_officer: Any) -> None:
    from buurtpreventie.engagement.models import BudgetRequest, BudgetRule
    from buurtpreventie.initiatives.models import GoalType, PolicyGoal

    year = timezone.localdate().year
    BudgetRule.objects.create(municipality=municipality, year=year, basis="per_member", rate=Decimal("120"),
                              minimum=Decimal("0"))
    BudgetRequest.objects.create(initiative=team, year=year, amount=Decimal("12705"), purpose="Hesjes en lampen",
                                 requested_by=member)
    for day in (date(2026, 12, 2), date(2027, 5, 31)):
        PolicyGoal.objects.create(municipality=municipality, goal_type=GoalType.COLLABORATION,
                                  description=f"Doel {day}", indicators="Rondes per maand", review_on=day)
    browser_login(page, safety_officer.username)
    page.goto(f"/contact/budget/?jaar={year}")
    row = page.locator("#budget-table tbody tr", has_text=team.name)
    assert "€ 120,00" in row.inner_text()
    assert "1 actief lid × € 120,00 = € 120,00" in row.inner_text()  # one member: singular
    assert "€ 12.705,00" in page.inner_text("#main")  # the request waiting for a decision
    page.goto("/initiatieven/beleid/")
    text = page.inner_text("#main")
    assert "2 dec. 2026" in text and "31 mei 2027" in text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_map_metric_labels_in_english(page: Any) -> None:
    from buurtpreventie.areas.models import Municipality
    from buurtpreventie.testing.helpers import make_professional

    call_command("import_areas", wijken=NIJMEGEN / "wijken_2024_simplified.geojson",
                 kerncijfers=NIJMEGEN / "kerncijfers_wijken_buurten_2024.csv", no_progress=True, stdout=StringIO())
    make_professional("safety_officer", Municipality.objects.get(code="GM0268"), username="oov")
    browser_login(page, "oov")
    page.goto("/wijken/")
    page.wait_for_selector("#wijk-map[data-loaded='9']")
    page.click("button[lang=en]")
    page.wait_for_selector("html[lang=en] #wijk-map[data-loaded='9']")
    assert page.inner_text(".legend strong") == "Registered crimes per 1,000 inhabitants"
    assert page.locator("#kleur option").all_inner_texts() == ["Inhabitants",
                                                               "Registered crimes per 1,000 inhabitants"]
    page.select_option("#kleur", "inhabitants")
    page.click("button >> text=Show")
    page.wait_for_selector("#wijk-map[data-metric='inhabitants'][data-loaded='9']")
    assert page.inner_text(".legend strong") == "Inhabitants"
    assert "12,705" in page.inner_text("#wijk-table")  # Nijmegen-Centrum, English grouping
    page.goto("/inzicht/")
    labels = page.locator("label:has(input[name=map-layer])").all_inner_texts()
    assert [label.strip() for label in labels] == ["Rounds per 1,000 inhabitants", "Activity index"]
    assert page.get_attribute("#insight-map", "data-no-team") == "no team or app group"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_error_summary_is_focused_and_leads_to_the_field(page: Any, team: Any, member: Any) -> None:
    browser_login(page, member.username)
    page.goto("/rondes/plannen/")
    page.fill("#id_date", (timezone.localdate() + timedelta(days=1)).isoformat())
    page.fill("#id_start_time", "20:00")
    page.fill("#id_end_time", "19:00")
    page.click("button[type=submit] >> text=Plannen")
    page.wait_for_selector("#form-errors")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'form-errors'")
    assert "De eindtijd ligt vóór de starttijd" in page.inner_text("#form-errors")
    page.click("#form-errors a[href='#id_end_time']")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_end_time'")
    assert page.input_value("#id_end_time") == "19:00"  # what was typed is kept

from __future__ import annotations

import pytest

from buurtpreventie.testing.browser import browser_login
from buurtpreventie.testing.helpers import make_member

from .helpers import answered_members, motivation


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_member_answers_and_coordinator_sees_team_mix(page, municipality, team):
    q = motivation(municipality)
    answered_members(team, q, [[3, 3, 3, 3, 5, 5]] * 4)
    member = make_member(team, username="nieuw-lid")
    make_member(team, role="coordinator", username="coord")

    browser_login(page, member.username)
    page.goto("/vragenlijsten/")
    page.click(f"a[href='/vragenlijsten/{q.pk}/invullen/']")
    assert page.locator("#purpose-heading").is_visible()
    for question, value in zip([x for x in q.questions.all() if x.profile], [2, 2, 3, 3, 5, 5], strict=True):
        page.check(f"input[name='q_{question.pk}'][value='{value}']")
    page.check("input[name='consent']")
    page.click("button[type=submit] >> text=Antwoorden versturen")
    page.wait_for_url("**/vragenlijsten/mijn-antwoorden/")
    assert "Rationele vrijwilliger" in page.content()

    page.context.clear_cookies()
    browser_login(page, "coord")
    page.goto(f"/vragenlijsten/team/{team.pk}/")
    table = page.locator("table.utrecht-table").first
    assert "5 respondenten" in table.inner_text()
    assert page.locator("canvas[data-chart='team-mix-data']").count() == 1
    row = page.locator("tr", has_text="Rationele vrijwilliger").first
    assert "5" in row.inner_text()

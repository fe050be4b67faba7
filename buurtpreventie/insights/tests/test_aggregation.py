"""The monthly rows built from hand-made raw data, and the early warning feeding the continuity review."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import translation

from buurtpreventie.engagement.models import Appreciation, ContactKind, ContactLog
from buurtpreventie.initiatives.models import Initiative, InitiativeKind, Membership
from buurtpreventie.initiatives.selectors import early_warning_reasons
from buurtpreventie.insights import aggregation
from buurtpreventie.insights.models import EarlyWarning, HotspotCell, TeamMonth, WijkMonth
from buurtpreventie.patrols.models import Defect, ForwardState, RoundStatus
from buurtpreventie.testing.factories import UserFactory
from buurtpreventie.testing.helpers import make_member, make_professional

from .helpers import at, report, walked_round

pytestmark = pytest.mark.django_db


def _members(team: Initiative, n: int, joined: date) -> list:
    users = [make_member(team, username=f"{team.pk}-m{i}") for i in range(n)]
    Membership.objects.filter(initiative=team).update(joined_on=joined)
    return users


def test_usefulness_counters_per_team_and_wijk(municipality, wijk, team):
    a, b = _members(team, 2, date(2025, 1, 3))
    r1 = walked_round(team, date(2025, 3, 4), [a, b], wijk=wijk)
    report(r1, a, feedback=[("info", timedelta(hours=2)), ("action", timedelta(days=3))],
           points=[(51.8480, 5.8625), (51.8482, 5.8626), (51.8484, 5.8627)])
    r2 = walked_round(team, date(2025, 3, 11), [a], wijk=wijk)
    rep2 = report(r2, a, route=False, quality=40)
    Defect.objects.create(report=rep2, municipality=municipality, wijk=wijk, category="street_light", place="x",
                          forward_state=ForwardState.SENT, is_open=False)
    r3 = walked_round(team, date(2025, 3, 18), [a, b], wijk=wijk)
    report(r3, b, times=False, quality=50, feedback=[("no_action", timedelta(hours=30))])
    walked_round(team, date(2025, 3, 25), [a], wijk=wijk, status=RoundStatus.CANCELLED)

    aggregation.refresh_months(municipality=municipality, first=date(2025, 3, 1), last=date(2025, 3, 1),
                               today=date(2025, 4, 10), warn=False)
    row = TeamMonth.objects.get(initiative=team, month=date(2025, 3, 1))
    assert (row.reports, row.with_route_and_times, row.quality_sum) == (3, 1, 160)
    assert row.led_to_action == 2  # feedback "actie ondernomen" + a forwarded defect that was handled
    assert row.answered == 2 and row.feedback_minutes == [120, 1800]  # first feedback only
    assert (row.rounds_planned, row.rounds_walked, row.walkers_total, row.unfilled_rounds) == (4, 3, 5, 2)
    assert row.members_end == 2 and row.members_joined == 0
    assert row.observations == 3
    w = WijkMonth.objects.get(wijk=wijk, month=date(2025, 3, 1))
    assert (w.reports, w.led_to_action, w.rounds_walked) == (3, 2, 3)
    cells = list(HotspotCell.objects.filter(municipality=municipality))
    assert len(cells) == 1 and cells[0].count == 3  # three points in one ~250 m cell, no point kept
    assert (cells[0].cell_lat, cells[0].cell_lon) == (51.84875, 5.862)


def test_signals_are_one_more_source(municipality, wijk):
    """The counting for app-group signals is ready: a Signal source only has to call add_signal."""
    group = Initiative.objects.create(municipality=municipality, name="App Oost", kind=InitiativeKind.APP_GROUP,
                                      status="active")
    window = aggregation.Window(municipality, date(2025, 3, 1), date(2025, 3, 1))
    acc = aggregation.Accumulator(window)
    acc.add_signal(initiative_id=group.pk, wijk_id=wijk.pk, at=at(date(2025, 3, 2)), led_to_action=True,
                   first_feedback_at=at(date(2025, 3, 2), 22), lat=51.84, lon=5.86)
    acc.add_signal(initiative_id=group.pk, wijk_id=wijk.pk, at=at(date(2025, 3, 9)), led_to_action=False,
                   first_feedback_at=None)
    c = acc.team[(group.pk, date(2025, 3, 1))]
    assert (c["signals"], c["led_to_action"], c["answered"], c["feedback_minutes"]) == (2, 1, 1, [120])
    assert acc.wijk[(wijk.pk, date(2025, 3, 1))]["signals"] == 2
    assert sum(acc.cells.values()) == 1
    assert aggregation.add_app_group_signals in aggregation.SOURCES


def test_membership_contact_and_appreciation_at_month_end(municipality, team):
    a, b, c = _members(team, 3, date(2025, 1, 3))
    Membership.objects.filter(user=c).update(left_on=date(2025, 2, 14))
    late = make_member(team, username="late")
    Membership.objects.filter(user=late).update(joined_on=date(2025, 2, 20))
    pro = make_professional("wijkagent", municipality)
    lead = UserFactory()
    ContactLog.objects.create(municipality=municipality, initiative=team, contact_person=lead, professional=pro,
                              kind=ContactKind.CALL, occurred_at=at(date(2025, 1, 10)))
    Appreciation.objects.create(initiative=team, kind="email", occurred_on=date(2025, 2, 1))
    aggregation.refresh_months(municipality=municipality, first=date(2025, 1, 1), last=date(2025, 3, 1),
                               today=date(2025, 4, 10), warn=False)
    rows = {r.month.month: r for r in TeamMonth.objects.filter(initiative=team)}
    assert (rows[2].members_joined, rows[2].members_left, rows[2].members_end) == (1, 1, 3)
    assert rows[1].days_since_contact == 21 and not rows[1].contact_overdue
    assert rows[3].days_since_contact == 80 and rows[3].contact_overdue  # monthly rhythm: due 10 February
    assert rows[1].days_since_appreciation is None and rows[3].days_since_appreciation == 58


def _month_of_rounds(team: Initiative, month: date, n: int, walkers: list) -> None:
    for i in range(n):
        r = walked_round(team, month + timedelta(days=i % 27), walkers)
        report(r, walkers[0])


def test_warning_fires_on_a_declining_team_and_feeds_the_continuity_review(municipality, team, other_team,
                                                                         safety_officer, client_for):
    team_walkers = _members(team, 4, date(2024, 9, 1))
    steady_walkers = _members(other_team, 4, date(2024, 9, 1))
    plan = [12, 12, 12, 12, 11, 12, 11, 9, 3]  # February .. October 2025
    for i, n in enumerate(plan):
        month = date(2025, 2 + i, 1)
        _month_of_rounds(team, month, n, team_walkers[:2] if i < 8 else team_walkers[:1] * 1)
        _month_of_rounds(other_team, month, 10, steady_walkers[:2])
    Membership.objects.filter(user__in=team_walkers[2:]).update(left_on=date(2025, 10, 20))
    lead = UserFactory()
    for t in (team, other_team):
        for m in range(1, 12):
            if t == team and m >= 6:
                continue  # the team's contact with the wijkagent stopped in June
            ContactLog.objects.create(municipality=municipality, initiative=t, contact_person=lead,
                                      kind=ContactKind.CALL, occurred_at=at(date(2025, m, 5)))
            Appreciation.objects.create(initiative=t, kind="email", occurred_on=date(2025, m, 5))
    for month_no in range(2, 12):
        aggregation.refresh_months(municipality=municipality, first=date(2025, month_no, 1),
                                   last=date(2025, month_no, 1), today=date(2025, 11, 10))

    warnings = list(EarlyWarning.objects.all())
    assert [w.initiative_id for w in warnings] == [team.pk]  # not the steady team
    with translation.override("nl"):
        text = warnings[0].reasons_text()
    assert "3 rondes in oktober tegen 11 gemiddeld" in text
    assert "2 leden gestopt" in text
    assert "maanden geen contact met de wijkagent of gemeente" in text
    team.refresh_from_db()
    other_team.refresh_from_db()
    assert team.at_risk and not other_team.at_risk
    assert "3 rondes in oktober" in early_warning_reasons(initiative=team)
    # the continuity review starts from the reasons
    html = client_for(safety_officer).get(f"/initiatieven/{team.pk}/continuiteit/").content.decode()
    assert "3 rondes in oktober tegen 11 gemiddeld" in html
    # judged once: a second run raises nothing new
    aggregation.refresh_recent(municipality=municipality, today=date(2025, 11, 10))
    assert EarlyWarning.objects.count() == 1


def test_municipality_months_add_up_every_team(municipality, wijk, team, other_team):
    from buurtpreventie.insights.models import MunicipalityMonth

    a, = _members(team, 1, date(2025, 1, 3))
    b, = _members(other_team, 1, date(2025, 1, 3))
    report(walked_round(team, date(2025, 3, 4), [a], wijk=wijk), a, feedback=[("action", timedelta(hours=1))])
    report(walked_round(other_team, date(2025, 3, 5), [b]), b, feedback=[("info", timedelta(hours=3))])
    report(walked_round(other_team, date(2025, 4, 5), [b]), b)
    aggregation.refresh_months(municipality=municipality, first=date(2025, 3, 1), last=date(2025, 4, 1),
                               today=date(2025, 5, 10), warn=False)
    march = MunicipalityMonth.objects.get(municipality=municipality, month=date(2025, 3, 1))
    assert (march.reports, march.led_to_action, march.answered, march.feedback_minutes) == (2, 1, 2, [60, 180])
    assert march.rounds_walked == 2
    assert MunicipalityMonth.objects.get(month=date(2025, 4, 1)).reports == 1


def test_refresh_command_is_scheduled_and_rebuilds(municipality, wijk, team, settings):
    from django.core.management import call_command

    from buurtpreventie.core import scheduling
    from buurtpreventie.insights.models import MunicipalityMonth

    assert "insights.refresh" in {job.name for job in scheduling.jobs()}
    a, = _members(team, 1, date(2025, 1, 3))
    report(walked_round(team, date(2025, 3, 4), [a], wijk=wijk), a)
    call_command("refresh_insights", "--all", municipality="nijmegen")
    assert TeamMonth.objects.get(initiative=team, month=date(2025, 3, 1)).reports == 1
    assert MunicipalityMonth.objects.get(municipality=municipality, month=date(2025, 3, 1)).reports == 1
    TeamMonth.objects.all().delete()
    call_command("refresh_insights")  # recent months only: March 2025 is history
    assert not TeamMonth.objects.filter(month=date(2025, 3, 1)).exists()


def test_filed_signals_are_counted_from_the_signal_table(municipality, wijk):
    """Signals filed through the app land in the monthly rows: counted, answered, led to action."""
    from buurtpreventie.feedback.models import Feedback
    from buurtpreventie.signals.models import Signal

    group = Initiative.objects.create(municipality=municipality, name="App West", kind=InitiativeKind.APP_GROUP,
                                      status="active")
    author, = _members(group, 1, date(2025, 1, 3))
    agent = UserFactory()
    common = {"initiative": group, "municipality": municipality, "wijk": wijk, "author": author,
              "place": "Markt", "category": "suspicious", "behaviour": "Voelde aan autodeuren."}
    acted = Signal.objects.create(observed_at=at(date(2025, 3, 2)), submitted_at=at(date(2025, 3, 2)),
                                  lat=51.8449, lon=5.8621, **common)
    Signal.objects.create(observed_at=at(date(2025, 3, 9)), submitted_at=at(date(2025, 3, 9)), **common)
    Feedback.objects.create(signal=acted, author=agent, kind="action", body="Agent ging langs.",
                            created_at=at(date(2025, 3, 2), 22))
    aggregation.refresh_months(municipality=municipality, first=date(2025, 3, 1), last=date(2025, 3, 1),
                               today=date(2025, 5, 1), warn=False)
    row = TeamMonth.objects.get(initiative=group, month=date(2025, 3, 1))
    assert (row.signals, row.led_to_action) == (2, 1)
    assert WijkMonth.objects.get(wijk=wijk, month=date(2025, 3, 1)).signals == 2

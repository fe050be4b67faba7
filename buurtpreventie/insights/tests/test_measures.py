"""Each measure of docs/measures.md on hand-made rows (no database)."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from buurtpreventie.engagement.rhythm import add_months
from buurtpreventie.insights import measures
from buurtpreventie.insights.models import TeamMonth


def row(month: date, **kw: object) -> TeamMonth:
    base: dict[str, object] = dict(
        month=month, is_app_group=False, reports=10, signals=0, with_route_and_times=8, quality_sum=700,
        led_to_action=2, answered=6, feedback_minutes=[60, 120, 180, 240, 600, 6000], rounds_walked=10,
        observations=3, rounds_planned=10, walkers_total=25, unfilled_rounds=0, members_joined=0, members_left=0,
        members_end=12, days_since_contact=10, contact_overdue=False, days_since_appreciation=20,
    )
    base.update(kw)
    r = TeamMonth(**base)  # type: ignore[arg-type]
    r.activity_index = measures.activity_index(measures.figures_of(r), baseline_walked=10, baseline_filed=10,
                                               appreciation_days=90)
    return r


def months(n: int, last: date = date(2025, 10, 1)) -> list[date]:
    return measures.months_between(add_months(last, -(n - 1)), last)


def test_usefulness_from_summed_rows() -> None:
    t = measures.totals([row(date(2025, 1, 1)), row(date(2025, 2, 1), reports=5, with_route_and_times=1,
                                                     quality_sum=200, led_to_action=0, answered=1,
                                                     feedback_minutes=[30], signals=5)])
    assert (t.reports, t.signals, t.with_route_and_times, t.answered) == (15, 5, 9, 7)
    u = measures.usefulness(t, promise_days=1)
    assert u.filed == 20
    assert u.route_and_times_pct == 60.0  # 9 of 15 reports
    assert u.quality_mean == 60.0  # 900 / 15
    assert u.action_pct == 10.0  # 2 of 20 filed
    assert u.median_feedback_hours == 3.0  # median of 30,60,120,180,240,600,6000 min = 180 min
    assert u.never_answered_pct == 65.0  # 13 of 20 never got feedback
    assert u.answered_within_pct == 30.0  # 6 of 20 within a day (6000 min is later)


def test_usefulness_without_anything_is_unknown_not_zero() -> None:
    u = measures.usefulness(measures.Totals())
    assert u.filed == 0 and u.route_and_times_pct is None and u.median_feedback_hours is None


def test_activity_index_components() -> None:
    steady = row(date(2025, 1, 1))
    assert steady.activity_index == 100  # all rounds walked, 2.5 walkers, reports, contact, appreciation
    weak = row(date(2025, 1, 1), rounds_walked=3, walkers_total=3, reports=1, unfilled_rounds=5, members_left=3,
               members_end=9, contact_overdue=True, days_since_appreciation=200)
    parts = measures.index_components(measures.figures_of(weak), baseline_walked=10, baseline_filed=10,
                                      appreciation_days=90)
    assert parts == {"rounds": 0.3, "walkers": 0.5, "reports": 1 / 3, "roster": 0.5, "members": 0.75,
                     "contact": 0.0, "appreciation": 0.0}
    # 30*.3 + 15*.5 + 15/3 + 10*.5 + 10*.75 = 34
    assert weak.activity_index == 34


def test_activity_index_compares_with_own_history() -> None:
    # Fewer rounds planned does not hide the decline: the reference is the team's own average.
    m = measures.figures_of(row(date(2025, 1, 1), rounds_planned=3, rounds_walked=3, walkers_total=6))
    assert measures.index_components(m, baseline_walked=11, baseline_filed=10, appreciation_days=90)["rounds"] == 3 / 11


def test_app_group_index_counts_signals() -> None:
    m = measures.figures_of(row(date(2025, 1, 1), is_app_group=True, reports=0, signals=4, rounds_planned=0,
                                rounds_walked=0, walkers_total=0))
    assert measures.activity_index(m, baseline_walked=0, baseline_filed=8, appreciation_days=90) == 75
    assert measures.activity_index(m, baseline_walked=0, baseline_filed=4, appreciation_days=90) == 100
    # a group that never filed anything is judged on members, contact and appreciation only
    silent = measures.figures_of(row(date(2025, 1, 1), is_app_group=True, reports=0, signals=0, contact_overdue=True))
    assert measures.index_components(silent, baseline_walked=0, baseline_filed=0, appreciation_days=90) == {
        "members": 1.0, "contact": 0.0, "appreciation": 1.0}
    assert measures.activity_index(silent, baseline_walked=0, baseline_filed=0, appreciation_days=90) == 70


def test_early_warning_fires_with_reasons_on_a_declining_team() -> None:
    walked = [12, 12, 12, 12, 11, 12, 11, 9, 3]
    history = []
    for i, (m, n) in enumerate(zip(months(len(walked)), walked, strict=True)):
        history.append((m, row(m, rounds_walked=n, rounds_planned=11, walkers_total=n * 2,
                                members_left=2 if i == len(walked) - 1 else 0,
                                contact_overdue=i >= 5, days_since_contact=30 * (i - 1) if i >= 5 else 10,
                                reports=n)))
    for m, r in history:  # the index as the aggregation computes it: against the months before
        before = [x for mm, x in history if mm < m][-6:]
        r.activity_index = measures.activity_index(
            measures.figures_of(r), baseline_walked=measures.baseline([x.rounds_walked for x in before]),
            baseline_filed=measures.baseline([x.reports for x in before]), appreciation_days=90)
    found = measures.early_warning(history, threshold=40, falling_months=3, checkin_months=1, appreciation_days=90)
    assert found is not None and found.rule == "falling"
    codes = [r["code"] for r in found.reasons]
    assert codes[:2] == ["rounds", "filed"] and "left" in codes and "contact" in codes
    with translation.override("nl"):
        text = measures.reasons_text(found.reasons)
    assert "3 rondes in oktober tegen 11 gemiddeld" in text
    assert "2 leden gestopt" in text
    assert "7 maanden geen contact met de wijkagent of gemeente" in text
    with translation.override("en"):
        assert "3 rounds in October against 11 on average" in measures.reasons_text(found.reasons)


def test_no_warning_on_a_steady_team() -> None:
    history = [(m, row(m, rounds_walked=10 + (i % 2), rounds_planned=11, walkers_total=22))
               for i, m in enumerate(months(12))]
    assert measures.early_warning(history, threshold=40, falling_months=3, checkin_months=1,
                                  appreciation_days=90) is None


def test_warning_below_threshold_and_small_wobbles_do_not_count_as_falling() -> None:
    low = [(m, row(m, rounds_walked=2, walkers_total=2, reports=0, contact_overdue=True, days_since_appreciation=None))
           for m in months(3)]
    found = measures.early_warning(low, threshold=40, falling_months=3, checkin_months=1, appreciation_days=90)
    assert found is not None and found.rule == "below_threshold"
    wobble = [(m, row(m)) for m in months(4)]
    for (_m, r), idx in zip(wobble, [90, 89, 88, 87], strict=True):
        r.activity_index = idx
    assert measures.early_warning(wobble, threshold=40, falling_months=3, checkin_months=1,
                                  appreciation_days=90) is None  # fell 3 points in all: noise


def test_coverage_of_a_wijk() -> None:
    c = measures.coverage(wijk_id=1, name="Oost", teams=1, app_groups=0, walkers=20, inhabitants=10_000,
                          rounds_walked=50, crimes=400, crime_per_1000=None)
    assert c.covered and c.inhabitants_per_walker == 500 and c.rounds_per_1000 == 5.0 and c.crime_per_1000 == 40.0
    empty = measures.coverage(wijk_id=2, name="West", teams=0, app_groups=0, walkers=0, inhabitants=None,
                              rounds_walked=0, crimes=None, crime_per_1000=None)
    assert not empty.covered and empty.inhabitants_per_walker is None and empty.crime_per_1000 is None


def test_month_helpers() -> None:
    assert measures.month_end(date(2024, 2, 1)) == date(2024, 2, 29)
    assert measures.months_between(date(2024, 11, 15), date(2025, 1, 3)) == [
        date(2024, 11, 1), date(2024, 12, 1), date(2025, 1, 1)]

"""Builds the monthly aggregate rows (TeamMonth, WijkMonth, HotspotCell) and the early warnings.

`refresh_months(municipality=..., first=..., last=...)` rebuilds the rows of those months from
the raw data in a fixed number of grouped queries (not one per team), then judges the last
complete month for early warnings. The command `refresh_insights` runs it (scheduler: hourly for
the current and previous month; `--all` rebuilds everything).

Every kind of raw data is one *source*: a function in `SOURCES` that reads its rows for the
window and feeds them to the `Accumulator`. Signals from app groups (issue 12) are one more
source (`add_app_group_signals`). See docs/measures.md, "Adding a source".
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils import timezone

from buurtpreventie.areas.models import Municipality
from buurtpreventie.engagement.models import Appreciation, ContactLog
from buurtpreventie.engagement.rhythm import add_months, local_date
from buurtpreventie.engagement.selectors import WORKING_STATUSES, rhythm_for
from buurtpreventie.feedback.models import Feedback
from buurtpreventie.initiatives.models import Initiative, InitiativeKind, Membership
from buurtpreventie.patrols.models import Defect, ForwardState, Observation, PatrolReport, Round, RoundStatus

from . import measures
from .models import EarlyWarning, HotspotCell, InsightSettings, MunicipalityMonth, TeamMonth, WijkMonth

ACTION_FEEDBACK_KINDS = ("action", "arrest")  # "actie ondernomen", "aanhouding"
CELL_LAT = 0.0025  # ~280 m
CELL_LON = 0.004  # ~270 m at 52° N
HISTORY_MONTHS = 12  # months read before a window: the baseline and the falling rule look back
WALKED_STATUSES = (RoundStatus.RUNNING, RoundStatus.ENDED)


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class Window:
    municipality: Municipality
    first: date  # first month
    last: date  # last month (inclusive)

    @property
    def start(self) -> datetime:
        return _aware(self.first)

    @property
    def end(self) -> datetime:
        return _aware(add_months(self.last, 1))

    def month_of(self, moment: datetime) -> date:
        return measures.month_start(local_date(moment))


def _counts() -> dict[str, Any]:
    return defaultdict(int, feedback_minutes=[])


@dataclass
class Accumulator:
    """Counters per (initiative, month), (wijk, month) and hotspot cell, filled by the sources."""

    window: Window
    team: dict[tuple[int, date], dict[str, Any]] = field(default_factory=lambda: defaultdict(_counts))
    wijk: dict[tuple[int, date], dict[str, Any]] = field(default_factory=lambda: defaultdict(_counts))
    cells: dict[tuple[int | None, date, str, float, float], int] = field(default_factory=lambda: defaultdict(int))
    # per-team facts the continuity measures need at each month's end
    memberships: list[tuple[int, date, date | None]] = field(default_factory=list)
    contacts: dict[int, list[date]] = field(default_factory=lambda: defaultdict(list))
    appreciations: dict[int, list[date]] = field(default_factory=lambda: defaultdict(list))

    def _both(self, initiative_id: int | None, wijk_id: int | None, month: date) -> list[dict[str, Any]]:
        out = []
        if initiative_id is not None:
            out.append(self.team[(initiative_id, month)])
        if wijk_id is not None:
            out.append(self.wijk[(wijk_id, month)])
        return out

    def _filed(self, counts: dict[str, Any], *, at: datetime, led_to_action: bool,
               first_feedback_at: datetime | None) -> None:
        if led_to_action:
            counts["led_to_action"] += 1
        if first_feedback_at is not None:
            counts["answered"] += 1
            counts["feedback_minutes"].append(max(0, int((first_feedback_at - at).total_seconds() // 60)))

    def add_report(self, *, initiative_id: int, wijk_id: int | None, at: datetime, route_and_times: bool,
                   quality: int, led_to_action: bool, first_feedback_at: datetime | None, observations: int) -> None:
        for c in self._both(initiative_id, wijk_id, self.window.month_of(at)):
            c["reports"] += 1
            c["with_route_and_times"] += int(route_and_times)
            c["quality_sum"] += quality
            c["observations"] += observations
            self._filed(c, at=at, led_to_action=led_to_action, first_feedback_at=first_feedback_at)

    def add_signal(self, *, initiative_id: int | None, wijk_id: int | None, at: datetime, led_to_action: bool,
                   first_feedback_at: datetime | None, lat: float | None = None, lon: float | None = None) -> None:
        """One signal from an app group (issue 12). Counts like a report without route or quality."""
        month = self.window.month_of(at)
        for c in self._both(initiative_id, wijk_id, month):
            c["signals"] += 1
            self._filed(c, at=at, led_to_action=led_to_action, first_feedback_at=first_feedback_at)
        if lat is not None and lon is not None:
            self.add_point(kind="signal", wijk_id=wijk_id, month=month, lat=lat, lon=lon)

    def add_point(self, *, kind: str, wijk_id: int | None, month: date, lat: float, lon: float) -> None:
        cell = (round((lat // CELL_LAT) * CELL_LAT + CELL_LAT / 2, 5),
                round((lon // CELL_LON) * CELL_LON + CELL_LON / 2, 5))
        self.cells[(wijk_id, month, kind, cell[0], cell[1])] += 1

    def add_round(self, *, initiative_id: int, wijk_id: int | None, planned_start: datetime, walked: bool,
                  walkers: int, minimum: int) -> None:
        month = self.window.month_of(planned_start)
        t = self.team[(initiative_id, month)]
        t["rounds_planned"] += 1
        if walkers < minimum:
            t["unfilled_rounds"] += 1
        if walked:
            t["rounds_walked"] += 1
            t["walkers_total"] += walkers
            if wijk_id is not None:
                self.wijk[(wijk_id, month)]["rounds_walked"] += 1


# --- Sources ------------------------------------------------------------------------------------


def add_patrol_reports(acc: Accumulator) -> None:
    w = acc.window
    action = Exists(Feedback.objects.filter(report=OuterRef("pk"), kind__in=ACTION_FEEDBACK_KINDS))
    handled = Exists(Defect.objects.filter(report=OuterRef("pk"), forward_state=ForwardState.SENT, is_open=False))
    rows = (PatrolReport.objects.filter(municipality=w.municipality, submitted_at__gte=w.start,
                                        submitted_at__lt=w.end)
            .annotate(first_feedback=Min("feedback__created_at"), action=action, handled=handled)
            .values_list("initiative_id", "wijk_id", "submitted_at", "started_at", "ended_at", "route_streets",
                         "quality_score", "first_feedback", "action", "handled", "observation_count"))
    for initiative_id, wijk_id, at, started, ended, route, quality, first, act, done, obs in rows.iterator(2000):
        acc.add_report(initiative_id=initiative_id, wijk_id=wijk_id, at=at,
                       route_and_times=bool(route and started and ended), quality=quality,
                       led_to_action=bool(act or done), first_feedback_at=first, observations=obs)
    points = (Observation.objects.filter(report__municipality=w.municipality, report__submitted_at__gte=w.start,
                                         report__submitted_at__lt=w.end, lat__isnull=False, lon__isnull=False)
              .values_list("report__wijk_id", "report__submitted_at", "lat", "lon"))
    for wijk_id, at, lat, lon in points.iterator(2000):
        if lat is None or lon is None:
            continue
        acc.add_point(kind="observation", wijk_id=wijk_id, month=w.month_of(at), lat=lat, lon=lon)


def add_rounds(acc: Accumulator) -> None:
    w = acc.window
    rows = (Round.objects.filter(initiative__municipality=w.municipality, planned_start__gte=w.start,
                                 planned_start__lt=w.end)
            .annotate(walkers=Count("participants", filter=Q(participants__cancelled_at__isnull=True)))
            .values_list("initiative_id", "wijk_id", "planned_start", "status", "walkers", "minimum_walkers"))
    for initiative_id, wijk_id, planned, status, walkers, minimum in rows.iterator(2000):
        acc.add_round(initiative_id=initiative_id, wijk_id=wijk_id, planned_start=planned,
                      walked=status in WALKED_STATUSES, walkers=walkers, minimum=minimum)


def add_memberships(acc: Accumulator) -> None:
    acc.memberships.extend(
        Membership.objects.filter(initiative__municipality=acc.window.municipality)
        .values_list("initiative_id", "joined_on", "left_on"))


def add_contacts(acc: Accumulator) -> None:
    for initiative_id, at in (ContactLog.objects.filter(municipality=acc.window.municipality)
                              .values_list("initiative_id", "occurred_at").order_by("occurred_at")):
        acc.contacts[initiative_id].append(local_date(at))


def add_appreciation(acc: Accumulator) -> None:
    for initiative_id, day in (Appreciation.objects.filter(initiative__municipality=acc.window.municipality)
                               .values_list("initiative_id", "occurred_on").order_by("occurred_on")):
        acc.appreciations[initiative_id].append(day)


def add_app_group_signals(acc: Accumulator) -> None:
    """Signals of app groups and of team members outside a round (issue 12): counted like a report
    without route or quality; led to action when feedback said so or its defect was handled."""
    from buurtpreventie.signals.models import Signal

    w = acc.window
    action = Exists(Feedback.objects.filter(signal=OuterRef("pk"), kind__in=ACTION_FEEDBACK_KINDS))
    handled = Exists(Defect.objects.filter(signal=OuterRef("pk"), forward_state=ForwardState.SENT, is_open=False))
    rows = (Signal.objects.filter(municipality=w.municipality, submitted_at__gte=w.start, submitted_at__lt=w.end)
            .annotate(first_feedback=Min("feedback__created_at"), action=action, handled=handled)
            .values_list("initiative_id", "wijk_id", "submitted_at", "first_feedback", "action", "handled",
                         "lat", "lon"))
    for initiative_id, wijk_id, at, first, act, done, lat, lon in rows.iterator(2000):
        acc.add_signal(initiative_id=initiative_id, wijk_id=wijk_id, at=at, led_to_action=bool(act or done),
                       first_feedback_at=first, lat=lat, lon=lon)


SOURCES: list[Callable[[Accumulator], None]] = [
    add_patrol_reports, add_rounds, add_memberships, add_contacts, add_appreciation, add_app_group_signals,
]


# --- Building rows ------------------------------------------------------------------------------


def _days_since(days: list[date], until: date) -> int | None:
    i = bisect.bisect_right(days, until)
    return (until - days[i - 1]).days if i else None


def _team_start(team: Initiative, memberships: list[tuple[int, date, date | None]]) -> date:
    joined = [j for i, j, _l in memberships if i == team.pk]
    first = min([local_date(team.created_at), *joined])
    return measures.month_start(first)


def refresh_months(*, municipality: Municipality, first: date, last: date, today: date | None = None,
                   warn: bool = True) -> int:
    """Rebuild the rows of `municipality` for the months first..last; returns the team rows written."""
    today = today or local_date(timezone.now())
    first, last = measures.month_start(first), measures.month_start(last)
    window = Window(municipality, first, last)
    acc = Accumulator(window)
    for source in SOURCES:
        source(acc)
    rhythm = rhythm_for(municipality)
    teams = list(Initiative.objects.filter(municipality=municipality).filter(
        Q(status__in=WORKING_STATUSES) | Q(pk__in={k[0] for k in acc.team})))
    months = measures.months_between(first, last)
    # The index compares with the team's own months before: read those already stored.
    history: dict[int, list[TeamMonth]] = defaultdict(list)
    for row in TeamMonth.objects.filter(municipality=municipality, month__gte=add_months(first, -HISTORY_MONTHS),
                                        month__lt=first).order_by("month"):
        history[row.initiative_id].append(row)
    members_by_team: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for i, joined, left in acc.memberships:
        members_by_team[i].append((joined, left))
    now = timezone.now()
    team_rows: list[TeamMonth] = []
    for team in teams:
        start = _team_start(team, acc.memberships)
        for month in months:
            if month < start or month > measures.month_start(today):
                continue
            end = min(measures.month_end(month), today)
            c = acc.team.get((team.pk, month)) or _counts()
            mems = members_by_team.get(team.pk, [])
            row = TeamMonth(
                municipality=municipality, initiative=team, month=month,
                is_app_group=team.kind == InitiativeKind.APP_GROUP, updated_at=now,
                **{k: c[k] for k in measures.SUMMED}, feedback_minutes=sorted(c["feedback_minutes"]),
                **{k: c[k] for k in measures.TEAM_SUMMED},
                members_end=sum(1 for j, lft in mems if j <= end and (lft is None or lft > end)),
                days_since_contact=_days_since(acc.contacts.get(team.pk, []), end),
                days_since_appreciation=_days_since(acc.appreciations.get(team.pk, []), end),
            )
            row.members_joined = sum(1 for j, _l in mems if month <= j <= end)
            row.members_left = sum(1 for _j, lft in mems if lft is not None and month <= lft <= end)
            last_contact = acc.contacts.get(team.pk, [])
            i = bisect.bisect_right(last_contact, end)
            since = last_contact[i - 1] if i else start
            row.contact_overdue = add_months(since, rhythm.checkin_months) < end
            before = history[team.pk][-measures.BASELINE_MONTHS:]
            row.activity_index = measures.activity_index(
                measures.figures_of(row),
                baseline_walked=measures.baseline([r.rounds_walked for r in before]),
                baseline_filed=measures.baseline([r.reports + r.signals for r in before]),
                appreciation_days=rhythm.appreciation_days)
            history[team.pk].append(row)
            team_rows.append(row)
    wijk_rows = [
        WijkMonth(municipality=municipality, wijk_id=wijk_id, month=month, updated_at=now,
                  **{k: c[k] for k in measures.SUMMED}, feedback_minutes=sorted(c["feedback_minutes"]))
        for (wijk_id, month), c in acc.wijk.items()
    ]
    muni: dict[date, dict[str, Any]] = defaultdict(_counts)
    for (_team_id, month), c in acc.team.items():
        m = muni[month]
        for k in measures.SUMMED:
            m[k] += c[k]
        m["feedback_minutes"].extend(c["feedback_minutes"])
    muni_rows = [MunicipalityMonth(municipality=municipality, month=month, updated_at=now,
                                   **{k: c[k] for k in measures.SUMMED}, feedback_minutes=sorted(c["feedback_minutes"]))
                 for month, c in muni.items()]
    cells = [HotspotCell(municipality=municipality, wijk_id=wijk_id, month=month, kind=kind, cell_lat=la, cell_lon=lo,
                         count=n) for (wijk_id, month, kind, la, lo), n in acc.cells.items()]
    with transaction.atomic():
        TeamMonth.objects.filter(municipality=municipality, month__gte=first, month__lte=last).delete()
        WijkMonth.objects.filter(municipality=municipality, month__gte=first, month__lte=last).delete()
        HotspotCell.objects.filter(municipality=municipality, month__gte=first, month__lte=last).delete()
        MunicipalityMonth.objects.filter(municipality=municipality, month__gte=first, month__lte=last).delete()
        MunicipalityMonth.objects.bulk_create(muni_rows, batch_size=1000)
        TeamMonth.objects.bulk_create(team_rows, batch_size=1000)
        WijkMonth.objects.bulk_create(wijk_rows, batch_size=1000)
        HotspotCell.objects.bulk_create(cells, batch_size=1000)
    if warn:
        judged = add_months(measures.month_start(today), -1)  # the last complete month
        if first <= judged <= last:
            raise_warnings(municipality=municipality, month=judged, history=history)
    return len(team_rows)


def settings_for(municipality: Municipality) -> InsightSettings:
    return (InsightSettings.objects.filter(municipality=municipality).first()
            or InsightSettings(municipality=municipality))


def raise_warnings(*, municipality: Municipality, month: date, history: dict[int, list[TeamMonth]]
                   ) -> list[EarlyWarning]:
    """Judge `month` for every team; a new warning marks the team at risk with its reasons (F2)."""
    from django.utils import translation

    from buurtpreventie.initiatives.services import initiative_at_risk_signal

    conf = settings_for(municipality)
    rhythm = rhythm_for(municipality)
    existing = set(EarlyWarning.objects.filter(municipality=municipality, month=month)
                   .values_list("initiative_id", flat=True))
    created = []
    for initiative_id, rows in history.items():
        rows = [r for r in rows if r.month <= month]
        if not rows or rows[-1].month != month or initiative_id in existing:
            continue
        found = measures.early_warning([(r.month, r) for r in rows], threshold=conf.warning_threshold,
                                       falling_months=conf.falling_months, checkin_months=rhythm.checkin_months,
                                       appreciation_days=rhythm.appreciation_days)
        if found is None:
            continue
        warning = EarlyWarning.objects.create(municipality=municipality, initiative_id=initiative_id, month=month,
                                              activity_index=found.index, rule=found.rule, reasons=found.reasons)
        created.append(warning)
        with translation.override("nl"):  # history is stored in Dutch, the source language
            text = measures.reasons_text(found.reasons) or measures.month_label(month)
        initiative_at_risk_signal(initiative=rows[-1].initiative, reasons=text,
                                  index=found.index, month=measures.month_label(month))
    return created


def refresh_recent(*, municipality: Municipality, months: int = 2, today: date | None = None) -> int:
    today = today or local_date(timezone.now())
    current = measures.month_start(today)
    return refresh_months(municipality=municipality, first=add_months(current, -(months - 1)), last=current,
                          today=today)


def refresh_all(*, municipality: Municipality, today: date | None = None) -> int:
    today = today or local_date(timezone.now())
    first_report = PatrolReport.objects.filter(municipality=municipality).aggregate(m=Min("submitted_at"))["m"]
    first_team = Initiative.objects.filter(municipality=municipality).aggregate(m=Min("created_at"))["m"]
    first_member = Membership.objects.filter(initiative__municipality=municipality).aggregate(m=Min("joined_on"))["m"]
    candidates = [local_date(d) for d in (first_report, first_team) if d] + ([first_member] if first_member else [])
    first = min(candidates) if candidates else today
    total = 0
    # Month by month so each month's index sees the months before it.
    for month in measures.months_between(first, today):
        total += refresh_months(municipality=municipality, first=month, last=month, today=today,
                                warn=month == add_months(measures.month_start(today), -1))
    return total


def refresh_recent_everywhere() -> int:
    """The scheduler's hourly job: the current and previous month of every municipality."""
    return sum(refresh_recent(municipality=m) for m in Municipality.objects.all())

"""The measures of docs/measures.md, each defined once, as pure functions over aggregate rows.

Nothing here queries the database: the aggregation (`aggregation.py`) fills the monthly rows, the
selectors pick rows by scope and period, and these functions turn rows into figures. The tests in
`tests/test_measures.py` feed hand-made rows.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from buurtpreventie.engagement.rhythm import add_months

SUMMED = ("reports", "signals", "with_route_and_times", "quality_sum", "led_to_action", "answered",
          "rounds_walked", "observations")
TEAM_SUMMED = ("rounds_planned", "walkers_total", "unfilled_rounds", "members_joined", "members_left")

BASELINE_MONTHS = 6  # the team's own average is taken over this many months before the month judged
INDEX_WEIGHTS_TEAM = {"rounds": 30, "walkers": 15, "reports": 15, "roster": 10, "members": 10, "contact": 10,
                      "appreciation": 10}
INDEX_WEIGHTS_APP_GROUP = {"signals": 50, "members": 20, "contact": 15, "appreciation": 15}
FALLING_MIN_DROP = 10  # a fall over N months only warns when it lost at least this many points


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(month: date) -> date:
    """Last day of the month that starts on `month`."""
    return add_months(month_start(month), 1) - timedelta(days=1)


def months_between(first: date, last: date) -> list[date]:
    """First days of the months from `first` up to and including `last`."""
    out: list[date] = []
    m = month_start(first)
    while m <= last:
        out.append(m)
        m = add_months(m, 1)
    return out


def month_label(month: date) -> str:
    return f"{MONTHS[month.month]} {month.year}"


# --- Usefulness (F23) ---------------------------------------------------------------------------


@dataclass
class Totals:
    """Counters of any set of monthly rows added up."""

    reports: int = 0
    signals: int = 0
    with_route_and_times: int = 0
    quality_sum: int = 0
    led_to_action: int = 0
    answered: int = 0
    rounds_walked: int = 0
    observations: int = 0
    feedback_minutes: list[int] = field(default_factory=list)

    def add(self, row: Any) -> None:
        for name in SUMMED:
            setattr(self, name, getattr(self, name) + (getattr(row, name) or 0))
        self.feedback_minutes.extend(getattr(row, "feedback_minutes", None) or [])


def totals(rows: Iterable[Any]) -> Totals:
    t = Totals()
    for row in rows:
        t.add(row)
    return t


def _share(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


@dataclass
class Usefulness:
    filed: int  # reports + signals
    reports: int
    signals: int
    route_and_times_pct: float | None  # of reports
    quality_mean: float | None  # of reports
    action_pct: float | None  # of reports + signals
    median_feedback_hours: float | None
    never_answered_pct: float | None  # of reports + signals
    answered_within_pct: float | None = None  # within the promised days, when asked


def usefulness(t: Totals, *, promise_days: int | None = None) -> Usefulness:
    """F23: what was filed and what became of it (docs/measures.md, "Usefulness")."""
    filed = t.reports + t.signals
    median = round(statistics.median(t.feedback_minutes) / 60, 1) if t.feedback_minutes else None
    within = None
    if promise_days is not None and filed:
        within = _share(sum(1 for m in t.feedback_minutes if m <= promise_days * 1440), filed)
    return Usefulness(
        filed=filed, reports=t.reports, signals=t.signals,
        route_and_times_pct=_share(t.with_route_and_times, t.reports),
        quality_mean=round(t.quality_sum / t.reports, 1) if t.reports else None,
        action_pct=_share(t.led_to_action, filed),
        median_feedback_hours=median,
        never_answered_pct=_share(filed - t.answered, filed),
        answered_within_pct=within,
    )


# --- Continuity (F24) ---------------------------------------------------------------------------


@dataclass
class MonthFigures:
    """One team-month as the index sees it (a TeamMonth row or a row being built)."""

    is_app_group: bool
    reports: int
    signals: int
    rounds_planned: int
    rounds_walked: int
    walkers_total: int
    unfilled_rounds: int
    members_joined: int
    members_left: int
    members_end: int
    contact_overdue: bool
    days_since_appreciation: int | None


def figures_of(row: Any) -> MonthFigures:
    return MonthFigures(**{f: getattr(row, f) for f in MonthFigures.__dataclass_fields__})


def baseline(values: Sequence[float]) -> float:
    """The team's own average over the months before (0 without history)."""
    return sum(values) / len(values) if values else 0.0


def index_components(m: MonthFigures, *, baseline_walked: float, baseline_filed: float,
                     appreciation_days: int) -> dict[str, float]:
    """Each component between 0 and 1 (docs/measures.md, "Activity index")."""
    filed = m.reports + m.signals
    members_start = max(1, m.members_end - m.members_joined + m.members_left)
    common = {
        "members": max(0.0, 1 - m.members_left / members_start),
        "contact": 0.0 if m.contact_overdue else 1.0,
        "appreciation": 1.0 if (m.days_since_appreciation is not None
                                and m.days_since_appreciation <= appreciation_days) else 0.0,
    }
    if m.is_app_group:
        if not filed and not baseline_filed:
            return common  # nothing filed ever: no data is not zero activity (signals not counted yet)
        return {"signals": min(1.0, filed / max(1.0, baseline_filed)), **common}
    reference = max(m.rounds_planned, baseline_walked, 1)
    return {
        "rounds": min(1.0, m.rounds_walked / reference),
        "walkers": min(1.0, m.walkers_total / m.rounds_walked / 2) if m.rounds_walked else 0.0,
        "reports": min(1.0, filed / m.rounds_walked) if m.rounds_walked else (1.0 if filed else 0.0),
        "roster": 1 - min(1.0, m.unfilled_rounds / m.rounds_planned) if m.rounds_planned else 0.0,
        **common,
    }


def activity_index(m: MonthFigures, *, baseline_walked: float, baseline_filed: float,
                   appreciation_days: int) -> int:
    """0-100: the weighted components of one team-month."""
    parts = index_components(m, baseline_walked=baseline_walked, baseline_filed=baseline_filed,
                             appreciation_days=appreciation_days)
    weights = INDEX_WEIGHTS_APP_GROUP if m.is_app_group else INDEX_WEIGHTS_TEAM
    return round(sum(weights[k] * v for k, v in parts.items()) * 100 / sum(weights[k] for k in parts))


@dataclass
class Warning:
    rule: str  # below_threshold | falling
    index: int
    reasons: list[dict[str, Any]]


def early_warning(history: Sequence[tuple[date, Any]], *, threshold: int, falling_months: int,
                  checkin_months: int, appreciation_days: int) -> Warning | None:
    """Judge the last month of a team's chronological (month, row) history (docs/measures.md).

    Fires when the last index is below `threshold`, or when it fell in each of the last
    `falling_months` months by at least FALLING_MIN_DROP points in all. The reasons compare the
    month with the team's own average over the BASELINE_MONTHS before it."""
    if not history:
        return None
    month, last = history[-1]
    indexes = [row.activity_index for _m, row in history]
    rule = ""
    if indexes[-1] < threshold:
        rule = "below_threshold"
    elif len(indexes) > falling_months:
        window = indexes[-(falling_months + 1):]
        if all(b < a for a, b in zip(window, window[1:], strict=False)) and window[0] - window[-1] >= FALLING_MIN_DROP:
            rule = "falling"
    if not rule:
        return None
    before = [row for _m, row in history[-(BASELINE_MONTHS + 1):-1]]
    recent = [row for _m, row in history[-max(1, falling_months):]]
    reasons: list[dict[str, Any]] = []
    avg_walked = baseline([r.rounds_walked for r in before])
    if not last.is_app_group and before and last.rounds_walked < 0.75 * avg_walked:
        reasons.append({"code": "rounds", "n": last.rounds_walked, "avg": round(avg_walked),
                        "month": month.isoformat()})
    avg_filed = baseline([r.reports + r.signals for r in before])
    if before and last.reports + last.signals < 0.5 * avg_filed:
        reasons.append({"code": "filed", "n": last.reports + last.signals, "avg": round(avg_filed),
                        "month": month.isoformat()})
    left = sum(r.members_left for r in recent)
    if left:
        reasons.append({"code": "left", "n": left, "months": len(recent)})
    if not last.is_app_group and last.rounds_planned and last.unfilled_rounds * 4 >= last.rounds_planned:
        reasons.append({"code": "unfilled", "n": last.unfilled_rounds, "of": last.rounds_planned})
    if not last.is_app_group and last.rounds_walked and last.walkers_total / last.rounds_walked < 2:
        reasons.append({"code": "walkers", "avg": round(last.walkers_total / last.rounds_walked, 1)})
    if last.contact_overdue:
        days = last.days_since_contact
        reasons.append({"code": "contact", "months": None if days is None else days // 30})
    if last.days_since_appreciation is None or last.days_since_appreciation > appreciation_days:
        days = last.days_since_appreciation
        reasons.append({"code": "appreciation", "months": None if days is None else days // 30})
    return Warning(rule=rule, index=indexes[-1], reasons=reasons)


def reason_text(reason: dict[str, Any]) -> str:
    """One reason of an early warning, in words (the reader's language)."""
    code = reason.get("code")
    if code == "rounds":
        return _("%(n)s rondes in %(month)s tegen %(avg)s gemiddeld") % {
            "n": reason["n"], "avg": reason["avg"], "month": MONTHS[date.fromisoformat(reason["month"]).month]}
    if code == "filed":
        return ngettext("%(n)s verslag of signaal in %(month)s tegen %(avg)s gemiddeld",
                        "%(n)s verslagen en signalen in %(month)s tegen %(avg)s gemiddeld", reason["n"]) % {
            "n": reason["n"], "avg": reason["avg"], "month": MONTHS[date.fromisoformat(reason["month"]).month]}
    if code == "left":
        return ngettext("%(n)s lid gestopt", "%(n)s leden gestopt", reason["n"]) % {"n": reason["n"]}
    if code == "unfilled":
        return _("%(n)s van %(of)s rondes niet voldoende bezet") % {"n": reason["n"], "of": reason["of"]}
    if code == "walkers":
        return _("gemiddeld %(avg)s lopers per ronde") % {"avg": str(reason["avg"]).replace(".", ",")}
    if code == "contact":
        if reason.get("months") is None:
            return _("nog nooit contact met de wijkagent of gemeente")
        return ngettext("%(n)s maand geen contact met de wijkagent of gemeente",
                        "%(n)s maanden geen contact met de wijkagent of gemeente",
                        reason["months"]) % {"n": reason["months"]}
    if code == "appreciation":
        if reason.get("months") is None:
            return _("nog nooit een blijk van waardering")
        return ngettext("%(n)s maand geen blijk van waardering", "%(n)s maanden geen blijk van waardering",
                        reason["months"]) % {"n": reason["months"]}
    return str(code)


def reasons_text(reasons: list[dict[str, Any]]) -> str:
    return "; ".join(reason_text(r) for r in reasons)


# --- Representativeness and coverage (F22) ------------------------------------------------------


@dataclass
class WijkCoverage:
    wijk_id: int
    name: str
    teams: int
    app_groups: int
    walkers: int
    inhabitants: int | None
    inhabitants_per_walker: int | None
    rounds_walked: int  # in the period
    rounds_per_1000: float | None
    crimes: int | None  # registered crime, last 12 months (CBS 47022NED)
    crime_per_1000: float | None

    @property
    def covered(self) -> bool:
        return bool(self.teams or self.app_groups)


def coverage(*, wijk_id: int, name: str, teams: int, app_groups: int, walkers: int, inhabitants: int | None,
             rounds_walked: int, crimes: int | None, crime_per_1000: float | None) -> WijkCoverage:
    """F22 coverage of one wijk (docs/measures.md, "Coverage")."""
    per_walker = round(inhabitants / walkers) if inhabitants and walkers else None
    per_1000 = round(rounds_walked * 1000 / inhabitants, 2) if inhabitants else None
    if crime_per_1000 is None and crimes is not None and inhabitants:
        crime_per_1000 = round(crimes * 1000 / inhabitants, 1)
    return WijkCoverage(wijk_id, name, teams, app_groups, walkers, inhabitants, per_walker, rounds_walked, per_1000,
                        crimes, crime_per_1000)

"""Scoped reads of the aggregate rows: the dashboard, the team view, commitments, goals, public summary.

Every read starts from `insight_scope` — the one function that decides whose figures a user
sees (switch it to the shared access layer there). Each function reads a fixed number of
queries whatever the number of teams (asserted in tests/test_queries.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from buurtpreventie.accounts.policies import has_capability, wijk_scope
from buurtpreventie.accounts.roles import Cap
from buurtpreventie.accounts.selectors import user_memberships
from buurtpreventie.areas.models import Municipality, Wijk
from buurtpreventie.engagement.models import BudgetRequest, BudgetRequestStatus, ContactKind, ContactLog
from buurtpreventie.engagement.rhythm import add_months, local_date
from buurtpreventie.engagement.selectors import WORKING_STATUSES, rhythm_for
from buurtpreventie.initiatives.models import Commitment, Initiative, InitiativeKind, Membership, PolicyGoal

from . import measures
from .aggregation import settings_for
from .models import EarlyWarning, HotspotCell, InsightSettings, MunicipalityMonth, TeamMonth, WijkMonth

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User

LEAD_ROLES = ("coordinator", "app_group_admin")
PERIODS = (3, 6, 12, 24, 60)
HOTSPOT_MIN = 3  # cells with fewer points in the period are not shown


# --- Scope: the one place ----------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    municipality: Municipality
    staff: bool  # a professional who may see insights: every team (in their wijken)
    wijk_ids: frozenset[int] | None  # staff: None = the whole municipality
    own_team_ids: frozenset[int] = frozenset()  # coordinators/admins: only these teams

    def sees_team(self, team_id: int, team_wijken: set[int]) -> bool:
        if self.staff:
            return self.wijk_ids is None or bool(self.wijk_ids & team_wijken)
        return team_id in self.own_team_ids

    def sees_wijk(self, wijk_id: int) -> bool:
        return self.staff and (self.wijk_ids is None or wijk_id in self.wijk_ids)


def insight_scope(*, user: User, municipality: Municipality) -> Scope:
    """Whose figures `user` sees in `municipality`; PermissionDenied when none.

    Professionals with the insights capability see every team of their (wijk-)scope; a
    coordinator or app-group admin sees only their own team, beside the municipality's
    average (never another team's figures)."""
    if has_capability(user, Cap.VIEW_INSIGHTS, municipality_id=municipality.pk):
        wijken = wijk_scope(user, Cap.VIEW_INSIGHTS, municipality_id=municipality.pk)
        return Scope(municipality, True, None if wijken is None else frozenset(wijken))
    own = frozenset(m.initiative_id for m in user_memberships(user=user)
                    if m.role in LEAD_ROLES and m.initiative.municipality_id == municipality.pk)
    if own:
        return Scope(municipality, False, frozenset(), own)
    raise PermissionDenied


def municipalities_for(*, user: User) -> list[Municipality]:
    """Municipalities where the user sees any insight (for the municipality switch)."""
    from buurtpreventie.accounts.policies import municipality_ids_with

    ids = set(municipality_ids_with(user, Cap.VIEW_INSIGHTS))
    ids |= {m.initiative.municipality_id for m in user_memberships(user=user) if m.role in LEAD_ROLES}
    return list(Municipality.objects.filter(pk__in=ids).order_by("name"))


# --- Charts and tables ---------------------------------------------------------------------------


@dataclass
class Table:
    """A chart's data and its table alternative (and CSV): same columns, same rows."""

    id: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    chart: dict[str, Any] | None = None
    note: str = ""

    def body_html(self) -> str:
        """The table's rows as HTML (built here: a template loop per cell costs more than the data)."""
        out = []
        for row in self.rows:
            cells = [f'<th scope="row">{escape(str(row[0]))}</th>']
            cells += [f'<td class="num">{_cell(v)}</td>' for v in row[1:]]
            out.append("<tr>" + "".join(cells) + "</tr>")
        return mark_safe("".join(out))  # noqa: S308 - every value is escaped above


def _cell(v: Any) -> str:
    """A table cell: whole numbers with the thousands separator of the active language (12.705)."""
    if v is None or v == "":
        return "–"
    if isinstance(v, int) and not isinstance(v, bool):
        return escape(formats.number_format(v, force_grouping=True))
    return escape(str(v))


def _pct(v: float | None) -> str:
    return "" if v is None else formats.number_format(v, decimal_pos=1)


def _num(v: float | None) -> str:
    if v is None:
        return ""
    x = float(f"{v:g}")
    return formats.number_format(int(x) if x.is_integer() else x, force_grouping=True)


@dataclass
class Period:
    first: date
    last: date
    months: list[date] = field(default_factory=list)

    @classmethod
    def last_months(cls, n: int, today: date | None = None) -> Period:
        today = today or local_date(timezone.now())
        last = measures.month_start(today)
        first = add_months(last, -(n - 1))
        return cls(first, last, measures.months_between(first, last))

    @classmethod
    def year(cls, year: int) -> Period:
        first, last = date(year, 1, 1), date(year, 12, 1)
        return cls(first, last, measures.months_between(first, last))


@dataclass
class TeamInfo:
    id: int
    name: str
    kind: str
    status: str
    at_risk: bool
    wijken: set[int]


def _teams(municipality: Municipality) -> dict[int, TeamInfo]:
    teams = {pk: TeamInfo(pk, name, kind, status, at_risk, set()) for pk, name, kind, status, at_risk in
             Initiative.objects.filter(municipality=municipality, status__in=WORKING_STATUSES)
             .order_by("name").values_list("pk", "name", "kind", "status", "at_risk")}
    for initiative_id, wijk_id in Initiative.wijken.through.objects.filter(
            initiative__municipality=municipality).values_list("initiative_id", "wijk_id"):
        if initiative_id in teams:
            teams[initiative_id].wijken.add(wijk_id)
    return teams


# What pages read of a TeamMonth: light named tuples, not model instances (thousands of rows at
# the size of Amsterdam; instantiating models cost more than everything else on the page).
# The feedback minutes (JSON) are read only for the rows whose usefulness is shown: decoding
# them for every team-month was the next largest cost.
ROW_FIELDS = ("initiative_id", "month", "is_app_group", *measures.SUMMED, *measures.TEAM_SUMMED,
              "members_end", "days_since_contact", "contact_overdue", "days_since_appreciation", "activity_index")
Row = Any  # a named tuple with ROW_FIELDS (and feedback_minutes when asked)


def team_rows(municipality: Municipality, first: date, last: date, *, minutes_for: set[int] | None = None
              ) -> list[Row]:
    """Team-months; with `minutes_for`, only those teams and with their feedback minutes."""
    qs = TeamMonth.objects.filter(municipality=municipality, month__gte=first, month__lte=last).order_by("month")
    if minutes_for is not None:
        return list(qs.filter(initiative_id__in=minutes_for).values_list(*ROW_FIELDS, "feedback_minutes",
                                                                          named=True))
    return list(qs.values_list(*ROW_FIELDS, named=True))


def municipality_rows(municipality: Municipality, first: date, last: date) -> list[Row]:
    """The municipality's months: every report and signal (usefulness at municipality level)."""
    return list(MunicipalityMonth.objects.filter(municipality=municipality, month__gte=first, month__lte=last)
                .order_by("month").values_list("month", *measures.SUMMED, "feedback_minutes", named=True))


def _team_rows(municipality: Municipality, period: Period) -> list[Row]:
    return team_rows(municipality, period.first, period.last)


def usefulness_table(table_id: str, title: str, period: Period, series: list[tuple[str, dict[date, list[Any]]]],
                     *, promise_days: int) -> Table:
    """Monthly usefulness of one or more series (e.g. this wijk and the municipality)."""
    columns = [_("Maand")]
    for name, _rows in series:
        columns += [f"{name}: " + _("verslagen en signalen"), f"{name}: " + _("% met route en tijden"),
                    f"{name}: " + _("gem. kwaliteit"), f"{name}: " + _("% leidde tot actie"),
                    f"{name}: " + _("mediaan uren tot terugkoppeling"), f"{name}: " + _("% nooit beantwoord")]
    rows = []
    datasets: dict[str, list[Any]] = defaultdict(list)
    for month in period.months:
        row: list[Any] = [month.strftime("%Y-%m")]
        for name, by_month in series:
            u = measures.usefulness(measures.totals(by_month.get(month, [])), promise_days=promise_days)
            row += [u.filed, _pct(u.route_and_times_pct), _num(u.quality_mean), _pct(u.action_pct),
                    _num(u.median_feedback_hours), _pct(u.never_answered_pct)]
            datasets[f"{name}: " + _("% leidde tot actie")].append(u.action_pct)
            datasets[f"{name}: " + _("% met route en tijden")].append(u.route_and_times_pct)
        rows.append(row)
    chart = {"type": "line", "labels": [m.strftime("%m-%Y") for m in period.months], "max": 100,
             "datasets": [{"label": k, "data": v} for k, v in datasets.items()]}
    return Table(table_id, title, columns, rows, chart)


def _by_month(rows: list[Any]) -> dict[date, list[Any]]:
    out: dict[date, list[Any]] = defaultdict(list)
    for r in rows:
        out[r.month].append(r)
    return out


def wijken_of(municipality: Municipality) -> list[dict[str, Any]]:
    return [dict(w) for w in Wijk.objects.filter(municipality=municipality).order_by("name").values(
        "pk", "name", "inhabitants", "crime_last_12_months", "crime_per_1000")]


def rounds_per_wijk(municipality: Municipality, first: date, last: date) -> dict[int, int]:
    return dict(WijkMonth.objects.filter(municipality=municipality, month__gte=first, month__lte=last)
                .values("wijk_id").annotate(n=Sum("rounds_walked")).values_list("wijk_id", "n"))


WIJK_FIELDS = ("wijk_id", "month", *measures.SUMMED, "feedback_minutes")


def coverage_of(*, teams: dict[int, TeamInfo], wijken: list[dict[str, Any]], rounds: dict[int, int]
                ) -> list[measures.WijkCoverage]:
    """F22 coverage per wijk: initiatives, active walkers, rounds in the rows' period, registered crime."""
    walkers: dict[int, int] = dict(
        Membership.objects.current().filter(initiative_id__in=list(teams)).values("initiative_id")
        .annotate(n=Count("user_id", distinct=True)).values_list("initiative_id", "n"))
    cov = []
    for w in wijken:
        in_wijk = [t for t in teams.values() if w["pk"] in t.wijken]
        cov.append(measures.coverage(
            wijk_id=w["pk"], name=w["name"], teams=sum(1 for t in in_wijk if t.kind == InitiativeKind.TEAM),
            app_groups=sum(1 for t in in_wijk if t.kind == InitiativeKind.APP_GROUP),
            walkers=sum(walkers.get(t.id, 0) for t in in_wijk if t.kind == InitiativeKind.TEAM),
            inhabitants=w["inhabitants"], rounds_walked=rounds.get(w["pk"], 0),
            crimes=w["crime_last_12_months"], crime_per_1000=w["crime_per_1000"]))
    return cov


# --- The municipality / wijk dashboard ----------------------------------------------------------


@dataclass
class TeamLine:
    team: TeamInfo
    index: int | None  # last complete month
    previous: int | None
    months_series: list[int | None]
    warning: EarlyWarning | None


def dashboard(*, scope: Scope, months: int = 12, wijk_id: int | None = None, today: date | None = None
              ) -> dict[str, Any]:
    """Everything on /inzicht/ for staff, in a fixed number of queries."""
    if not scope.staff:
        raise PermissionDenied
    if wijk_id is not None and not scope.sees_wijk(wijk_id):
        raise PermissionDenied
    municipality = scope.municipality
    today = today or local_date(timezone.now())
    period = Period.last_months(months, today)
    conf = settings_for(municipality)
    teams = _teams(municipality)
    wijken = wijken_of(municipality)
    visible_wijken = [w for w in wijken if scope.sees_wijk(w["pk"])]
    visible = {pk: t for pk, t in teams.items() if scope.sees_team(pk, t.wijken)
               and (wijk_id is None or wijk_id in t.wijken)}
    rows = _team_rows(municipality, period)
    all_by_month = _by_month(rows)
    muni = municipality_rows(municipality, period.first, period.last)
    muni_by_month = _by_month(muni)
    series_wijken = {wijk_id} if wijk_id is not None else scope.wijk_ids
    wijk_rows = list(WijkMonth.objects.filter(municipality=municipality, month__gte=period.first,
                                              month__lte=period.last, wijk_id__in=series_wijken)
                     .values_list(*WIJK_FIELDS, named=True)) if series_wijken else []
    tables: list[Table] = []
    mname = municipality.name
    if wijk_id is not None:
        wname = next((w["name"] for w in wijken if w["pk"] == wijk_id), "")
        series = [(wname, _by_month([r for r in wijk_rows if r.wijk_id == wijk_id])), (mname, muni_by_month)]
    elif scope.wijk_ids is not None:
        mine = [r for r in wijk_rows if r.wijk_id in scope.wijk_ids]
        series = [(_("Mijn wijken"), _by_month(mine)), (mname, muni_by_month)]
    else:
        series = [(mname, muni_by_month)]
    tables.append(usefulness_table("usefulness", _("Nut van verslagen en signalen per maand"), period, series,
                                   promise_days=conf.feedback_promise_days))

    # Activity per team (F24)
    judged = add_months(measures.month_start(today), -1)
    recent_warnings = list(EarlyWarning.objects.filter(municipality=municipality, month__gte=add_months(judged, -2))
                           .select_related("initiative").order_by("month", "initiative__name"))
    warnings = {w.initiative_id: w for w in recent_warnings}
    by_team: dict[int, dict[date, Row]] = defaultdict(dict)
    for r in rows:
        by_team[r.initiative_id][r.month] = r
    lines = []
    for pk, t in visible.items():
        series_t = [by_team[pk][m].activity_index if m in by_team[pk] else None for m in period.months]
        cur = by_team[pk].get(judged)
        prev = by_team[pk].get(add_months(judged, -1))
        lines.append(TeamLine(t, cur.activity_index if cur else None, prev.activity_index if prev else None,
                              series_t, warnings.get(pk)))
    avg_series = []
    for m in period.months:
        vals = [by_team[pk][m].activity_index for pk in visible if m in by_team[pk]]
        avg_series.append(round(sum(vals) / len(vals)) if vals else None)
    muni_avg = []
    for m in period.months:
        vals = [r.activity_index for r in all_by_month.get(m, [])]
        muni_avg.append(round(sum(vals) / len(vals)) if vals else None)
    activity = Table("activity", _("Activiteitsindex (0-100), gemiddelde per maand"),
                     [_("Maand"), _("Getoonde teams"), _("Gemeente")],
                     [[m.strftime("%Y-%m"), a, b] for m, a, b in zip(period.months, avg_series, muni_avg, strict=True)],
                     {"type": "line", "labels": [m.strftime("%m-%Y") for m in period.months], "max": 100,
                      "datasets": [{"label": _("Getoonde teams"), "data": avg_series},
                                   {"label": mname, "data": muni_avg}]})
    tables.append(activity)
    team_table = Table("teams", _("Activiteit per team"),
                       [_("Team"), _("Soort"), _("Index %(month)s") % {"month": measures.month_label(judged)},
                        _("Vorige maand"), _("Rondes gelopen (periode)"), _("Verslagen en signalen (periode)"),
                        _("Vroegsignalering")],
                       [[ln.team.name, str(InitiativeKind(ln.team.kind).label), ln.index, ln.previous,
                         sum(r.rounds_walked for r in by_team[ln.team.id].values()),
                         sum(r.reports + r.signals for r in by_team[ln.team.id].values()),
                         measures.reasons_text(ln.warning.reasons) if ln.warning else ""] for ln in lines])
    tables.append(team_table)

    # Coverage and rounds against registered crime per wijk (F22)
    cov = coverage_of(teams=teams, wijken=[w for w in visible_wijken if wijk_id is None or w["pk"] == wijk_id],
                      rounds=rounds_per_wijk(municipality, period.first, period.last))
    coverage_table = Table(
        "coverage", _("Dekking en rondes tegen geregistreerde criminaliteit per wijk"),
        [_("Wijk"), _("Teams"), _("Appgroepen"), _("Actieve lopers"), _("Inwoners per loper"),
         _("Rondes (periode)"), _("Rondes per 1.000 inwoners"), _("Misdrijven per 1.000 inwoners (CBS)")],
        [[c.name, c.teams, c.app_groups, c.walkers, c.inhabitants_per_walker if c.inhabitants_per_walker else "",
          c.rounds_walked, _num(c.rounds_per_1000), _num(c.crime_per_1000)] for c in cov],
        {"type": "bar", "labels": [c.name for c in cov],
         "datasets": [{"label": _("Rondes per 1.000 inwoners"), "data": [c.rounds_per_1000 for c in cov]},
                      {"label": _("Misdrijven per 1.000 inwoners (CBS)"), "data": [c.crime_per_1000 for c in cov]}]},
        note=_("Waar lopen we, waar gebeurt het? Misdrijven: CBS-tabel 47022NED, laatste 12 maanden."))
    tables.append(coverage_table)
    current = measures.month_start(today)
    overdue = sorted(((visible[r.initiative_id], r.days_since_contact) for r in all_by_month.get(current, [])
                      if r.contact_overdue and r.initiative_id in visible),
                     key=lambda x: (-(x[1] if x[1] is not None else 10**6), x[0].name))
    open_warnings = [w for w in recent_warnings if w.month == judged and w.initiative_id in visible]
    return {
        "period": period, "months": months, "wijk_id": wijk_id, "settings": conf, "judged": judged,
        "tables": tables, "lines": lines, "coverage": cov, "uncovered": [c for c in cov if not c.covered],
        "warnings": open_warnings, "wijken": visible_wijken, "overdue": overdue,
        "goals": goal_indicators(municipality=municipality, today=today, rows=rows, muni=muni, period=period),
        "commitments": commitment_checks(municipality=municipality, rows=rows, filed=muni, settings=conf,
                                         period=period),
    }


def map_data(*, scope: Scope, months: int = 12, wijk_id: int | None = None, today: date | None = None
             ) -> dict[str, Any]:
    """Choropleth of coverage and activity per wijk, and hotspot cells (never a single address)."""
    if not scope.staff:
        raise PermissionDenied
    period = Period.last_months(months, today)
    municipality = scope.municipality
    teams = _teams(municipality)
    judged = add_months(period.last, -1)
    index_by_team = dict(TeamMonth.objects.filter(municipality=municipality, month=judged)
                         .values_list("initiative_id", "activity_index"))
    rounds = dict(WijkMonth.objects.filter(municipality=municipality, month__gte=period.first, month__lte=period.last)
                  .values("wijk_id").annotate(n=Sum("rounds_walked")).values_list("wijk_id", "n"))
    features = []
    for w in Wijk.objects.filter(municipality=municipality, geometry__isnull=False).only(
            "pk", "name", "geometry", "inhabitants"):
        if not scope.sees_wijk(w.pk) or (wijk_id is not None and w.pk != wijk_id):
            continue
        in_wijk = [t for t in teams.values() if w.pk in t.wijken]
        idx = [index_by_team[t.id] for t in in_wijk if t.id in index_by_team]
        n = rounds.get(w.pk, 0)
        features.append({"type": "Feature", "geometry": w.geometry, "properties": {
            "id": w.pk, "name": w.name, "initiatives": len(in_wijk),
            "activity": round(sum(idx) / len(idx)) if idx else None,
            "rounds_per_1000": round(n * 1000 / w.inhabitants, 2) if w.inhabitants else None}})
    cells: dict[tuple[float, float], int] = defaultdict(int)
    cell_q = HotspotCell.objects.filter(municipality=municipality, month__gte=period.first, month__lte=period.last)
    if wijk_id is not None:
        cell_q = cell_q.filter(wijk_id=wijk_id)
    elif scope.wijk_ids is not None:
        cell_q = cell_q.filter(wijk_id__in=scope.wijk_ids)
    for la, lo, n in cell_q.values_list("cell_lat", "cell_lon", "count"):
        cells[(la, lo)] += n
    return {"wijken": {"type": "FeatureCollection", "features": features},
            "hotspots": [[la, lo, n] for (la, lo), n in sorted(cells.items()) if n >= HOTSPOT_MIN]}


# --- Per team (the coordinator's view) ---------------------------------------------------------


def team_view(*, scope: Scope, initiative: Initiative, months: int = 12, today: date | None = None
              ) -> dict[str, Any]:
    """One team's months beside the municipality's average per team. Nothing of other teams."""
    teams = _teams(scope.municipality)
    info = teams.get(initiative.pk) or TeamInfo(initiative.pk, initiative.name, initiative.kind, initiative.status,
                                                initiative.at_risk, set())
    if initiative.municipality_id != scope.municipality.pk or not scope.sees_team(initiative.pk, info.wijken):
        raise PermissionDenied
    today = today or local_date(timezone.now())
    period = Period.last_months(months, today)
    conf = settings_for(scope.municipality)
    rows = _team_rows(scope.municipality, period)
    own = team_rows(scope.municipality, period.first, period.last, minutes_for={initiative.pk})
    mine = _by_month(own)
    all_by_month = _by_month(rows)
    muni_by_month = _by_month(municipality_rows(scope.municipality, period.first, period.last))
    avg_label = _("Gemiddeld team in %(name)s") % {"name": scope.municipality.name}
    own_idx = [mine[m][0].activity_index if m in mine else None for m in period.months]
    avg_idx = [round(sum(r.activity_index for r in all_by_month[m]) / len(all_by_month[m])) if all_by_month.get(m)
               else None for m in period.months]
    own_rounds = [mine[m][0].rounds_walked if m in mine else 0 for m in period.months]
    avg_rounds = [round(sum(r.rounds_walked for r in all_by_month[m]) / len(all_by_month[m]), 1)
                  if all_by_month.get(m) else None for m in period.months]
    labels = [m.strftime("%m-%Y") for m in period.months]
    activity = Table("team-activity", _("Activiteitsindex en rondes per maand"),
                     [_("Maand"), _("Index team"), avg_label + ": " + _("index"), _("Rondes gelopen"),
                      avg_label + ": " + _("rondes")],
                     [[m.strftime("%Y-%m"), a, b, c, _num(d)] for m, a, b, c, d in
                      zip(period.months, own_idx, avg_idx, own_rounds, avg_rounds, strict=True)],
                     {"type": "line", "labels": labels, "max": 100,
                      "datasets": [{"label": initiative.name, "data": own_idx}, {"label": avg_label, "data": avg_idx}]})
    use = usefulness_table("team-usefulness", _("Nut van verslagen en signalen per maand"), period,
                           [(initiative.name, mine), (scope.municipality.name, muni_by_month)],
                           promise_days=conf.feedback_promise_days)
    warnings = list(EarlyWarning.objects.filter(initiative=initiative).order_by("-month")[:6])
    return {"initiative": initiative, "period": period, "months": months, "tables": [activity, use],
            "warnings": warnings, "settings": conf,
            "commitments": commitment_checks(municipality=scope.municipality, rows=own, filed=own, settings=conf,
                                             period=period, initiative=initiative)}


# --- Commitments (F3) and policy goals (F1) -----------------------------------------------------


@dataclass
class CommitmentCheck:
    label: str
    promised: str
    actual: str
    met: bool | None  # None: nothing to judge yet


@dataclass
class CommitmentStatus:
    commitments: list[Commitment]
    checks: list[CommitmentCheck]


def commitment_checks(*, municipality: Municipality, rows: list[Row], filed: list[Row], settings: InsightSettings,
                      period: Period, initiative: Initiative | None = None) -> CommitmentStatus:
    """What municipality and police promised, against what the rows say happened (docs/measures.md)."""
    rhythm = rhythm_for(municipality)
    team_rows = [r for r in rows if initiative is None or r.initiative_id == initiative.pk]
    checks = []
    judged = [r for r in team_rows if r.month < period.last] or team_rows
    kept = sum(1 for r in judged if not r.contact_overdue)
    share = measures._share(kept, len(judged))
    checks.append(CommitmentCheck(
        _("Contact met elke coördinator of beheerder"),
        _("elke %(n)s maand(en)") % {"n": rhythm.checkin_months},
        _("in %(pct)s%% van de teammaanden op tijd") % {"pct": _pct(share)} if share is not None else "–",
        None if share is None else share >= 90))
    u = measures.usefulness(measures.totals(filed), promise_days=settings.feedback_promise_days)
    checks.append(CommitmentCheck(
        _("Terugkoppeling op verslagen en signalen"),
        _("binnen %(n)s dagen") % {"n": settings.feedback_promise_days},
        _("%(pct)s%% op tijd beantwoord") % {"pct": _pct(u.answered_within_pct)} if u.filed else "–",
        None if not u.filed or u.answered_within_pct is None else u.answered_within_pct >= 80))
    since = add_months(period.last, -rhythm.meeting_months)
    meetings = (ContactLog.objects.filter(municipality=municipality, kind=ContactKind.COORDINATORS_MEETING,
                                          occurred_at__date__gte=since)
                .values("occurred_at__date").distinct().count())
    checks.append(CommitmentCheck(
        _("Coördinatorenoverleg"), _("elke %(n)s maanden") % {"n": rhythm.meeting_months},
        _("%(n)s overleg(gen) in die periode") % {"n": meetings}, meetings >= 1))
    budget_q = BudgetRequest.objects.filter(initiative__municipality=municipality, year=period.last.year)
    if initiative is not None:
        budget_q = budget_q.filter(initiative=initiative)
    late = timezone.now() - timedelta(days=30)
    budget = budget_q.aggregate(
        n=Count("pk"), approved=Count("pk", filter=Q(status=BudgetRequestStatus.APPROVED)),
        waiting=Count("pk", filter=Q(status=BudgetRequestStatus.REQUESTED, requested_at__lt=late)))
    checks.append(CommitmentCheck(
        _("Budgetaanvragen beslist"), _("binnen 30 dagen"),
        _("%(approved)s van %(n)s toegekend; %(waiting)s wachten langer dan 30 dagen") % budget,
        None if not budget["n"] else budget["waiting"] == 0))
    commitments = Commitment.objects.filter(municipality=municipality)
    commitments = commitments.filter(Q(initiative__isnull=True) | Q(initiative=initiative)) if initiative else \
        commitments.filter(initiative__isnull=True)
    return CommitmentStatus(list(commitments.order_by("party", "pk")), checks)


# Indicator text (lower case) -> measure. A goal's indicator line is computed when it mentions
# one of these words; otherwise it is shown as text to judge by hand.
INDICATOR_MEASURES: list[tuple[tuple[str, ...], str]] = [
    (("rondes", "ronde"), "rounds_per_team_month"),
    (("coördinatorenoverleg", "coordinatorenoverleg", "overleg"), "coordinator_meetings"),
    (("actie", "aanhouding"), "action_pct"),
    (("contact",), "contact_kept_pct"),
    (("terugkoppeling",), "median_feedback_hours"),
    (("kwaliteit",), "quality_mean"),
    (("verslag", "melding", "signaal", "signalen"), "filed_per_month"),
    (("leden", "vrijwilligers", "lopers"), "active_members"),
    (("teams", "initiatieven", "appgroep"), "active_initiatives"),
]
INDICATOR_LABELS = {
    "rounds_per_team_month": gettext_noop("rondes per team per maand"),
    "coordinator_meetings": gettext_noop("coördinatorenoverleggen in het jaar"),
    "action_pct": gettext_noop("% verslagen en signalen dat tot actie leidde"),
    "contact_kept_pct": gettext_noop("% teammaanden met contact op tijd"),
    "median_feedback_hours": gettext_noop("mediaan uren tot terugkoppeling"),
    "quality_mean": gettext_noop("gemiddelde kwaliteitsscore"),
    "filed_per_month": gettext_noop("verslagen en signalen per maand"),
    "active_members": gettext_noop("actieve leden"),
    "active_initiatives": gettext_noop("actieve teams en appgroepen"),
}


def indicator_measure(text: str) -> str | None:
    low = text.lower()
    for words, key in INDICATOR_MEASURES:
        if any(w in low for w in words):
            return key
    return None


@dataclass
class IndicatorValue:
    text: str
    measure: str | None
    value: float | None
    label: str = ""


@dataclass
class GoalIndicators:
    goal: PolicyGoal
    at: date
    indicators: list[IndicatorValue]


def indicator_value(key: str, rows: list[Row], *, meetings: int, members: int, initiatives: int,
                    filed: list[Row] | None = None) -> float | None:
    """The value of one measure over the 12 team-month rows before a date (docs/measures.md)."""
    months = {r.month for r in rows}
    if key == "coordinator_meetings":
        return meetings
    if key == "active_members":
        return members
    if key == "active_initiatives":
        return initiatives
    if not rows:
        return None
    u = measures.usefulness(measures.totals(rows if filed is None else filed))
    if key == "rounds_per_team_month":
        team_rows = [r for r in rows if not r.is_app_group]
        return round(sum(r.rounds_walked for r in team_rows) / len(team_rows), 1) if team_rows else None
    if key == "action_pct":
        return u.action_pct
    if key == "contact_kept_pct":
        return measures._share(sum(1 for r in rows if not r.contact_overdue), len(rows))
    if key == "median_feedback_hours":
        return u.median_feedback_hours
    if key == "quality_mean":
        return u.quality_mean
    if key == "filed_per_month":
        return round(u.filed / len(months), 1)
    return None


def goal_indicators(*, municipality: Municipality, today: date | None = None,
                    goals: list[PolicyGoal] | None = None, rows: list[Row] | None = None,
                    muni: list[Row] | None = None, period: Period | None = None) -> list[GoalIndicators]:
    """F1: each goal's indicators, computed over the 12 months up to its review date (or today)."""
    today = today or local_date(timezone.now())
    if goals is None:
        goals = list(PolicyGoal.objects.filter(municipality=municipality).select_related("initiative")
                     .order_by("review_on"))
    if not goals:
        return []
    ats = {g.pk: min(g.review_on, today) for g in goals}
    first = add_months(measures.month_start(min(ats.values())), -11)
    last = measures.month_start(max(ats.values()))
    if rows is None or muni is None or period is None or first < period.first or last > period.last:
        rows = team_rows(municipality, first, last)  # the caller's rows do not cover every goal's year
        muni = municipality_rows(municipality, first, last)
    team_goals = {g.initiative_id for g in goals if g.initiative_id is not None}
    own = team_rows(municipality, first, last, minutes_for=team_goals) if team_goals else []
    meeting_days = list(ContactLog.objects.filter(municipality=municipality, kind=ContactKind.COORDINATORS_MEETING,
                                                  occurred_at__date__gte=first)
                        .values_list("occurred_at__date", "initiative_id").distinct())
    out = []
    for g in goals:
        at = ats[g.pk]
        start = add_months(measures.month_start(at), -11)
        sel = [r for r in rows if start <= r.month <= measures.month_start(at)
               and (g.initiative_id is None or r.initiative_id == g.initiative_id)]
        last_month = [r for r in sel if r.month == measures.month_start(at)]
        source = muni if g.initiative_id is None else [r for r in own if r.initiative_id == g.initiative_id]
        filed = [r for r in source or [] if start <= r.month <= measures.month_start(at)]
        meetings = len({d for d, i in meeting_days if add_months(at, -12) < d <= at
                        and (g.initiative_id is None or i == g.initiative_id)})
        values = []
        for line in g.indicator_list():
            key = indicator_measure(line)
            value = None if key is None else indicator_value(
                key, sel, meetings=meetings, members=sum(r.members_end for r in last_month),
                initiatives=len({r.initiative_id for r in last_month if r.activity_index > 0}), filed=filed)
            values.append(IndicatorValue(line, key, value, _(INDICATOR_LABELS[key]) if key else ""))
        out.append(GoalIndicators(g, at, values))
    return out


# --- Public summary -----------------------------------------------------------------------------


def public_summary(*, municipality: Municipality, today: date | None = None) -> dict[str, Any] | None:
    """The optional public figures of a municipality; None when it chose not to publish them."""
    conf = InsightSettings.objects.filter(municipality=municipality).first()
    if conf is None or not conf.public_summary:
        return None
    today = today or local_date(timezone.now())
    period = Period.year(today.year)
    rows = _team_rows(municipality, period)
    muni = municipality_rows(municipality, period.first, period.last)
    counts = dict(Initiative.objects.filter(municipality=municipality, status="active").values("kind")
                  .annotate(n=Count("pk")).values_list("kind", "n"))
    t = measures.totals(muni)
    return {
        "year": today.year, "teams": counts.get(InitiativeKind.TEAM, 0),
        "app_groups": counts.get(InitiativeKind.APP_GROUP, 0), "rounds": t.rounds_walked,
        "filed": t.reports + t.signals, "led_to_action": t.led_to_action,
        "commitments": commitment_checks(municipality=municipality, rows=rows, filed=muni, settings=conf,
                                         period=period) if conf.public_commitments else None,
    }

"""Permission-scoped reads about rounds, reports and defects.

Each aggregate has one pair — the list rule and the object rule are the same rule
(ADR access layer): `rounds_visible_to` / `access_round`, `reports_visible_to` /
`access_report` (+ `access_report_for_counter`), `defects_visible_to` / `access_defect`.
Views, the API and exports use only these.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404

from buurtpreventie.accounts.policies import team_ids, wijk_scope
from buurtpreventie.accounts.roles import Cap
from buurtpreventie.accounts.selectors import user_grants
from buurtpreventie.areas.models import Street
from buurtpreventie.core.fastpath import ShortMemory, short_memory

from .models import DEFAULT_FOCUS_POINTS, Defect, PatrolReport, Position, ReportSettings, Round, RoundStatus

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AnyUser, User


def _professional_filter(
    user: AnyUser, capability: str, *, wijk_field: str, municipality_field: str, area_wijk_field: str | None = None
) -> Q | None:
    """A Q covering every (municipality, wijk) the user's grants with `capability` cover, or None.

    `area_wijk_field`: where `wijk_field` is empty (a round for the team's whole area), the
    wijken of that area count instead."""
    condition: Q | None = None
    for municipality_id in {g.municipality_id for g in user_grants(user=user)}:
        scope = wijk_scope(user, capability, municipality_id=municipality_id)
        if scope is not None and not scope:
            continue
        part = Q(**{municipality_field: municipality_id})
        if scope is not None:
            in_scope = Q(**{f"{wijk_field}__in": scope})
            if area_wijk_field:
                in_scope |= Q(**{f"{wijk_field}__isnull": True, f"{area_wijk_field}__in": scope})
            part &= in_scope
        condition = part if condition is None else condition | part
    return condition


def round_list_visible_to(*, user: AnyUser, initiative_id: int | None = None) -> QuerySet[Round]:
    """Rounds of the user's own teams, plus rounds in the area a professional covers."""
    qs = Round.objects.select_related("initiative", "wijk")
    if not user.is_authenticated:
        return qs.none()
    if not user.is_superuser:
        condition = Q(initiative_id__in=team_ids(user))
        professional = _professional_filter(user, Cap.VIEW_TEAMS, wijk_field="wijk_id",
                                            municipality_field="initiative__municipality_id",
                                            area_wijk_field="initiative__wijken")
        if professional is not None:
            condition |= professional
        qs = qs.filter(pk__in=Round.objects.filter(condition).values("pk"))
    if initiative_id is not None:
        qs = qs.filter(initiative_id=initiative_id)
    return qs


rounds_visible_to = round_list_visible_to


def access_round(*, user: User, pk: int) -> Round:
    """One round if the user may see it (the list rule), else 404."""
    round = round_list_visible_to(user=user).filter(pk=pk).first()
    if round is None:
        raise Http404
    return round


def rounds_for_team(*, user: User, initiative_id: int, since: datetime | None = None) -> QuerySet[Round]:
    qs = round_list_visible_to(user=user, initiative_id=initiative_id).prefetch_related(
        "participants__user"
    )
    if since is not None:
        qs = qs.filter(planned_start__gte=since)
    return qs.order_by("planned_start")


def active_walkers(round: Round) -> list[Any]:
    return [p.user for p in round.participants.all() if p.cancelled_at is None]


def round_walker_count(round: Round) -> int:
    return sum(1 for p in round.participants.all() if p.cancelled_at is None)


def rounds_of_user(*, user: User) -> QuerySet[Round]:
    """Rounds the user signed up for (not cancelled); for the calendar feed."""
    return (
        Round.objects.filter(participants__user=user, participants__cancelled_at__isnull=True)
        .exclude(status=RoundStatus.CANCELLED)
        .select_related("initiative", "wijk")
        .order_by("planned_start")
    )


def report_list_visible_to(*, user: AnyUser) -> QuerySet[PatrolReport]:
    """Reports of the user's own teams, plus reports in the area a professional covers."""
    qs = PatrolReport.objects.select_related("initiative", "author", "wijk", "round")
    if not user.is_authenticated:
        return qs.none()
    condition = Q(initiative_id__in=team_ids(user))
    professional = _professional_filter(user, Cap.VIEW_AREA_REPORTS, wijk_field="wijk_id",
                                        municipality_field="municipality_id")
    if professional is not None:
        condition |= professional
    return qs.filter(condition)


reports_visible_to = report_list_visible_to


def access_report(*, user: User, pk: int) -> PatrolReport:
    """One report if the user may read it (own team, or a professional covering its area), else 404."""
    report = report_list_visible_to(user=user).select_related("municipality").filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def reports_for_counter(*, user: AnyUser) -> QuerySet[PatrolReport]:
    """Reports a professional handles at the one counter (triage): the area they cover, not own teams."""
    qs = PatrolReport.objects.select_related("initiative", "author", "wijk", "round", "municipality", "assigned_to")
    professional = _professional_filter(user, Cap.VIEW_AREA_REPORTS, wijk_field="wijk_id",
                                        municipality_field="municipality_id")
    if not user.is_authenticated or professional is None:
        return qs.none()
    return qs.filter(professional)


def access_report_for_counter(*, user: User, pk: int) -> PatrolReport:
    report = reports_for_counter(user=user).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def defect_list_visible_to(*, user: AnyUser) -> QuerySet[Defect]:
    qs = Defect.objects.select_related("report", "wijk")
    if not user.is_authenticated:
        return qs.none()
    condition = Q(report__initiative_id__in=team_ids(user))
    professional = _professional_filter(user, Cap.VIEW_AREA_REPORTS, wijk_field="wijk_id",
                                        municipality_field="municipality_id")
    if professional is not None:
        condition |= professional
    return qs.filter(condition)


defects_visible_to = defect_list_visible_to


def defects_public(*, municipality_id: int) -> QuerySet[Defect]:
    """Defects as Open311 publishes them, on purpose, to anyone (GeoReport v2 is a public
    interface: place, category and status of a broken street light, never the team or the author)."""
    return Defect.objects.filter(municipality_id=municipality_id)


def access_defect(*, user: User, pk: int) -> Defect:
    defect = defect_list_visible_to(user=user).filter(pk=pk).first()
    if defect is None:
        raise Http404
    return defect


def positions_of_round(*, round: Round, user: User | None = None) -> QuerySet[Position]:
    qs = Position.objects.filter(round=round)
    if user is not None:
        qs = qs.filter(user=user)
    return qs.order_by("recorded_at", "id")


def report_settings_for(*, municipality_id: int) -> tuple[list[str], list[dict[str, str]]]:
    """(focus points, extra questions) configured for a municipality, with sensible defaults."""
    config = ReportSettings.objects.filter(municipality_id=municipality_id).first()
    if config is None:
        return list(DEFAULT_FOCUS_POINTS), []
    focus = [str(p) for p in (config.focus_points or []) if str(p).strip()] or list(DEFAULT_FOCUS_POINTS)
    questions = [
        {"key": str(q.get("key")), "label": str(q.get("label"))}
        for q in (config.extra_questions or [])
        if isinstance(q, dict) and q.get("key") and q.get("label")
    ]
    return focus, questions


# --- Reference data for the report hot path, cached in process memory -------------------------
# A busy evening files hundreds of reports a second; street names and a municipality's report
# settings change a few times a year. Both are cached per process for REFERENCE_TTL seconds;
# a street name the cache does not know is looked up again (so a fresh import is never refused),
# and saving report settings clears this process's copy (other processes follow within the TTL).

REFERENCE_TTL = 60.0
_street_names: ShortMemory[int, frozenset[str]] = short_memory(REFERENCE_TTL)
_report_settings: ShortMemory[int, tuple[list[str], list[dict[str, str]]]] = short_memory(REFERENCE_TTL)


def unknown_street_names(*, municipality_id: int, names: list[str]) -> list[str]:
    """The names in `names` that are not streets of the municipality (in the given order)."""
    loaded = False

    def load() -> frozenset[str]:
        nonlocal loaded
        loaded = True
        return frozenset(Street.objects.filter(municipality_id=municipality_id).values_list("name", flat=True))

    known = _street_names.get(municipality_id, load)
    missing = [n for n in names if n not in known]
    if missing and not loaded:
        found = set(Street.objects.filter(municipality_id=municipality_id, name__in=missing)
                    .values_list("name", flat=True))
        if found:
            _street_names.forget(municipality_id)
        missing = [n for n in missing if n not in found]
    return missing


def cached_report_settings(*, municipality_id: int) -> tuple[list[str], list[dict[str, str]]]:
    """`report_settings_for`, from this process's cache (see REFERENCE_TTL)."""
    return _report_settings.get(municipality_id, lambda: report_settings_for(municipality_id=municipality_id))


def reference_cache_clear() -> None:
    _street_names.clear()
    _report_settings.clear()


def streets_for_round(*, round: Round) -> QuerySet[Street]:
    wijk_ids = [round.wijk_id] if round.wijk_id else list(round.initiative.wijken.values_list("pk", flat=True))
    qs = Street.objects.filter(municipality_id=round.initiative.municipality_id)
    if wijk_ids:
        qs = qs.filter(wijken__in=wijk_ids).distinct()
    return qs.order_by("name")


def report_extra_answers(*, report: PatrolReport) -> list[tuple[str, str]]:
    """(question label, answer) for the municipality's extra questions; unknown keys keep their key."""
    _focus, questions = report_settings_for(municipality_id=report.municipality_id)
    labels = {q["key"]: q["label"] for q in questions}
    return [(labels.get(key, key), str(value)) for key, value in (report.extra_answers or {}).items()]

"""Read-only dashboard for the safety officer. Only reads other apps' selectors and models."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from buurtpreventie.accounts.policies import has_capability
from buurtpreventie.accounts.roles import Cap
from buurtpreventie.areas.models import Municipality
from buurtpreventie.engagement import selectors as engagement
from buurtpreventie.initiatives.models import Initiative
from buurtpreventie.surveys import selectors as surveys
from buurtpreventie.surveys.policies import can_view_team_mix
from buurtpreventie.surveys.scoring import TeamMix

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User

AGE_BANDS = [("15-25", "age_15_25_pct"), ("25-45", "age_25_45_pct"), ("45-65", "age_45_65_pct"),
             ("65+", "age_65plus_pct")]


@dataclass
class Representativeness:
    """Team (self-declared, >= 5 respondents) against the wijk population aged 15+ (CBS)."""

    wijk_names: str
    team_shown: bool
    respondents: int
    rows: list[tuple[str, float | None, float | None]]  # label, wijk %, team %


def _wijk_age_shares(wijken: list[Any]) -> dict[str, float] | None:
    """Share per age band among inhabitants aged 15+, weighted by inhabitants; None when unknown."""
    totals = {label: 0.0 for label, _f in AGE_BANDS}
    weight = 0.0
    for w in wijken:
        values = [getattr(w, f) for _l, f in AGE_BANDS]
        if w.inhabitants is None or any(v is None for v in values):
            return None
        for (label, _f), v in zip(AGE_BANDS, values, strict=True):
            totals[label] += v * w.inhabitants
        weight += w.inhabitants
    adult = sum(totals.values())
    if not weight or not adult:
        return None
    return {label: round(v * 100 / adult, 1) for label, v in totals.items()}


def representativeness(initiative: Initiative) -> Representativeness:
    wijken = list(initiative.wijken.all())
    comp = surveys.team_composition(initiative)
    ages = _wijk_age_shares(wijken)
    answered_age = sum(v for k, v in comp.age.items() if k in dict(AGE_BANDS))
    rows: list[tuple[str, float | None, float | None]] = []
    for label, _field in AGE_BANDS:
        team = round(comp.age.get(label, 0) * 100 / answered_age, 1) if comp.shown and answered_age else None
        rows.append((label, ages.get(label) if ages else None, team))
    men = sum(w.men or 0 for w in wijken) if wijken and all(w.men is not None for w in wijken) else None
    women = sum(w.women or 0 for w in wijken) if wijken and all(w.women is not None for w in wijken) else None
    wijk_women = None
    if men is not None and women is not None and men + women:
        wijk_women = round(women * 100 / (men + women), 1)
    answered_gender = comp.gender.get("Man", 0) + comp.gender.get("Vrouw", 0)
    team_women = (round(comp.gender.get("Vrouw", 0) * 100 / answered_gender, 1)
                  if comp.shown and answered_gender else None)
    rows.append(("vrouw", wijk_women, team_women))
    return Representativeness(", ".join(w.name for w in wijken), comp.shown, comp.respondents, rows)


@dataclass
class TeamRow:
    initiative: Initiative
    mix: TeamMix
    budget: Any
    representativeness: Representativeness
    can_open_mix: bool


def teams_overview_for(*, user: User, municipality: Municipality) -> dict[str, Any]:
    """Per-team motivation mix, budget and composition (queries per team; a page of its own)."""
    if not has_capability(user, Cap.VIEW_INSIGHTS, municipality_id=municipality.pk):
        raise PermissionDenied
    year = timezone.localdate().year
    teams = list(Initiative.objects.filter(municipality=municipality, status__in=engagement.WORKING_STATUSES)
                 .prefetch_related("wijken").order_by("name"))
    budgets = {b.initiative.pk: b for b in engagement.team_budgets(teams, year)}
    rows = []
    for t in teams:
        rows.append(TeamRow(t, surveys.team_mix_for(t), budgets[t.pk], representativeness(t),
                            can_view_team_mix(user, t)))
    overdue = engagement.overdue_for(municipality)
    return {
        "year": year, "rows": rows, "overdue": overdue,
        "reminders": engagement.appreciation_reminders_for(municipality),
    }

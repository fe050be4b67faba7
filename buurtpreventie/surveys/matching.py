"""Match professionals to a team (F5): preferences against the team's profile mix and wishes.

The guideline (2.2.2) gives the idea: a team that wants to contribute in a professional,
result-driven way gets a wijkagent who involves teams in campaigns (witte-voetjes-actie,
outdoor lighting). We weigh, transparently, with every point explained:

- area: works in (one of) the team's wijken +20; municipality-wide +10; only elsewhere -10;
- profile mix (only when shown, i.e. >= 5 respondents), each weighted by the team's mean
  score for that profile (0..100): rational × runs campaigns 25; pragmatic × gives personal
  feedback 20; normative × close partnership 20 (regular contact 10);
- wishes: campaigns wanted and run +15 (wanted but none -5); closeness equal +15, one step
  apart +5, two steps -10; feedback wanted and given +10; evening meetings and available
  in the evening +10 (not available -5);
- time: 8+ hours a month +10, 4+ hours +5.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from buurtpreventie.accounts.models import RoleGrant
from buurtpreventie.initiatives.models import Initiative

from . import policies
from .models import Involvement, ProfessionalPreference, TeamWishes
from .scoring import TeamMix
from .selectors import team_mix_for

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User

MATCH_ROLES = ("wijkagent", "boa")


@dataclass
class Suggestion:
    user: User
    role_label: str
    score: int
    preference: ProfessionalPreference
    reasons: list[tuple[int, str]] = field(default_factory=list)

    def add(self, points: float, text: str) -> None:
        pts = round(points)
        self.score += pts
        self.reasons.append((pts, text))


def _area_points(s: Suggestion, grants: list[RoleGrant], team_wijk_ids: set[int], wijk_names: str) -> None:
    if any(g.wijk_id is None for g in grants):
        s.add(10, _("Werkt in de hele gemeente."))
    elif any(g.wijk_id in team_wijk_ids for g in grants):
        s.add(20, _("Werkt in de wijk van het team (%(wijk)s).") % {"wijk": wijk_names})
    else:
        s.add(-10, _("Werkt in een andere wijk."))


def _mix_points(s: Suggestion, pref: ProfessionalPreference, mix: TeamMix) -> None:
    scores = mix.mean_scores
    rational = (scores.get("rational") or 0) / 100
    pragmatic = (scores.get("pragmatic") or 0) / 100
    normative = (scores.get("normative") or 0) / 100
    campaigns = pref.campaign_list()
    if campaigns:
        s.add(25 * rational, _(
            "Het team hecht aan concrete resultaten (rationele vrijwilligers, %(score)s/100) en "
            "%(name)s draait campagnes: %(campaigns)s."
        ) % {"score": scores.get("rational"), "name": s.user, "campaigns": ", ".join(campaigns)})
    if pref.gives_feedback:
        s.add(20 * pragmatic, _(
            "Terugkoppeling telt zwaar in dit team (pragmatische samenwerkers, %(score)s/100) en "
            "%(name)s koppelt persoonlijk terug."
        ) % {"score": scores.get("pragmatic"), "name": s.user})
    if pref.involvement == Involvement.CLOSE:
        s.add(20 * normative, _(
            "Het team zoekt partnerschap met de politie (normatieve partners, %(score)s/100) en "
            "%(name)s wil nauw samenwerken."
        ) % {"score": scores.get("normative"), "name": s.user})
    elif pref.involvement == Involvement.REGULAR:
        s.add(10 * normative, _(
            "Partnerschap (normatieve partners, %(score)s/100): %(name)s wil regelmatig contact."
        ) % {"score": scores.get("normative"), "name": s.user})


def _wish_points(s: Suggestion, pref: ProfessionalPreference, wishes: TeamWishes) -> None:
    if wishes.wants_campaigns:
        if pref.campaign_list():
            s.add(15, _("Het team wil meedoen aan campagnes."))
        else:
            s.add(-5, _("Het team wil campagnes, maar deze professional draait er (nog) geen."))
    diff = abs(pref.involvement - wishes.desired_involvement)
    if diff == 0:
        s.add(15, _("Gewenste nauwheid van samenwerking komt overeen (%(level)s).")
              % {"level": pref.get_involvement_display()})
    elif diff == 1:
        s.add(5, _("Gewenste nauwheid van samenwerking ligt dicht bij elkaar."))
    else:
        s.add(-10, _("Team en professional willen een heel andere nauwheid van samenwerking."))
    if wishes.wants_feedback and pref.gives_feedback:
        s.add(10, _("Het team wil terugkoppeling en krijgt die."))
    if wishes.evening_meetings:
        if pref.evenings_available:
            s.add(10, _("Beschikbaar in de avond, wanneer het team overlegt."))
        else:
            s.add(-5, _("Niet beschikbaar in de avond, terwijl het team dan overlegt."))


def suggestions_for(*, user: User, initiative: Initiative) -> tuple[list[Suggestion], TeamMix]:
    """Ranked professionals for a team, best first, each with the reasons behind the score."""
    if not policies.can_view_matching(user, initiative):
        raise PermissionDenied
    mix = team_mix_for(initiative)
    wishes = TeamWishes.objects.filter(initiative=initiative).first() or TeamWishes(initiative=initiative)
    team_wijken = list(initiative.wijken.all())
    team_wijk_ids = {w.pk for w in team_wijken}
    wijk_names = ", ".join(w.name for w in team_wijken)
    prefs = ProfessionalPreference.objects.filter(municipality_id=initiative.municipality_id).select_related("user")
    grants_by_user: dict[int, list[RoleGrant]] = {}
    for g in RoleGrant.objects.active().filter(municipality_id=initiative.municipality_id, role__in=MATCH_ROLES):
        grants_by_user.setdefault(g.user_id, []).append(g)
    result: list[Suggestion] = []
    for pref in prefs:
        grants = grants_by_user.get(pref.user_id)
        if not grants:
            continue
        s = Suggestion(user=pref.user, role_label=grants[0].get_role_display(), score=0, preference=pref)
        _area_points(s, grants, team_wijk_ids, wijk_names)
        if mix.shown:
            _mix_points(s, pref, mix)
        _wish_points(s, pref, wishes)
        if pref.hours_per_month >= 8:
            s.add(10, _("Heeft %(hours)s uur per maand voor buurtpreventie.") % {"hours": pref.hours_per_month})
        elif pref.hours_per_month >= 4:
            s.add(5, _("Heeft %(hours)s uur per maand voor buurtpreventie.") % {"hours": pref.hours_per_month})
        result.append(s)
    result.sort(key=lambda s: (-s.score, str(s.user)))
    return result, mix

"""Yes/no questions about a user and an initiative (built on accounts.policies)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from buurtpreventie.accounts.policies import has_capability, manages_team, roles_of, wijk_scope
from buurtpreventie.accounts.roles import TEAM_ROLES, Cap, Role

from .models import Initiative, Party

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AnyUser, User


def can_manage_initiatives(user: AnyUser, municipality_id: int) -> bool:
    """The safety officer's work: intake, agreements, life cycle, goals, registration moments."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or has_capability(user, Cap.MANAGE_INITIATIVES, municipality_id=municipality_id))


def can_manage_team(user: User, initiative: Initiative) -> bool:
    """Members, trainings, equipment and house rules: the coordinator/admin, or the safety officer."""
    return manages_team(user, initiative.pk) or can_manage_initiatives(user, initiative.municipality_id)


def _initiative_wijk_ids(initiative: Initiative) -> set[int]:
    return {w.pk for w in initiative.wijken.all()}


def can_view_initiative(user: AnyUser, initiative: Initiative) -> bool:
    """Staff of the municipality (wijk-scoped where their grant is), or people in the team."""
    if not user.is_authenticated:
        return False
    if can_manage_team(user, initiative):
        return True
    from buurtpreventie.accounts.policies import is_team_member

    if is_team_member(user, initiative.pk):
        return True
    scope = wijk_scope(user, Cap.VIEW_TEAMS, municipality_id=initiative.municipality_id)
    if scope is None:
        return True
    return bool(scope and scope & _initiative_wijk_ids(initiative))


def can_see_member_details(user: User, initiative: Initiative) -> bool:
    """Names of members, trainings and equipment: the team's managers and the municipality's staff."""
    if can_manage_team(user, initiative):
        return True
    scope = wijk_scope(user, Cap.VIEW_TEAMS, municipality_id=initiative.municipality_id)
    return scope is None or bool(scope and scope & _initiative_wijk_ids(initiative))


def can_see_internal_notes(user: User, initiative: Initiative) -> bool:
    """Professionals' involvement records and continuity reviews: municipal and police staff only."""
    if can_manage_initiatives(user, initiative.municipality_id):
        return True
    scope = wijk_scope(user, Cap.VIEW_TEAMS, municipality_id=initiative.municipality_id)
    return scope is None or bool(scope and scope & _initiative_wijk_ids(initiative))


def can_accept_agreement(user: User, initiative: Initiative, party: str) -> bool:
    """Each party accepts for itself; the safety officer may record any party's signature on paper."""
    if can_manage_initiatives(user, initiative.municipality_id):
        return True
    if party == Party.CITIZENS:
        return manages_team(user, initiative.pk)
    if party == Party.POLICE:
        return Role.WIJKAGENT in roles_of(user, municipality_id=initiative.municipality_id) and can_view_initiative(
            user, initiative
        )
    return False


def can_use_initiatives_pages(user: AnyUser) -> bool:
    """Whether the menu item makes sense: staff who see teams, or people in a team."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return (
        has_capability(user, Cap.MANAGE_INITIATIVES)
        or has_capability(user, Cap.VIEW_TEAMS)
        or bool(roles_of(user) & TEAM_ROLES)
    )


def has_accepted_house_rules(user: AnyUser, initiative: Initiative) -> bool:
    """Has the member accepted the house rules as they read now? A new version asks again."""
    from .models import HouseRulesAcceptance
    from .selectors import house_rules_current

    if not user.is_authenticated:
        return False
    text, _number, _source = house_rules_current(initiative=initiative)
    return HouseRulesAcceptance.objects.filter(membership__initiative=initiative, membership__user=user,
                                               membership__left_on__isnull=True, rules_text=text).exists()


def can_view_applications(user: User, municipality_id: int) -> bool:
    """The applications list: the safety officer, and leads for the join-applications of their team."""
    from buurtpreventie.accounts.policies import managed_team_ids
    from buurtpreventie.accounts.selectors import user_memberships

    if can_manage_initiatives(user, municipality_id):
        return True
    led = managed_team_ids(user)
    return any(m.initiative_id in led and m.initiative.municipality_id == municipality_id
               for m in user_memberships(user=user))

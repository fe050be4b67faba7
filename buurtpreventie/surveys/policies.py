"""Yes/no questions about questionnaires, answers and team profile mixes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from buurtpreventie.accounts.policies import has_capability, manages_team, wijk_scope
from buurtpreventie.accounts.roles import Cap

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AnyUser, User


def can_manage_surveys(user: User, municipality_id: int) -> bool:
    return has_capability(user, Cap.MANAGE_SURVEYS, municipality_id=municipality_id)


def _professional_covers(user: User, initiative: Any, capability: str) -> bool:
    scope = wijk_scope(user, capability, municipality_id=initiative.municipality_id)
    if scope is None:
        return True
    if not scope:
        return False
    return bool(scope & {w.pk for w in initiative.wijken.all()})


def can_view_team_mix(user: AnyUser, initiative: Any) -> bool:
    """Coordinator/admin of the team, or a professional who may see teams in the team's wijk.

    Plain members do not see the mix of their own team: with few members it would say too much.
    """
    if not user.is_authenticated:
        return False
    if manages_team(user, initiative.pk):
        return True
    return _professional_covers(user, initiative, Cap.VIEW_TEAMS)


def can_view_matching(user: User, initiative: Any) -> bool:
    """Who links professionals to teams: the safety officer (manages initiatives)."""
    return has_capability(user, Cap.MANAGE_INITIATIVES, municipality_id=initiative.municipality_id)


def can_edit_team_wishes(user: User, initiative: Any) -> bool:
    return manages_team(user, initiative.pk) or has_capability(
        user, Cap.MANAGE_INITIATIVES, municipality_id=initiative.municipality_id
    )


def can_set_preferences(user: User, municipality_id: int) -> bool:
    """Professionals who work with teams (wijkagent, BOA, safety officer) state their preferences."""
    return has_capability(user, Cap.LOG_CONTACT, municipality_id=municipality_id)


def can_delete_response(user: AnyUser, response: Any) -> bool:
    if not user.is_authenticated:
        return False
    if response.respondent_id is not None and response.respondent_id == user.pk:
        return True
    return can_manage_surveys(user, response.municipality_id)

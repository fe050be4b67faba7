"""Yes/no questions for contact rhythm, appreciation, events, budgets and newsletters."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from buurtpreventie.accounts.policies import has_capability, manages_team
from buurtpreventie.accounts.roles import Cap

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User


def can_log_contact(user: User, municipality_id: int) -> bool:
    return has_capability(user, Cap.LOG_CONTACT, municipality_id=municipality_id)


def can_manage_engagement(user: User, municipality_id: int) -> bool:
    """Rhythm settings, events, newsletters, evaluation meetings: the safety officer."""
    return has_capability(user, Cap.MANAGE_INITIATIVES, municipality_id=municipality_id)


def can_manage_budgets(user: User, municipality_id: int) -> bool:
    return has_capability(user, Cap.MANAGE_BUDGETS, municipality_id=municipality_id)


def can_view_team_budget(user: User, initiative: Any) -> bool:
    return manages_team(user, initiative.pk) or can_manage_budgets(user, initiative.municipality_id)


def can_request_budget(user: User, initiative: Any) -> bool:
    return manages_team(user, initiative.pk) and has_capability(
        user, Cap.REQUEST_BUDGET, municipality_id=initiative.municipality_id
    )

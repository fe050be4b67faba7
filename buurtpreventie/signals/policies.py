"""Yes/no questions about signals. Built on accounts.policies and the patrols' area rule only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from buurtpreventie.accounts.policies import has_capability, is_team_member, manages_team
from buurtpreventie.accounts.roles import Cap
from buurtpreventie.patrols.policies import professional_covers

from .models import Signal

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AnyUser


def may_file_signal(user: AnyUser, initiative: Any) -> bool:
    """App-group admins and members, and team members (outside a round), for their own initiative."""
    from buurtpreventie.initiatives.models import InitiativeStatus

    if not user.is_authenticated or initiative.status == InitiativeStatus.STOPPED:
        return False
    return is_team_member(user, initiative.pk) and has_capability(
        user, Cap.FILE_REPORT, municipality_id=initiative.municipality_id
    )


def may_view_signal(user: AnyUser, signal: Signal) -> bool:
    """The filer, the group's admin/coordinator, and professionals covering the signal's wijk."""
    if not user.is_authenticated:
        return False
    if signal.author_id == user.pk or manages_team(user, signal.initiative_id):
        return True
    return covers_signal(user, Cap.VIEW_AREA_REPORTS, signal)


def covers_signal(user: AnyUser, capability: str, signal: Signal) -> bool:
    if not user.is_authenticated:
        return False
    wijk_ids = {signal.wijk_id} if signal.wijk_id else set()
    return professional_covers(user, capability, municipality_id=signal.municipality_id, wijk_ids=wijk_ids)

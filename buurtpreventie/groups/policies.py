"""Who may invite and broadcast: the coordinator/admin of the initiative (or the safety officer)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from buurtpreventie.initiatives.policies import can_manage_team

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AnyUser


def may_invite(user: AnyUser, initiative: Any) -> bool:
    return user.is_authenticated and can_manage_team(user, initiative)


def may_broadcast(user: AnyUser, initiative: Any) -> bool:
    return user.is_authenticated and can_manage_team(user, initiative)

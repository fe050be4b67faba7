"""Who may invite and broadcast: the coordinator/admin of the initiative (or the safety officer)."""

from __future__ import annotations

from typing import Any

from buurtpreventie.initiatives.policies import can_manage_team


def may_invite(user: Any, initiative: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and can_manage_team(user, initiative)


def may_broadcast(user: Any, initiative: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and can_manage_team(user, initiative)

"""Yes/no questions about alerts and the live board."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from buurtpreventie.accounts.policies import has_capability, wijk_scope
from buurtpreventie.accounts.roles import Cap

from .models import Alert, AlertRecipient

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AnyUser, User


def may_send_alert(user: User, *, municipality_id: int, wijk_ids: list[int] | None = None) -> bool:
    """Dispatcher (whole municipality) or wijkagent (only an area inside their own wijken)."""
    if not has_capability(user, Cap.SEND_ALERT, municipality_id=municipality_id):
        return False
    scope = wijk_scope(user, Cap.SEND_ALERT, municipality_id=municipality_id)
    if scope is None:
        return True
    if wijk_ids is None:
        return bool(scope)
    return bool(wijk_ids) and set(wijk_ids) <= scope


def may_view_live_board(user: User, *, municipality_id: int) -> bool:
    return has_capability(user, Cap.VIEW_LIVE_BOARD, municipality_id=municipality_id)


def live_wijk_scope(user: User, *, municipality_id: int) -> set[int] | None:
    """None = every wijk of the municipality; otherwise only these wijken."""
    return wijk_scope(user, Cap.VIEW_LIVE_BOARD, municipality_id=municipality_id)


def may_cancel_sos(user: User, sos: Any) -> bool:
    """The walker who raised it, or staff whose live board shows it (a wijkagent: only his wijken)."""
    if sos.user_id == getattr(user, "pk", None):
        return True
    if not may_view_live_board(user, municipality_id=sos.municipality_id):
        return False
    scope = live_wijk_scope(user, municipality_id=sos.municipality_id)
    if scope is None:
        return True
    rnd = sos.round
    wijk_ids = {rnd.wijk_id} if rnd.wijk_id else {w.pk for w in rnd.initiative.wijken.all()}
    return bool(wijk_ids & scope)


def may_see_coordinator_phone(user: User, *, municipality_id: int) -> bool:
    return has_capability(user, Cap.VIEW_COORDINATOR_PHONE, municipality_id=municipality_id)


def may_manage_alert(user: User, alert: Alert) -> bool:
    """Follow acknowledgements, clear, report the outcome: staff who could have sent it."""
    if not has_capability(user, Cap.SEND_ALERT, municipality_id=alert.municipality_id):
        return False
    scope = wijk_scope(user, Cap.SEND_ALERT, municipality_id=alert.municipality_id)
    return scope is None or bool(set(alert.wijk_ids or []) & scope)


def recipient_of(user: AnyUser, alert: Alert) -> AlertRecipient | None:
    if not user.is_authenticated:
        return None
    from .recipients import ensure

    ensure([alert])  # an alert to many people: its rows may still be on their way (recipients.py)
    return AlertRecipient.objects.filter(alert=alert, user_id=user.pk).first()


def may_edit_templates(user: User, *, municipality_id: int) -> bool:
    return has_capability(user, Cap.SEND_ALERT, municipality_id=municipality_id) and wijk_scope(
        user, Cap.SEND_ALERT, municipality_id=municipality_id
    ) is None

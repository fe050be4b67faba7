"""Helpers shared by the initiative services: permission check, history labels, events."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from buurtpreventie.accounts.models import User
from buurtpreventie.core.audit import audit_record

from ..models import (
    Initiative,
    InitiativeStatus,
    InitiativeStatusChange,
    initiative_transition_allowed,
)


def _source(label: Any) -> str:
    """A choice label in Dutch (the source language), for storing in history parameters."""
    with translation.override("nl"):
        return str(label)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _actor_label(actor: User | None) -> str:
    if actor is None or not actor.is_authenticated:
        return ""
    return str(actor)



def _history_row(
    *,
    actor: User | None,
    initiative: Initiative,
    from_status: str,
    to_status: str,
    reason: str,
    public: bool = True,
    params: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> InitiativeStatusChange:
    """The one place an initiative's history row is appended."""
    return InitiativeStatusChange.objects.create(
        initiative=initiative,
        from_status=from_status,
        to_status=to_status,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=_actor_label(actor) if actor_label is None else actor_label,
        reason=reason,
        reason_params=params or {},
        public=public,
    )


def _history_start(*, actor: User | None, initiative: Initiative, reason: str, actor_label: str | None = None) -> None:
    """An initiative is born "applied": its first history row."""
    if not initiative_transition_allowed("", initiative.status):
        raise ValidationError(_("Een nieuw initiatief begint als aanvraag."))
    _history_row(actor=actor, initiative=initiative, from_status="", to_status=initiative.status, reason=reason,
                 actor_label=actor_label)


def _history_note(
    *, actor: User, initiative: Initiative, reason: str, public: bool = True, params: dict[str, Any] | None = None
) -> InitiativeStatusChange:
    """A history row without a status change (an agreement drafted or accepted, a review kept internal)."""
    return _history_row(actor=actor, initiative=initiative, from_status=initiative.status,
                        to_status=initiative.status, reason=reason, public=public, params=params)


def _status_change(
    *,
    actor: User | None,
    initiative: Initiative,
    status: str,
    reason: str,
    public: bool = True,
    params: dict[str, Any] | None = None,
) -> InitiativeStatusChange:
    """The life-cycle gate: every status change of an initiative passes here.

    Checks the transition table (ValidationError otherwise), saves the status, appends the
    history row, audits and publishes the event. `Initiative.save` refuses any other path.
    """
    # The stored status counts, not a stale copy in memory (locked until the transaction ends).
    previous = (
        Initiative.objects.select_for_update().filter(pk=initiative.pk).values_list("status", flat=True).get()
    )
    initiative.status = previous
    if not initiative_transition_allowed(previous, status):
        raise ValidationError(
            _("Van %(from)s naar %(to)s kan niet.")
            % {"from": InitiativeStatus(previous).label, "to": InitiativeStatus(status).label}
        )
    initiative.status = status
    initiative._status_gate = True  # type: ignore[attr-defined]
    initiative.save(update_fields=["status"])
    change = _history_row(actor=actor, initiative=initiative, from_status=previous, to_status=status,
                          reason=reason, public=public, params=params)
    audit_record(
        actor=actor,
        action="initiative.status",
        obj=initiative,
        detail={"from": previous, "to": status, "reason": reason},
    )
    return change


def _user_for_email(*, email: str, full_name: str, language: str = "nl") -> User:
    existing = User.objects.filter(email__iexact=email).order_by("pk").first()
    if existing is not None:
        return existing
    first, _sep, last = full_name.strip().partition(" ")
    base = email.split("@")[0].lower()[:100] or "bewoner"
    username = base
    n = 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}{n}"
    user = User(username=username, email=email, first_name=first[:150], last_name=last[:150], language=language)
    user.set_unusable_password()
    user.save()
    return user



"""Helpers shared by the initiative services: permission check, history labels, events."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import translation

from buurtpreventie.accounts.models import User
from buurtpreventie.core.audit import audit_record
from buurtpreventie.core.events import send_event_on_commit

from ..models import (
    Initiative,
    InitiativeStatusChange,
)


def _source(label: Any) -> str:
    """A choice label in Dutch (the source language), for storing in history parameters."""
    with translation.override("nl"):
        return str(label)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _actor_label(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    return str(actor)


def _event(initiative: Initiative, kind: str, **data: Any) -> None:
    send_event_on_commit(
        channel=f"municipality:{initiative.municipality_id}:initiatives",
        event={"type": f"initiative.{kind}", "initiative": initiative.pk, **data},
    )



def _status_change(
    *,
    actor: Any,
    initiative: Initiative,
    status: str,
    reason: str,
    public: bool = True,
    params: dict[str, Any] | None = None,
) -> InitiativeStatusChange:
    previous = initiative.status
    initiative.status = status
    initiative.save(update_fields=["status"])
    change = InitiativeStatusChange.objects.create(
        initiative=initiative,
        from_status=previous,
        to_status=status,
        actor=actor if actor else None,
        actor_label=_actor_label(actor),
        reason=reason,
        reason_params=params or {},
        public=public,
    )
    audit_record(
        actor=actor,
        action="initiative.status",
        obj=initiative,
        detail={"from": previous, "to": status, "reason": reason},
    )
    _event(initiative, "status", status=status)
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



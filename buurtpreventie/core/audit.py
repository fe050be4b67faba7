"""Record who saw or changed sensitive records: `audit_record(actor=..., action=..., obj=...)`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from .models import AuditEntry

if TYPE_CHECKING:
    # The project's user model, named without importing `accounts` (core and notifications sit below
    # it): django-stubs' plugin expands these aliases to AUTH_USER_MODEL (| AnonymousUser).
    from django.contrib.auth.models import _AnyUser


def audit_entry(
    *,
    actor: _AnyUser | None,
    action: str,
    obj: models.Model | None = None,
    municipality_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """The entry `audit_record` stores, unsaved (for a caller that inserts it with other rows)."""
    object_type = obj._meta.label_lower if obj is not None else ""
    object_id = str(obj.pk) if obj is not None else ""
    if municipality_id is None and obj is not None:
        municipality_id = getattr(obj, "municipality_id", None)
    return AuditEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        municipality_id=municipality_id,
        detail=detail or {},
    )


def audit_record(
    *,
    actor: _AnyUser | None,
    action: str,
    obj: models.Model | None = None,
    municipality_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    entry = audit_entry(actor=actor, action=action, obj=obj, municipality_id=municipality_id, detail=detail)
    entry.save(force_insert=True)
    return entry

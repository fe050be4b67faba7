"""Record who saw or changed sensitive records: `audit_record(actor=..., action=..., obj=...)`."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEntry


def audit_entry(
    *,
    actor: Any,
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
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        municipality_id=municipality_id,
        detail=detail or {},
    )


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    municipality_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    entry = audit_entry(actor=actor, action=action, obj=obj, municipality_id=municipality_id, detail=detail)
    entry.save(force_insert=True)
    return entry

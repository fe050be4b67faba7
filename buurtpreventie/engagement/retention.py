"""Retention of the contact log (registered with core.retention in apps.py)."""

from __future__ import annotations

from datetime import datetime

from .models import ContactLog


def purge_contacts(*, cutoff: datetime, now: datetime) -> int:
    deleted, _ = ContactLog.objects.filter(occurred_at__lt=cutoff).delete()
    return deleted

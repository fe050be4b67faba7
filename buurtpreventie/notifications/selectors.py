"""Reads of a user's own notices."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Notice


def notices_for(*, user: Any, unread_only: bool = False) -> QuerySet[Notice]:
    qs = Notice.objects.filter(user=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def unread_notice_count(*, user: Any) -> int:
    return notices_for(user=user, unread_only=True).count()

"""Reads of a user's own notices."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import Notice

if TYPE_CHECKING:
    # The project's user model, named without importing `accounts` (core and notifications sit below
    # it): django-stubs' plugin expands these aliases to AUTH_USER_MODEL (| AnonymousUser).
    from django.contrib.auth.models import _User


def notices_for(*, user: _User, unread_only: bool = False) -> QuerySet[Notice]:
    qs = Notice.objects.filter(user=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def unread_notice_count(*, user: _User) -> int:
    return notices_for(user=user, unread_only=True).count()

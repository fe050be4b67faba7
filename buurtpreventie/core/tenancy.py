"""Which municipality (tenant) a request is about, without importing domain apps at import time."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest


def current_municipality(request: HttpRequest) -> Any | None:
    """The municipality shown in the header.

    Staff see the municipality of their grants (the first, or the one chosen in the session);
    anonymous visitors see the one in the URL (public pages set `request.municipality`) or the
    default (the only or first municipality).
    """
    cached = getattr(request, "municipality", None)
    if cached is not None:
        return cached
    municipality_model = apps.get_model("areas", "Municipality")
    user = getattr(request, "user", None)
    chosen = request.session.get("municipality_id") if hasattr(request, "session") else None
    if user is not None and user.is_authenticated:
        ids = list(user.municipality_ids())
        if isinstance(chosen, int) and chosen in ids:
            return municipality_model.objects.filter(pk=chosen).first()
        if ids:
            return municipality_model.objects.filter(pk__in=ids).order_by("name").first()
    return municipality_model.objects.order_by("pk").first()

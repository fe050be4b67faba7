from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def alerts_for_me(context: dict[str, Any]) -> list[dict[str, Any]]:
    from ..selectors import alerts_for_recipient

    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return alerts_for_recipient(user=user) if user is not None else []


@lru_cache(maxsize=1)
def _public_key() -> str:
    from ..push import vapid_public_key

    try:
        return vapid_public_key()
    except Exception:  # no key material: push is simply not offered
        return ""


@register.simple_tag
def vapid_key() -> str:
    return _public_key()


@register.simple_tag
def alert_template_item() -> dict[str, Any]:
    """A blank alert card for the patrol page's <template> (filled by patrol.js)."""
    return {"alert": {"pk": "__ID__", "is_active": True, "situation": "", "instructions": "", "outcome": "",
                      "sent_at": None}, "latest": None}

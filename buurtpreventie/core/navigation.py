"""Navigation registry. Each app registers its menu items in `AppConfig.ready()`.

An item names a URL and a predicate `visible(user, request)`; the base layout shows only
the items the current user may use, so navigation follows roles without templates knowing roles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import NoReverseMatch, reverse

if TYPE_CHECKING:
    # The project's user model, named without importing `accounts` (core and notifications sit below
    # it): django-stubs' plugin expands these aliases to AUTH_USER_MODEL (| AnonymousUser).
    from django.contrib.auth.models import _AnyUser


@dataclass(frozen=True)
class NavItem:
    key: str
    label: Any  # lazy translation string
    url_name: str
    order: int = 100
    visible: Callable[[_AnyUser], bool] = field(default=lambda user: True)
    url_kwargs: dict[str, Any] = field(default_factory=dict)


_registry: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _registry[item.key] = item


def items_for(user: _AnyUser) -> list[dict[str, Any]]:
    result = []
    for item in sorted(_registry.values(), key=lambda i: (i.order, i.key)):
        try:
            if not item.visible(user):
                continue
            url = reverse(item.url_name, kwargs=item.url_kwargs or None)
        except NoReverseMatch:
            continue
        result.append({"key": item.key, "label": item.label, "url": url})
    return result

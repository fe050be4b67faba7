"""What to do now: the start page's list, filled by the apps (core imports none of them).

Each app registers a provider in `AppConfig.ready()`; a provider gets the request and returns
`StartItem`s for this user (open applications, pending budget requests, the next round, …).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    # The project's user model, named without importing `accounts` (core and notifications sit below
    # it): django-stubs' plugin expands these aliases to AUTH_USER_MODEL (| AnonymousUser).
    from django.contrib.auth.models import _AnyUser


@dataclass(frozen=True)
class StartItem:
    key: str  # stable, for tests and styling: "open_applications", "next_round", …
    text: str  # already translated, with the number in it
    url: str
    tone: str = "neutral"  # components/status_badge.html: warning = needs action
    order: int = 50


Provider = Callable[[HttpRequest], Iterable[StartItem]]
_PROVIDERS: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    _PROVIDERS[name] = provider


def items_for(request: HttpRequest) -> list[StartItem]:
    user: _AnyUser | None = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = [item for provider in _PROVIDERS.values() for item in provider(request)]
    return sorted(items, key=lambda item: (item.order, item.key))

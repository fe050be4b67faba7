"""Which municipality (tenant) a request is about — the one resolver every page, API and export uses.

`resolve_municipality(request, allowed_ids=...)` decides, in this order:

1. `?gemeente=<code or slug>` in the URL: must be one of the allowed municipalities, otherwise
   404 (as for any other municipality's object) — never silently another one.
   A valid choice is remembered in the session, so a staff member who works for several
   municipalities switches once and every page (and API call) follows.
2. the choice remembered in the session, if still allowed;
3. the default: the first allowed municipality by name.

`allowed_ids` is what the caller's capability allows (`accounts.policies.municipality_ids_with`
and friends — `core` imports no domain app, so the caller passes the set). Without it: every
municipality for a superuser, otherwise every municipality the user has a grant or team in.
No allowed municipality at all → 403.

`current_municipality(request)` is the lenient variant for the header: it never raises.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

if TYPE_CHECKING:
    # The project's user model, named without importing `accounts` (core and notifications sit below
    # it): django-stubs' plugin expands these aliases to AUTH_USER_MODEL (| AnonymousUser).
    from django.contrib.auth.models import _AnyUser

SESSION_KEY = "municipality_id"
QUERY_PARAM = "gemeente"


def _model() -> Any:
    return apps.get_model("areas", "Municipality")


def _default_allowed(user: _AnyUser | None) -> set[int] | None:
    """None means: every municipality (superusers)."""
    if user is None or not user.is_authenticated:
        return set()
    if getattr(user, "is_superuser", False):
        return None
    return set(user.municipality_ids())


def _lookup(value: str) -> Any | None:
    value = value.strip()
    if not value:
        return None
    model = _model()
    return (
        model.objects.filter(code=value.upper()).first()
        or model.objects.filter(slug=value.lower()).first()
        or (model.objects.filter(pk=int(value)).first() if value.isdigit() else None)
    )


def requested_municipality_code(request: HttpRequest) -> str:
    return str(request.GET.get(QUERY_PARAM, "") or "")


def resolve_municipality(
    request: HttpRequest,
    *,
    allowed_ids: Iterable[int] | None = None,
    required: bool = True,
    code: str | None = None,
) -> Any:
    """The municipality this request is about, checked against what the user may see (see module doc).

    `required=False`: return None instead of 403 when the user has no municipality at all (pages
    every logged-in user may open); a `?gemeente=` outside the allowed set is still refused.
    `code`: an explicit choice (an API parameter) that takes the place of `?gemeente=`.
    """
    user = getattr(request, "user", None)
    allowed: set[int] | None = set(allowed_ids) if allowed_ids is not None else _default_allowed(user)
    model = _model()
    session = getattr(request, "session", None)

    def ok(pk: int) -> bool:
        return allowed is None or pk in allowed

    code = code or requested_municipality_code(request)
    if code:
        chosen = _lookup(code)
        if chosen is None or not ok(chosen.pk):
            raise Http404
        if session is not None:
            session[SESSION_KEY] = chosen.pk
        request.municipality = chosen  # type: ignore[attr-defined]
        return chosen

    if allowed is not None and not allowed:
        if not required:
            return None
        raise PermissionDenied
    remembered = session.get(SESSION_KEY) if session is not None else None
    municipality = None
    if isinstance(remembered, int) and ok(remembered):
        municipality = model.objects.filter(pk=remembered).first()
    if municipality is None:
        qs = model.objects.all() if allowed is None else model.objects.filter(pk__in=allowed)
        municipality = qs.order_by("name", "pk").first()
    if municipality is None:
        raise PermissionDenied
    request.municipality = municipality  # type: ignore[attr-defined]
    return municipality


def switchable_municipalities(request: HttpRequest) -> list[Any]:
    """Municipalities the user can switch between (empty when there is nothing to choose)."""
    allowed = _default_allowed(getattr(request, "user", None))
    model = _model()
    qs = model.objects.all() if allowed is None else model.objects.filter(pk__in=allowed)
    items = list(qs.order_by("name")) if allowed is None or len(allowed) > 1 else []
    return items if len(items) > 1 else []


def current_municipality(request: HttpRequest) -> Any | None:
    """The municipality shown in the header; never raises.

    A view that resolved its municipality set `request.municipality`; otherwise staff see
    their chosen or first municipality, and visitors the default (the first one).
    """
    cached = getattr(request, "municipality", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        try:
            return resolve_municipality(request)
        except (PermissionDenied, Http404):
            pass
    return _model().objects.order_by("pk").first()

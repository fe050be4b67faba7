"""Who is calling, for a fast route (core.fastpath): the API's own rules, with the user kept a few seconds.

`session_caller(request)` answers what ninja's `django_auth`, Django's session and authentication
middleware, the two-factor middleware and the API throttles answer for a signed-in phone — or raises
`Delegate` so the full stack answers. It reads the login session on every call (so a logout counts at
once) and keeps the user object, with the grants and memberships the policies memoise on it, for
`FAST_PATH_MEMORY_SECONDS` (10 s), in process memory and in the shared cache for the other app
processes: a revoked grant, a membership that ended or a changed password reaches the fast route
within that time, as it reaches an open live stream within 15 s (ADR 0009).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.exceptions import DisallowedHost
from django.utils.crypto import constant_time_compare
from ninja.utils import check_csrf

from buurtpreventie.accounts.policies import requires_two_factor
from buurtpreventie.core.fastpath import Delegate, short_memory

from .input import InputRejected, StrictJSONParser, throttles

if TYPE_CHECKING:
    from django.core.handlers.asgi import ASGIRequest

    from buurtpreventie.accounts.types import User

_users = short_memory(shared="callers")
_throttles = throttles()
_parser = StrictJSONParser()


def _load_user(user_id: Any) -> User | None:
    """The user with the grants and memberships the policies ask about, loaded by their one selectors
    (kept with the user, so another app process needs no query for them either)."""
    from buurtpreventie.accounts.models import User
    from buurtpreventie.accounts.selectors import user_grants, user_memberships

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        user_grants(user=user)
        user_memberships(user=user)
        # What the session check needs, and not the password hash itself, which so stays out of the
        # shared cache: without it `password` is a deferred field (loaded again only if asked for,
        # and a save() writes only the loaded fields).
        user._fast_session_hash = user.get_session_auth_hash()  # type: ignore[attr-defined]
        del user.__dict__["password"]
    return user


def session_caller(request: ASGIRequest) -> User:
    """The signed-in member behind this API call, checked as the full stack checks it, or `Delegate`."""
    if "HTTP_AUTHORIZATION" in request.META:
        raise Delegate  # an API key: the full stack's ApiKeyAuth
    try:
        request.get_host()  # ALLOWED_HOSTS, as CommonMiddleware checks it
    except DisallowedHost:
        raise Delegate from None
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        raise Delegate
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    try:
        user_id = session[SESSION_KEY]
        backend = session[BACKEND_SESSION_KEY]
        session_hash = session.get(HASH_SESSION_KEY) or ""
    except KeyError:
        raise Delegate from None
    if backend not in settings.AUTHENTICATION_BACKENDS or session.get("bp_sso_login"):
        raise Delegate
    user: User | None = _users.get(str(user_id), lambda: _load_user(user_id))
    if user is None or not constant_time_compare(session_hash, getattr(user, "_fast_session_hash", "")):
        raise Delegate  # the full stack flushes such a session
    if requires_two_factor(user):
        raise Delegate  # professionals: the OTP middleware and its sliding session
    request.session = session  # type: ignore[attr-defined]
    request.user = user
    request.auth = user  # type: ignore[attr-defined]  # as ninja sets it for a session login
    if check_csrf(request) is not None:
        raise Delegate
    if not all(throttle.allow_request(request) for throttle in _throttles):  # type: ignore[arg-type]
        raise Delegate
    return user


def json_body(request: ASGIRequest) -> Any:
    """The body through the API's one strict parser, or `Delegate` (the full stack says why)."""
    try:
        return _parser.parse_body(request)
    except InputRejected:
        raise Delegate from None

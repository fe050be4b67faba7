"""What the JSON API accepts and how it says no; one place for the whole API (issue 9).

- `StrictJSONParser`: refuses NaN/Infinity (not JSON), NUL characters anywhere (PostgreSQL cannot
  store them), nesting deeper than 20, and bodies over `settings.API_MAX_BODY_BYTES`.
- `install(api)`: the API's one set of error handlers, so endpoints need no try/except — a refused body
  → 422 with the field, a body too large → 413; a service's `ValidationError` → 400
  `{"detail": "<its messages>"}`; its `PermissionDenied` → 403 `{"detail": "<its reason>" or "forbidden"}`;
  `Http404` (ninja's own) → 404; rate limit → 429 + Retry-After — and the standard error answers
  (401/403/404/422/429) in every operation of the OpenAPI document.
- `ApiThrottle`: per user (or API key) when authenticated, per client address otherwise; the address
  comes from `core.net.client_ip` (X-Forwarded-For only from trusted proxies).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.parser import Parser
from ninja.throttling import BaseThrottle, SimpleRateThrottle

from buurtpreventie.core.net import client_ip

MAX_DEPTH = 20


class InputRejected(ValueError):
    def __init__(self, loc: list[Any], message: str, status: int = 422) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message
        self.status = status


def _reject_constant(name: str) -> Any:
    raise InputRejected([], _("%(value)s is geen getal dat hier kan; stuur een gewoon getal.") % {"value": name})


def _walk(value: Any, loc: list[Any], depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise InputRejected(loc, _("De gegevens zijn te diep genest."))
    if isinstance(value, str):
        if "\x00" in value:
            raise InputRejected(loc, _("Dit veld bevat een ongeldig teken."))
    elif isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key:
                raise InputRejected(loc, _("Dit veld bevat een ongeldig teken."))
            _walk(item, [*loc, key], depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, [*loc, index], depth + 1)


class StrictJSONParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        limit = int(getattr(settings, "API_MAX_BODY_BYTES", 1024 * 1024))
        length = request.META.get("CONTENT_LENGTH") or "0"
        if length.isdigit() and int(length) > limit:
            raise InputRejected([], _("Het verzoek is te groot."), status=413)
        try:
            body = request.body
        except RequestDataTooBig:
            raise InputRejected([], _("Het verzoek is te groot."), status=413) from None
        if len(body) > limit:
            raise InputRejected([], _("Het verzoek is te groot."), status=413)
        try:
            data = json.loads(body, parse_constant=_reject_constant)
        except InputRejected:
            raise
        except (ValueError, RecursionError):
            raise InputRejected([], _("Dit is geen geldige JSON.")) from None
        _walk(data, [])
        return data


class ApiThrottle(SimpleRateThrottle):
    """ninja's sliding-log rate limit (at most N requests in any period), counted atomically.

    On the Redis cache the log is a sorted set updated by one script (`core.cache.RedisCache.
    sliding_log_hit`): one round trip per call, and two app processes cannot both pass on the same
    old count. Other caches (the database cache, tests' local memory) keep ninja's read-and-write of
    a list. The result of the last check is kept per thread, not on the shared instance, so that
    `wait()` (asked by ninja right after a refusal) answers for this request, not another thread's."""

    scope = "api"
    cache_format = "throttle-log_%(scope)s_%(ident)s"  # a sorted set on Redis, not ninja's pickled list

    def __init__(self, rate: str | None = None, *, scope: str = "api") -> None:
        self.scope = scope
        super().__init__(rate)
        self._last = threading.local()
        self.clock: Callable[[], float] = time.time

    def allow_request(self, request: HttpRequest) -> bool:
        key = self.get_cache_key(request)
        self._last.wait = None
        if key is None or self.num_requests is None or self.duration is None:
            return True
        now = self.clock()
        hit = getattr(self.cache, "sliding_log_hit", None)
        if hit is not None:
            allowed, _count, oldest = hit(key, now=now, period=self.duration, limit=self.num_requests)
        else:
            history: list[float] = self.cache.get(key, [])
            while history and history[-1] <= now - self.duration:
                history.pop()
            allowed = len(history) < self.num_requests
            if allowed:
                history.insert(0, now)
                self.cache.set(key, history, self.duration)
            oldest = history[-1] if history else now
        if not allowed:
            self._last.wait = max(0.0, self.duration - (now - oldest))
        return bool(allowed)

    def wait(self) -> float | None:
        return getattr(self._last, "wait", None)

    def get_ident(self, request: HttpRequest) -> str:
        return client_ip(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        auth = getattr(request, "auth", None)
        user = getattr(request, "user", None)
        if auth is not None and hasattr(auth, "is_authenticated"):
            auth = None  # session login: request.auth is the user
        logged_in = auth is not None or bool(user is not None and user.is_authenticated)
        if self.scope == "api-anon":
            if logged_in:
                return None
            ident = f"ip:{self.get_ident(request)}"
        elif not logged_in:
            return None
        elif auth is not None:  # an API key or other credential object
            ident = f"{type(auth).__name__}:{getattr(auth, 'pk', None) or hash(str(auth))}"
        else:
            ident = f"user:{getattr(user, 'pk', '')}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


def throttles() -> list[BaseThrottle]:
    return [
        ApiThrottle(getattr(settings, "API_RATE_PER_USER", "600/m"), scope="api-user"),
        ApiThrottle(getattr(settings, "API_RATE_ANONYMOUS", "120/m"), scope="api-anon"),
    ]


ERROR_RESPONSES = {
    "401": "Not logged in (or two-factor login not completed)",
    "403": "Not allowed for this user",
    "404": "Not found, or not visible to this user",
    "422": "Invalid input; `detail` lists the fields and messages",
    "429": "Too many requests; see the Retry-After header",
}


def _error_schema() -> dict[str, Any]:
    return {"type": "object", "properties": {"detail": {
        "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "object"}}]}}, "required": ["detail"]}


def install(api: NinjaAPI) -> None:
    def rejected(request: HttpRequest, exc: HttpError) -> HttpResponse:
        cause = exc.__cause__
        if isinstance(cause, InputRejected):
            if cause.status == 413:
                return api.create_response(request, {"detail": cause.message}, status=413)
            return api.create_response(request, {"detail": [
                {"loc": ["body", *cause.loc], "msg": cause.message, "type": "value_error"}]}, status=422)
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)

    def service_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return api.create_response(request, {"detail": " ".join(exc.messages)}, status=400)

    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc) or "forbidden"}, status=403)

    api.add_exception_handler(HttpError, rejected)  # type: ignore[arg-type]
    api.add_exception_handler(DjangoValidationError, service_invalid)  # type: ignore[arg-type]
    api.add_exception_handler(PermissionDenied, forbidden)  # type: ignore[arg-type]

    original = api.get_openapi_schema

    def schema_with_errors(*args: Any, **kwargs: Any) -> Any:
        schema = original(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault("ErrorDetail", _error_schema())
        ref = {"$ref": "#/components/schemas/ErrorDetail"}
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                for code, description in ERROR_RESPONSES.items():
                    if code not in operation["responses"] and int(code) not in operation["responses"]:
                        operation["responses"][code] = {
                            "description": description, "content": {"application/json": {"schema": ref}}}
        return schema

    api.get_openapi_schema = schema_with_errors  # type: ignore[method-assign]

"""Fast routes: a hot API call answered without Django's request machinery, or handed back to it.

A busy evening's hot path (filing a patrol report) costs most of its CPU in Django's handler,
the middleware stack, the ninja operation and the queries that load the same user, grants,
memberships and round for every request. A *fast route* runs the same rules on the same objects
held for a few seconds in process memory (see ADR 0009), in one thread hop from the event loop:

- an app registers ``register_fast_route("POST", "/api/...", handler)``; ``handler(request)`` is a
  plain function that gets a Django ``ASGIRequest`` (cookies, headers, body) and returns an
  ``HttpResponse``;
- whenever the handler is not sure it can answer exactly as the full stack would — no session
  cookie, an API key, a professional (two-factor), a refused body, a refused check, a throttle —
  it raises ``Delegate`` *before it changes anything*, and the request, body included, goes to the
  full Django application, which gives the canonical answer (error messages, languages, status).

So the fast route holds no rule of its own: it calls the policies, parser, schemas and services the
full stack calls, and only the happy path is shortened. ``counts`` tells how often each route was
answered fast or delegated (tests, operations).
"""

from __future__ import annotations

import asyncio
import io
import logging
import math
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.db import close_old_connections
from django.http import HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

AsgiApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]
Handler = Callable[[ASGIRequest], HttpResponse]


class Delegate(Exception):  # noqa: N818 - a signal, not an error
    """Raised by a fast handler, before any write, to let the full Django stack answer."""


_routes: dict[tuple[str, str], Handler] = {}
counts: Counter[str] = Counter()
_executor: ThreadPoolExecutor | None = None

K = TypeVar("K")
V = TypeVar("V")


class ShortMemory(Generic[K, V]):
    """A small per-process memory with a time limit: what a hot path may reuse across requests
    (the fast route's callers and rounds; the report path's street names and report settings).

    Bounded (oldest first out) and thread-safe enough for its use: a lost race loads twice.

    With `shared="<name>"` the memory has a second tier in the shared cache (Redis), so a phone whose
    calls land on different app processes is loaded once, not once per process. An entry keeps the
    moment it was loaded: whichever process reads it, it counts as known for `seconds` from *that*
    moment, so the bound on staleness stays `seconds`. `clear()` reaches the shared tier too (a
    generation number in the cache). No shared tier on the database cache: it would turn reads into
    writes."""

    def __init__(self, seconds: float, size: int = 10_000, shared: str | None = None) -> None:
        self.seconds = seconds
        self.size = size
        self.shared = shared
        self._items: dict[K, tuple[float, V]] = {}

    def get(self, key: K, load: Callable[[], V]) -> V:
        now = time.monotonic()
        hit = self._items.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        cache = _shared_cache() if self.shared else None
        if cache is None:
            value = load()
            self._remember(key, now + self.seconds, value)
            return value
        generation_key, item_key = self._shared_key("generation"), self._shared_key(key)
        found = cache.get_many([generation_key, item_key])
        generation = found.get(generation_key, 0)
        entry = found.get(item_key)
        wall = time.time()
        if entry is not None and entry[0] == generation and entry[1] + self.seconds > wall:
            value = entry[2]
            self._remember(key, now + (entry[1] + self.seconds - wall), value)
            return value
        value = load()
        cache.set(item_key, (generation, wall, value), timeout=math.ceil(self.seconds))
        self._remember(key, now + self.seconds, value)
        return value

    def _remember(self, key: K, until: float, value: V) -> None:
        if len(self._items) >= self.size:
            for old in list(self._items)[: self.size // 10 or 1]:
                self._items.pop(old, None)
        self._items[key] = (until, value)

    def forget(self, key: K) -> None:
        self._items.pop(key, None)
        cache = _shared_cache() if self.shared else None
        if cache is not None:
            cache.delete(self._shared_key(key))

    def clear(self) -> None:
        self._items.clear()
        cache = _shared_cache() if self.shared else None
        if cache is not None:
            cache.add(self._shared_key("generation"), 0, timeout=None)
            cache.incr(self._shared_key("generation"))

    def _shared_key(self, key: object) -> str:
        return f"fastpath:{self.shared}:{key}"


def _shared_cache() -> Any:
    """The shared cache for a memory's second tier, or None (the database cache, or none configured)."""
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache
    from django.core.cache.backends.dummy import DummyCache

    cache = caches["default"]
    return None if isinstance(cache, DatabaseCache | DummyCache) else cache


_memories: list[ShortMemory[Any, Any]] = []


def short_memory(seconds: float | None = None, size: int = 10_000, shared: str | None = None) -> ShortMemory[Any, Any]:
    """A `ShortMemory` living `settings.FAST_PATH_MEMORY_SECONDS` (default 10 s) unless told otherwise."""
    memory: ShortMemory[Any, Any] = ShortMemory(
        seconds if seconds is not None else float(getattr(settings, "FAST_PATH_MEMORY_SECONDS", 10.0)), size,
        shared)
    _memories.append(memory)
    return memory


def forget_all() -> None:
    """Empty every fast-path memory of this process, and their shared tier (tests; after a deliberate
    revocation)."""
    for memory in _memories:
        memory.clear()


def register_fast_route(method: str, path: str, handler: Handler) -> None:
    _routes[(method.upper(), path)] = handler


def fast_route(scope: dict[str, Any]) -> Handler | None:
    if scope.get("type") != "http" or not _routes or not getattr(settings, "FAST_PATH", True):
        return None
    return _routes.get((scope.get("method", ""), scope.get("path", "")))


def _pool() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=int(getattr(settings, "FAST_PATH_THREADS", 1)),
                                       thread_name_prefix="fastpath")
    return _executor


def _header(scope: dict[str, Any], name: bytes) -> bytes | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value)
    return None


def _finish(request: ASGIRequest, response: HttpResponse) -> HttpResponse:
    """The response headers the full stack's middleware would add to a JSON answer."""
    from django.middleware.clickjacking import XFrameOptionsMiddleware
    from django.middleware.security import SecurityMiddleware
    from django.utils.cache import patch_vary_headers

    response = SecurityMiddleware(lambda r: response).process_response(request, response)
    response = XFrameOptionsMiddleware(lambda r: response).process_response(request, response)
    patch_vary_headers(response, ("Cookie",))
    return response


def _run(handler: Handler, scope: dict[str, Any], body: bytes) -> HttpResponse:
    close_old_connections()
    try:
        request = ASGIRequest(scope, io.BytesIO(body))
        return _finish(request, handler(request))
    finally:
        close_old_connections()


async def serve(handler: Handler, scope: dict[str, Any], receive: Any, send: Any, fallback: AsgiApp) -> None:
    """Answer with `handler`, or hand the request (body replayed) to `fallback` on `Delegate`."""
    route = f"{scope['method']} {scope['path']}"
    limit = int(getattr(settings, "API_MAX_BODY_BYTES", 1024 * 1024))
    length = _header(scope, b"content-length")
    chunks: list[bytes] = []
    size = 0
    more = True
    if length is not None and length.isdigit() and int(length) <= limit:
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            chunks.append(chunk)
            size += len(chunk)
            more = bool(message.get("more_body", False))
            if size > limit:
                break
    body = b"".join(chunks)
    if not more and size <= limit and length is not None:
        try:
            response = await asyncio.get_running_loop().run_in_executor(_pool(), _run, handler, scope, body)
        except Delegate:
            pass
        except Exception:
            # Not handed on: the handler may have written (a retry could store a report twice). The
            # phone's outbox keeps the draft and sends it again; its client_uuid makes that safe.
            logger.exception("fast route %s failed", route)
            counts[f"{route} failed"] += 1
            await _send_response(JsonResponse({"detail": "server error"}, status=500), send)
            return
        else:
            counts[f"{route} fast"] += 1
            await _send_response(response, send)
            return
    counts[f"{route} delegated"] += 1
    replayed = False

    async def replay() -> dict[str, Any]:
        nonlocal replayed
        if not replayed and (chunks or not more):
            replayed = True
            return {"type": "http.request", "body": body, "more_body": more}
        return dict(await receive())

    await fallback(scope, replay, send)


async def _send_response(response: HttpResponse, send: Any) -> None:
    headers = [(b"content-type", response["Content-Type"].encode("latin-1"))]
    for name, value in response.items():
        if name.lower() != "content-type":
            headers.append((name.lower().encode("latin-1"), str(value).encode("latin-1")))
    for cookie in response.cookies.values():
        headers.append((b"set-cookie", cookie.output(header="").strip().encode("latin-1")))
    content = response.content
    headers.append((b"content-length", str(len(content)).encode()))
    await send({"type": "http.response.start", "status": response.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": content})

"""One ASGI entry point for every process (see docs/adr/0002-serving.md).

- Paths under ``/live/`` (Server-Sent Events) go to a lean async handler that never enters
  Django's sync middleware stack.
- A few hot API calls registered as fast routes (`core.fastpath`, the report API) are answered in one
  thread hop with the same rules and objects kept a few seconds, or handed to Django when unsure.
- Everything else is Django's WSGI application run in a thread pool through a2wsgi: one thread
  hop per request instead of one per middleware, which keeps plain pages near gunicorn speed.
"""

from __future__ import annotations

import os
import time
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from a2wsgi import WSGIMiddleware  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

from buurtpreventie.core import fastpath  # noqa: E402
from buurtpreventie.core.live import live_app  # noqa: E402

_threads = int(os.environ.get("PAGE_THREADS", "16"))


def _timed(send: Any) -> Any:
    """`send` that adds `Server-Timing: app;dur=<ms since the request reached the app>` to the response."""
    started = time.perf_counter()

    async def timed_send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            took = (time.perf_counter() - started) * 1000
            message = {**message, "headers": [*message.get("headers", []),
                                              (b"server-timing", f"app;dur={took:.1f}".encode())]}
        await send(message)

    return timed_send


_pages = WSGIMiddleware(get_wsgi_application(), workers=_threads)  # type: ignore[arg-type]


async def application(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "http" and settings.SERVER_TIMING and not scope["path"].startswith("/live/"):
        send = _timed(send)
    if scope["type"] == "lifespan":
        await live_app(scope, receive, send)
        return
    if scope["type"] == "http" and scope["path"].startswith("/live/"):
        await live_app(scope, receive, send)
        return
    fast = fastpath.fast_route(scope)
    if fast is not None:
        await fastpath.serve(fast, scope, receive, send, fallback=_pages)  # type: ignore[arg-type]
        return
    await _pages(scope, receive, send)  # type: ignore[arg-type]


from buurtpreventie.core.heap import settle  # noqa: E402

settle()  # last: the start-up heap frozen out of every later full collection (core/heap.py)

"""The lean async path for real-time streams (`/live/...`).

Routes are registered by apps (`register_live_route(prefix, handler)`); a handler is a raw ASGI
callable. The live-operations work fills this with the SSE endpoints. Unknown paths get 404.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

AsgiApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]

_routes: list[tuple[str, AsgiApp]] = []
_startup: list[Callable[[], Awaitable[None]]] = []
_shutdown: list[Callable[[], Awaitable[None]]] = []


def register_live_route(prefix: str, handler: AsgiApp) -> None:
    _routes.append((prefix, handler))
    _routes.sort(key=lambda r: -len(r[0]))


def on_startup(fn: Callable[[], Awaitable[None]]) -> None:
    _startup.append(fn)


def on_shutdown(fn: Callable[[], Awaitable[None]]) -> None:
    _shutdown.append(fn)


async def live_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                for fn in _startup:
                    await fn()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                for fn in _shutdown:
                    await fn()
                await send({"type": "lifespan.shutdown.complete"})
                return
    for prefix, handler in _routes:
        if scope["path"].startswith(prefix):
            await handler(scope, receive, send)
            return
    await send({"type": "http.response.start", "status": 404, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"Not found"})

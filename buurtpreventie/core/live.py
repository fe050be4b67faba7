"""The lean async path for real-time streams (`/live/...`).

Routes are registered by apps (`register_live_route(prefix, handler)`); a handler is a raw ASGI
callable that never enters Django's middleware stack. Apps build their Server-Sent Events
endpoints from the pieces here:

- `sign_stream_token` / `read_stream_token`: a short-lived signed token (django.core.signing)
  made by a Django page for the logged-in user, naming the user and the channels it may read.
- `serve_sse(...)`: subscribes a connection to channels of the event bus, replays what the
  client missed (`Last-Event-ID` header or `last_event_id` query parameter), then streams.
  One heartbeat loop per process writes a comment line to every stream every
  `HEARTBEAT_SECONDS`; a watcher on `receive()` notices the client leaving at once, so no
  handler waits forever on its queue. A client that falls too far behind is disconnected and
  catches up by replay when it reconnects.

The SSE `id:` of a stream with several channels is composite, `"0=<id>;1=<id>"`: the position
in each channel, so a reconnect replays each channel from where it stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from django.core import signing
from django.core.signals import setting_changed

from .eventbus import fanout, get_bus, id_key

logger = logging.getLogger(__name__)

AsgiApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]

_routes: list[tuple[str, AsgiApp]] = []
_startup: list[Callable[[], Awaitable[None]]] = []
_shutdown: list[Callable[[], Awaitable[None]]] = []

HEARTBEAT_SECONDS = 15.0
MAX_QUEUE = 500
RETRY_MS = 2000
TOKEN_SALT = "buurtpreventie.live.stream"  # noqa: S105 - a signing salt, not a secret
TOKEN_MAX_AGE = 10 * 60  # seconds; the page fetches a fresh token for every reconnect


def register_live_route(prefix: str, handler: AsgiApp) -> None:
    if any(p == prefix for p, _h in _routes):
        return
    _routes.append((prefix, handler))
    _routes.sort(key=lambda r: -len(r[0]))


def on_startup(fn: Callable[[], Awaitable[None]]) -> None:
    if fn not in _startup:
        _startup.append(fn)


def on_shutdown(fn: Callable[[], Awaitable[None]]) -> None:
    if fn not in _shutdown:
        _shutdown.append(fn)


# --- tokens ---------------------------------------------------------------------------------


def session_ref(session_key: str) -> str:
    """A reference to a login session that reveals nothing about its key (tokens travel in URLs)."""
    return signing.Signer(salt=TOKEN_SALT + ".session").signature(session_key)[:32]


def _session_cache_key(ref: str) -> str:
    return f"live:session:{ref}"


_stream_cache: Any = None


def stream_cache() -> Any:
    """The cache holding the login sessions of stream tokens: one client per process.

    `django.core.cache.cache` is bound to the async context: called from every stream's task (the
    re-check below runs in one), it would build one cache client, and with Redis one open
    connection, per stream. 10,000 streams then held 10,000 Redis connections, past Redis's client
    limit and the process's open-file limit (streams failed with "Too many open files")."""
    global _stream_cache
    if _stream_cache is None:
        from django.core.cache import caches

        _stream_cache = caches.create_connection("default")
    return _stream_cache


def _reset_stream_cache(*, setting: str, **_kwargs: Any) -> None:
    global _stream_cache
    if setting == "CACHES":
        _stream_cache = None


setting_changed.connect(_reset_stream_cache)


def sign_stream_token(*, user_id: int, subscriptions: list[dict[str, Any]], session_key: str,
                      fingerprint: str = "") -> str:
    """`subscriptions`: [{"c": channel, ...filter data the handler understands}].

    The token is bound to the login session: logging out (`end_session_streams`) makes it, and every
    stream opened with it, invalid. `fingerprint` is what the handler re-checks while the stream is
    open (e.g. the user's roles), so a role change closes the stream too."""
    from django.conf import settings

    ref = session_ref(session_key)
    stream_cache().set(_session_cache_key(ref), user_id, timeout=int(settings.SESSION_COOKIE_AGE))
    return signing.dumps({"u": user_id, "s": subscriptions, "r": ref, "f": fingerprint},
                         salt=TOKEN_SALT, compress=True)


def end_session_streams(session_key: str) -> None:
    """Called on logout: the session's tokens stop working and open streams close at the next check."""
    stream_cache().delete(_session_cache_key(session_ref(session_key)))


def session_alive(data: dict[str, Any]) -> bool:
    """Is the login session a stream token was made for still logged in (as the same user)?"""
    return sessions_alive([data])[0]


def sessions_alive(tokens: list[dict[str, Any]]) -> list[bool]:
    """`session_alive` for many tokens in one cache round trip (the periodic re-check of every
    open stream of a process)."""
    keys = {_session_cache_key(ref) for data in tokens if isinstance(ref := data.get("r"), str)}
    found = stream_cache().get_many(list(keys)) if keys else {}
    return [isinstance(ref := data.get("r"), str) and found.get(_session_cache_key(ref)) == data.get("u")
            for data in tokens]


def read_stream_token(token: str, *, max_age: int = TOKEN_MAX_AGE) -> dict[str, Any] | None:
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) else None


# --- streams --------------------------------------------------------------------------------


@dataclass
class Recheck:
    """Whether an open stream may stay open, asked for all open streams of a process at once.

    `check_many` (sync, run in a pool thread, may use the database and the cache) gets the `item`
    of every open stream sharing that function and answers one bool per item; a stream answered
    False is closed (its client's reconnect needs a fresh token)."""

    check_many: Callable[[list[Any]], list[bool]]
    item: Any


@dataclass
class Subscription:
    channel: str
    accept: Callable[[dict[str, Any]], bool] = lambda event: True
    # Optional async check (may hit the database through sync_to_async); runs in the handler.
    async_accept: Callable[[dict[str, Any]], Awaitable[bool]] | None = None


PRIVATE_KEYS = ("audience", "dispatch_scope")


def _frame_data(channel: str, event_id: str, event: dict[str, Any]) -> bytes:
    """`data:` lines of an event, serialised once per process however many clients get it.

    Every local subscriber receives the same dict, so the frame is cached on it (keys starting
    with "_" and the routing keys in PRIVATE_KEYS never reach the client)."""
    data = event.get("_frame")
    if data is None:
        public = {k: v for k, v in event.items() if k not in PRIVATE_KEYS and not k.startswith("_")}
        data = b"data: " + json.dumps(public, separators=(",", ":"), default=str).encode() + b"\n\n"
        event["_frame"] = data
    return data  # type: ignore[no-any-return]


class Connection:
    def __init__(self, subscriptions: list[Subscription]) -> None:
        self.loop = asyncio.get_running_loop()
        self.subs = subscriptions
        self.index = {s.channel: i for i, s in enumerate(subscriptions)}
        self.queue: asyncio.Queue[Any] = asyncio.Queue()
        self.last: list[str | None] = [None] * len(subscriptions)
        self.last_key: list[tuple[int, int]] = [(-1, -1)] * len(subscriptions)
        self.closed = False
        self.recheck: Recheck | None = None

    def push(self, channel: str, event_id: str, event: dict[str, Any]) -> None:
        idx = self.index.get(channel)
        if idx is None or self.closed:
            return
        if not self.subs[idx].accept(event):
            return
        if self.queue.qsize() >= MAX_QUEUE:
            self.close()  # too slow: drop; the client reconnects and replays
            return
        self.queue.put_nowait((idx, event_id, event))

    def heartbeat(self) -> None:
        if not self.closed:
            self.queue.put_nowait("hb")

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.queue.put_nowait(None)

    def event_id(self) -> str:
        if len(self.last) == 1:
            return f"0={self.last[0]}"
        return ";".join(f"{i}={last}" for i, last in enumerate(self.last) if last is not None)

    def advance(self, idx: int, event_id: str, event: dict[str, Any]) -> bool:
        """Move this channel's position to `event_id`; False if it was already sent (replay overlap)."""
        cached = event.get("_key")  # parsed once per event, not once per connection
        if cached is not None and cached[0] == event_id:
            key = cached[1]
        else:
            key = id_key(event_id)
            event["_key"] = (event_id, key)
        if key <= self.last_key[idx]:
            return False
        self.last[idx] = event_id
        self.last_key[idx] = key
        return True


_connections: set[Connection] = set()
_heartbeat_task: asyncio.Task[None] | None = None
_recheck_task: asyncio.Task[None] | None = None


async def _heartbeat_loop() -> None:
    while True:
        await asyncio.sleep(HEARTBEAT_SECONDS)
        for conn in list(_connections):
            conn.heartbeat()


def _ensure_heartbeat() -> None:
    global _heartbeat_task, _recheck_task
    loop = asyncio.get_running_loop()
    if _heartbeat_task is None or _heartbeat_task.done() or _heartbeat_task.get_loop() is not loop:
        _heartbeat_task = loop.create_task(_heartbeat_loop())
    if _recheck_task is None or _recheck_task.done() or _recheck_task.get_loop() is not loop:
        _recheck_task = loop.create_task(_recheck_loop())


def connection_count() -> int:
    return len(_connections)


def parse_last_event_id(value: str | None, n: int) -> list[str | None]:
    result: list[str | None] = [None] * n
    for part in (value or "").split(";"):
        idx, sep, event_id = part.partition("=")
        if sep and idx.isdigit() and int(idx) < n and id_key(event_id) >= (0, 0):
            result[int(idx)] = event_id
    return result


def query_params(scope: dict[str, Any]) -> dict[str, str]:
    parsed = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return {k: v[-1] for k, v in parsed.items()}


def header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            decoded: str = value.decode("latin-1")
            return decoded
    return None


async def respond(send: Any, status: int, body: str, content_type: str = "text/plain; charset=utf-8") -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type.encode()), (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": body.encode()})


REVALIDATE_SECONDS = 15.0


async def _recheck_loop() -> None:
    while True:
        await asyncio.sleep(REVALIDATE_SECONDS)
        await recheck_open_streams()


async def recheck_open_streams() -> None:
    """Re-check every open stream of this event loop: one `check_many` call per check function
    for all its streams (one thread hop and a few queries per process every REVALIDATE_SECONDS,
    not one per stream: 10,000 streams cost a third of a core in checks alone when each ran its
    own). A failing check (database hiccup) keeps the streams open rather than dropping them all."""
    loop = asyncio.get_running_loop()
    groups: dict[Callable[[list[Any]], list[bool]], list[Connection]] = {}
    for conn in list(_connections):
        if conn.recheck is not None and not conn.closed and conn.loop is loop:
            groups.setdefault(conn.recheck.check_many, []).append(conn)
    for check_many, conns in groups.items():
        items = [conn.recheck.item for conn in conns if conn.recheck is not None]
        try:
            answers = await _in_pool_thread(check_many, items)
        except Exception:
            logger.exception("live stream re-check failed")
            continue
        for conn, ok in zip(conns, answers, strict=True):
            if not ok:
                conn.close()


_CheckKey = tuple[asyncio.AbstractEventLoop, Callable[[list[Any]], list[bool]]]
_pending_checks: dict[_CheckKey, list[tuple[Any, asyncio.Future[bool]]]] = {}
_running_checks: set[_CheckKey] = set()


async def check_now(recheck: Recheck) -> bool:
    """The same check for one stream being opened. Streams opening meanwhile share one
    `check_many` call: one call runs at a time per check function, and the next takes everything
    that arrived while it ran (a reconnect storm of 10,000 phones costs a few dozen checks, not
    10,000 thread hops, database connections and queries)."""
    loop = asyncio.get_running_loop()
    key = (loop, recheck.check_many)
    future: asyncio.Future[bool] = loop.create_future()
    _pending_checks.setdefault(key, []).append((recheck.item, future))
    if key not in _running_checks:
        _running_checks.add(key)
        loop.create_task(_run_checks(key))
    return await future


async def _run_checks(key: _CheckKey) -> None:
    try:
        await asyncio.sleep(0)  # let the streams opening in this same moment join
        while batch := _pending_checks.pop(key, []):
            try:
                answers = await _in_pool_thread(key[1], [item for item, _future in batch])
            except Exception as exc:
                for _item, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for (_item, future), ok in zip(batch, answers, strict=True):
                if not future.done():
                    future.set_result(ok)
    finally:
        _running_checks.discard(key)


async def _in_pool_thread(fn: Callable[[list[Any]], list[bool]], items: list[Any]) -> list[bool]:
    from asgiref.sync import sync_to_async

    return await sync_to_async(fn, thread_sensitive=False)(items)


async def _watch_disconnect(receive: Any, conn: Connection) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            conn.close()
            return


async def serve_sse(
    scope: dict[str, Any],
    receive: Any,
    send: Any,
    *,
    subscriptions: list[Subscription],
    last_event_id: str | None = None,
    on_open: Callable[[], Awaitable[None]] | None = None,
    recheck: Recheck | None = None,
) -> None:
    """Stream the subscribed channels as Server-Sent Events until the client leaves.

    `recheck` is asked every `REVALIDATE_SECONDS`, for all open streams of the process at once
    (session logged out, role changed): when it says no, the stream ends and the client's
    reconnect needs a fresh token."""
    bus = get_bus()
    await bus.start()
    conn = Connection(subscriptions)
    conn.recheck = recheck
    resume = parse_last_event_id(last_event_id, len(subscriptions))
    # A fresh client starts "now". Where this process's reader already delivered an event of
    # the channel, "now" is that event, read from memory in the same step as subscribing below:
    # every later event arrives through the fanout, so no Redis read is needed (reconnect storms).
    live_from = [bus.seen_id(sub.channel) if resume[idx] is None else None for idx, sub in enumerate(subscriptions)]
    for idx, seen in enumerate(live_from):
        if seen is not None:
            conn.last[idx], conn.last_key[idx] = seen, id_key(seen)
    for sub in subscriptions:
        fanout.add(sub.channel, conn)  # before any await: events from here on are queued, deduplicated by id
    for idx, sub in enumerate(subscriptions):
        if live_from[idx] is None:
            # Otherwise one batched read: every stream setting up in this moment shares it.
            conn.last[idx] = resume[idx] if resume[idx] is not None else (await _alast_id(bus, sub.channel) or "0")
            conn.last_key[idx] = id_key(conn.last[idx])
    _connections.add(conn)
    _ensure_heartbeat()
    watcher = asyncio.create_task(_watch_disconnect(receive, conn))
    try:
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"text/event-stream; charset=utf-8"),
            (b"cache-control", b"no-store"),
            (b"x-accel-buffering", b"no"),
        ]})
        chunks = [f"retry: {RETRY_MS}\n\n".encode()]
        replayed = 0
        for idx, sub in enumerate(subscriptions):
            if live_from[idx] is not None:
                continue  # subscribed in the same step as reading the position: no gap to close
            # Everything after the client's position (or after "now" for a fresh client, which
            # closes the gap between reading the position and subscribing).
            for event_id, event in await bus.ahistory(sub.channel, conn.last[idx]):
                if not conn.advance(idx, event_id, event):
                    continue
                if sub.accept(event) and (sub.async_accept is None or await sub.async_accept(event)):
                    chunks.append(f"id: {conn.event_id()}\n".encode() + _frame_data(sub.channel, event_id, event))
                    replayed += resume[idx] is not None
        hello = json.dumps({"type": "hello", "replayed": replayed})
        chunks.append(f"id: {conn.event_id()}\ndata: {hello}\n\n".encode())
        await send({"type": "http.response.body", "body": b"".join(chunks), "more_body": True})
        if on_open is not None:
            await on_open()
        while not conn.closed:
            item = await conn.queue.get()
            batch = [item]
            while not conn.queue.empty() and len(batch) < 100:
                batch.append(conn.queue.get_nowait())
            out: list[bytes] = []
            for entry in batch:
                if entry is None:
                    conn.closed = True
                    break
                if entry == "hb":
                    out.append(b": hb\n\n")
                    continue
                idx, event_id, event = entry
                if not conn.advance(idx, event_id, event):
                    continue  # already sent during replay
                sub = subscriptions[idx]
                if sub.async_accept is not None and not await sub.async_accept(event):
                    continue
                out.append(f"id: {conn.event_id()}\n".encode() + _frame_data(sub.channel, event_id, event))
            if out:
                await send({"type": "http.response.body", "body": b"".join(out), "more_body": True})
        with contextlib.suppress(Exception):
            await send({"type": "http.response.body", "body": b"", "more_body": False})
    except OSError:
        pass
    finally:
        conn.closed = True
        watcher.cancel()
        _connections.discard(conn)
        for sub in subscriptions:
            fanout.remove(sub.channel, conn)


async def _alast_id(bus: Any, channel: str) -> str | None:
    last: str | None = await bus.alast_id(channel)
    return last


async def _close_all() -> None:
    for conn in list(_connections):
        conn.close()


async def _start_bus() -> None:
    await get_bus().start()


async def _stop_bus() -> None:
    await get_bus().stop()


on_startup(_start_bus)
on_shutdown(_close_all)
on_shutdown(_stop_bus)


async def live_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    for fn in _startup:
                        await fn()
                except Exception as exc:
                    logger.exception("live startup failed")
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                for fn in _shutdown:
                    with contextlib.suppress(Exception):
                        await fn()
                await send({"type": "lifespan.shutdown.complete"})
                return
    for prefix, handler in _routes:
        if scope["path"].startswith(prefix):
            await handler(scope, receive, send)
            return
    await respond(send, 404, "Not found")

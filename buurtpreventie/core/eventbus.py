"""Event transports behind one interface: `get_bus().publish(channel, event) -> event id`.

- `MemoryBus` (default): in-process. Each channel has a monotonically increasing id and a
  bounded replay buffer, so an SSE client that reconnects with `Last-Event-ID` gets what it
  missed. Ids survive restarts (`eventjournal`): durable channels (alerts) take the id of their
  row in the database journal and replay from it; other channels use "<process epoch ms>-<n>".
- `RedisBus` (`settings.EVENT_BUS == "redis"`, `REDIS_URL` set): a Lua script appends the event
  to a capped Redis stream per channel (XADD gives the monotonic id; XRANGE replays) and
  PUBLISHes it on one pub/sub channel in the same atomic step. Every ASGI process runs one
  reader (`redis.asyncio`) that hands incoming events to its local `Fanout`, so a client on
  any process sees every event and can replay from any process.
  Every key and the pub/sub channel carry the deployment's prefix (`settings.EVENT_PREFIX`):
  deployments sharing one Redis server never see each other's events (pub/sub ignores the
  database number). Stream set-up reads are batched per channel: all streams asking for a
  channel's newest id, or for what they missed, in the same moment share one Redis read, so a
  reconnect storm of thousands of streams costs a handful of round trips instead of one each.

Event ids are strings "<ms>-<seq>" (Redis, memory) or "<n>" (memory, durable channels); compare
them with `id_key`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
import weakref
from collections import defaultdict, deque
from collections.abc import Callable
from typing import Any, TypeVar

from . import eventjournal, heap

logger = logging.getLogger(__name__)

Listener = Callable[[str, dict[str, Any]], None]
REPLAY_BUFFER = 2000
DEFAULT_PREFIX = "bp"


def pubsub_channel(prefix: str = DEFAULT_PREFIX) -> str:
    return f"{prefix}:events"


def stream_key(channel: str, prefix: str = DEFAULT_PREFIX) -> str:
    return f"{prefix}:stream:{channel}"


def id_key(event_id: str | None) -> tuple[int, int]:
    """Sort key of an event id; malformed or missing ids sort first."""
    if not event_id:
        return (-1, -1)
    head, _sep, tail = event_id.partition("-")
    try:
        return (int(head), int(tail or 0))
    except ValueError:
        return (-1, -1)


class Fanout:
    """Local delivery to the async subscribers (SSE connections) of this process.

    `deliver` may be called from any thread; it hops onto the subscriber's event loop.
    A subscriber is any object with `loop` and `push(channel, event_id, event)` (called on its loop).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subs: dict[str, set[Any]] = defaultdict(set)

    def add(self, channel: str, subscriber: Any) -> None:
        with self._lock:
            self._subs[channel].add(subscriber)

    def remove(self, channel: str, subscriber: Any) -> None:
        with self._lock:
            subs = self._subs.get(channel)
            if subs is not None:
                subs.discard(subscriber)
                if not subs:
                    del self._subs[channel]

    def count(self, channel: str | None = None) -> int:
        with self._lock:
            if channel is not None:
                return len(self._subs.get(channel, ()))
            return sum(len(s) for s in self._subs.values())

    def deliver(self, channel: str, event_id: str, event: dict[str, Any]) -> None:
        with self._lock:
            subs = list(self._subs.get(channel, ()))
        if not subs:
            return
        by_loop: dict[Any, list[Any]] = defaultdict(list)
        for sub in subs:
            by_loop[sub.loop].append(sub)
        for loop, group in by_loop.items():
            try:
                running = asyncio.get_running_loop()
            except RuntimeError:
                running = None
            if running is loop:
                _push_all(group, channel, event_id, event)
            elif not loop.is_closed():
                loop.call_soon_threadsafe(_push_all, group, channel, event_id, event)


PUSH_CHUNK = 64  # subscribers handed an event per event-loop turn
HOLD_GC_FROM = 1_000  # subscribers of one event from which its fan-out holds the garbage collector


class _LoopPusher:
    """Hands events to the subscribers on one event loop, `PUSH_CHUNK` per loop turn, in order.

    Every push wakes one stream, which writes to its socket in the next turn. In chunks, what
    else the loop has to do meanwhile (the response of the request that sent the alert, other
    pages of this process) waits for one chunk of streams instead of all 10,000. Events are
    handed out strictly one after the other (a later event starts when the earlier one reached
    every subscriber), so no stream ever sees them out of order; a small event with nothing
    queued before it is handed out at once, in the caller's step."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.pending: deque[list[Any]] = deque()
        self.scheduled = False
        self.holding = False

    def add(self, group: list[Any], channel: str, event_id: str, event: dict[str, Any]) -> None:
        self.pending.append([group, channel, event_id, event, 0])
        if len(group) >= HOLD_GC_FROM and not self.holding:
            # No garbage collection until the streams have written this event (core/heap.py): a full
            # pass over a process with thousands of streams would delay it on every phone.
            self.holding = True
            heap.hold()
        if not self.scheduled:
            self.scheduled = True
            self.run()

    def run(self) -> None:
        budget = PUSH_CHUNK
        try:
            while self.pending and budget > 0:
                item = self.pending[0]
                group, channel, event_id, event, start = item
                end = min(len(group), start + budget)
                for sub in group[start:end]:
                    try:
                        sub.push(channel, event_id, event)
                    except Exception:  # one broken subscriber must not stop the others
                        logger.exception("live subscriber failed")
                budget -= end - start
                if end >= len(group):
                    self.pending.popleft()
                else:
                    item[4] = end
        finally:
            if self.pending:
                self.loop.call_soon(self.run)
            else:
                self.scheduled = False
                if self.holding:
                    # After the streams woken by the last chunk (scheduled before this) have written.
                    self.loop.call_soon(self.release)

    def release(self) -> None:
        if self.holding and not self.pending:
            self.holding = False
            heap.release()


_pushers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopPusher] = weakref.WeakKeyDictionary()
_pushers_lock = threading.Lock()


def _push_all(group: list[Any], channel: str, event_id: str, event: dict[str, Any]) -> None:
    """On the subscribers' loop: queue the event for them (see `_LoopPusher`)."""
    loop = group[0].loop
    with _pushers_lock:
        pusher = _pushers.get(loop)
        if pusher is None:
            pusher = _pushers[loop] = _LoopPusher(loop)
    pusher.add(group, channel, event_id, event)


fanout = Fanout()


_last_epoch = 0


def _new_epoch() -> int:
    """Milliseconds since 1970 at the bus's start: larger than every id of an earlier process."""
    global _last_epoch
    _last_epoch = max(int(time.time() * 1000), _last_epoch + 1)
    return _last_epoch


class MemoryBus:
    kind = "memory"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._durable_lock = threading.Lock()  # journal id order == delivery order
        self._listeners: dict[str, list[Listener]] = defaultdict(list)
        self._seq: dict[str, int] = defaultdict(int)
        self._buffers: dict[str, deque[tuple[str, dict[str, Any]]]] = {}
        self._last: dict[str, str] = {}
        self.epoch = _new_epoch()
        self.published: list[tuple[str, dict[str, Any]]] = []

    def publish(self, channel: str, event: dict[str, Any]) -> str:
        if not eventjournal.is_durable(channel):
            return self._publish(channel, event, None)
        with self._durable_lock:
            try:
                journal_id: int | None = eventjournal.append(channel, event)
            except Exception:  # the database is gone: still deliver live, with an id after the last
                logger.exception("event journal write failed; %s delivered without a durable id", channel)
                journal_id = None
            return self._publish(channel, event, journal_id)

    def _publish(self, channel: str, event: dict[str, Any], journal_id: int | None) -> str:
        with self._lock:
            self._seq[channel] += 1
            if journal_id is not None:
                event_id = str(journal_id)
            elif eventjournal.is_durable(channel):
                event_id = f"{id_key(self._last.get(channel))[0]}-{self._seq[channel]}"
            else:
                event_id = f"{self.epoch}-{self._seq[channel]}"
            self._last[channel] = event_id
            buffer = self._buffers.setdefault(channel, deque(maxlen=REPLAY_BUFFER))
            buffer.append((event_id, event))
            self.published.append((channel, event))
            del self.published[:-1000]
            listeners = list(self._listeners.get(channel, ())) + list(self._listeners.get("*", ()))
        for listener in listeners:
            listener(channel, event)
        fanout.deliver(channel, event_id, event)
        return event_id

    def subscribe(self, channel: str, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners[channel].append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners[channel]:
                    self._listeners[channel].remove(listener)

        return unsubscribe

    def history(self, channel: str, after_id: str | None) -> list[tuple[str, dict[str, Any]]]:
        after = id_key(after_id)
        with self._lock:
            if eventjournal.is_durable(channel):
                last = self._last.get(channel)
                if last is not None and after >= id_key(last):
                    return []  # up to date: no database read (reconnect storms)
            else:
                return [(i, e) for i, e in self._buffers.get(channel, ()) if id_key(i) > after]
        return eventjournal.since(channel, max(after[0], 0), REPLAY_BUFFER)

    async def ahistory(self, channel: str, after_id: str | None) -> list[tuple[str, dict[str, Any]]]:
        if not eventjournal.is_durable(channel):
            return self.history(channel, after_id)
        with self._lock:
            last = self._last.get(channel)
        if last is not None and id_key(after_id) >= id_key(last):
            return []
        return await _in_thread(self.history, channel, after_id)

    def last_id(self, channel: str) -> str | None:
        with self._lock:
            last = self._last.get(channel)
        if last is None and eventjournal.is_durable(channel):
            stored = eventjournal.last(channel)
            if stored is not None:
                with self._lock:
                    last = self._last.setdefault(channel, str(stored))
        return last

    async def alast_id(self, channel: str) -> str | None:
        with self._lock:
            last = self._last.get(channel)
        if last is None and eventjournal.is_durable(channel):
            return await _in_thread(self.last_id, channel)
        return last

    def seen_id(self, channel: str) -> str | None:
        """Memory bus: the history read after `alast_id` is already free of I/O; no shortcut."""
        return None

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None


_T = TypeVar("_T")


async def _in_thread(fn: Callable[..., _T], *args: Any) -> _T:
    """Database work from the async stream path, in a pool thread that keeps no connection."""
    from asgiref.sync import sync_to_async
    from django.db import connections

    def run() -> _T:
        try:
            return fn(*args)
        finally:
            connections.close_all()

    return await sync_to_async(run, thread_sensitive=False)()


_PUBLISH_LUA = """
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[4] .. '\\n' .. id .. '\\n' .. ARGV[2])
return id
"""


class _HistoryBatch:
    """Streams waiting for the same channel's history; one XRANGE answers them all."""

    __slots__ = ("loop", "started", "waiters")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.started = False
        self.waiters: list[tuple[str | None, asyncio.Future[list[tuple[str, dict[str, Any]]]]]] = []


class RedisBus:
    """Redis streams for ids + replay, one pub/sub channel for delivery to every process."""

    kind = "redis"

    def __init__(self, url: str, *, prefix: str = DEFAULT_PREFIX, local: Fanout | None = None) -> None:
        import redis

        self.url = url
        self.prefix = prefix
        self.channel = pubsub_channel(prefix)
        self.fanout = local if local is not None else fanout
        self._sync = redis.Redis.from_url(url)
        self._script = self._sync.register_script(_PUBLISH_LUA)
        self._listeners: dict[str, list[Listener]] = defaultdict(list)
        self._lock = threading.Lock()
        self._async: Any = None
        self._reader: asyncio.Task[None] | None = None
        # Per channel: the one Redis read that concurrent stream set-ups share.
        self._pending_last: dict[str, asyncio.Future[str]] = {}
        self._pending_history: dict[str, _HistoryBatch] = {}
        # Per channel: the id of the last event this process's reader delivered (only while the
        # reader is connected; cleared whenever it reconnects, since pub/sub drops what it missed).
        self._seen: dict[str, str] = {}
        self.redis_reads = 0  # Redis round trips made for stream setup (the reconnect-storm figure)
        self.published: list[tuple[str, dict[str, Any]]] = []

    def key(self, channel: str) -> str:
        return stream_key(channel, self.prefix)

    def publish(self, channel: str, event: dict[str, Any]) -> str:
        payload = json.dumps(event, separators=(",", ":"), default=str)
        raw = self._script(keys=[self.key(channel)], args=[REPLAY_BUFFER, payload, self.channel, channel])
        event_id = raw.decode() if isinstance(raw, bytes) else str(raw)
        with self._lock:
            self.published.append((channel, event))
            del self.published[:-1000]
            listeners = list(self._listeners.get(channel, ())) + list(self._listeners.get("*", ()))
        for listener in listeners:
            listener(channel, event)
        return event_id

    def subscribe(self, channel: str, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners[channel].append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners[channel]:
                    self._listeners[channel].remove(listener)

        return unsubscribe

    @staticmethod
    def _decode_range(rows: list[Any]) -> list[tuple[str, dict[str, Any]]]:
        result = []
        for raw_id, fields in rows:
            event_id = raw_id.decode() if isinstance(raw_id, bytes) else raw_id
            data = fields.get(b"e") or fields.get("e")
            result.append((event_id, json.loads(data)))
        return result

    def history(self, channel: str, after_id: str | None) -> list[tuple[str, dict[str, Any]]]:
        start = f"({after_id}" if id_key(after_id) >= (0, 0) else "-"
        rows: Any = self._sync.xrange(self.key(channel), min=start, max="+")
        return self._decode_range(rows)

    async def ahistory(self, channel: str, after_id: str | None) -> list[tuple[str, dict[str, Any]]]:
        """Events after `after_id`; concurrent callers for one channel share one XRANGE."""
        loop = asyncio.get_running_loop()
        batch = self._pending_history.get(channel)
        if batch is None or batch.started or batch.loop is not loop:
            batch = _HistoryBatch(loop)
            self._pending_history[channel] = batch
            loop.create_task(self._read_history(channel, batch))
        future: asyncio.Future[list[tuple[str, dict[str, Any]]]] = loop.create_future()
        batch.waiters.append((after_id, future))
        return await future

    async def _read_history(self, channel: str, batch: _HistoryBatch) -> None:
        await asyncio.sleep(0)  # let the streams set up in this same moment join
        batch.started = True
        if self._pending_history.get(channel) is batch:
            del self._pending_history[channel]
        afters = [id_key(after) for after, _f in batch.waiters]
        lowest = min(afters)
        start = "-"
        if lowest >= (0, 0):
            start = "(" + next(a for a, _f in batch.waiters if id_key(a) == lowest)  # type: ignore[operator]
        try:
            client = self._async_client()
            self.redis_reads += 1
            rows = self._decode_range(await client.xrange(self.key(channel), min=start, max="+"))
        except Exception as exc:
            for _after, future in batch.waiters:
                if not future.done():
                    future.set_exception(exc)
            return
        keyed = [(id_key(i), i, e) for i, e in rows]
        for after, (_a, future) in zip(afters, batch.waiters, strict=True):
            if not future.done():
                future.set_result([(i, e) for k, i, e in keyed if k > after])

    def last_id(self, channel: str) -> str | None:
        rows = self._sync.xrevrange(self.key(channel), count=1)
        if not rows:
            return None
        raw = rows[0][0]
        return raw.decode() if isinstance(raw, bytes) else raw

    async def alast_id(self, channel: str) -> str | None:
        """The channel's newest id; concurrent callers for one channel share one Redis read."""
        pending = self._pending_last.get(channel)
        if pending is None or pending.get_loop() is not asyncio.get_running_loop():
            pending = asyncio.ensure_future(self._read_last(channel))
            self._pending_last[channel] = pending
            pending.add_done_callback(lambda f: self._pending_last.pop(channel, None)
                                      if self._pending_last.get(channel) is f else None)
        value = await asyncio.shield(pending)
        return value if value != "0" else None

    async def _read_last(self, channel: str) -> str:
        client = self._async_client()
        self.redis_reads += 1
        rows = await client.xrevrange(self.key(channel), count=1)
        raw = rows[0][0] if rows else b"0"
        return raw.decode() if isinstance(raw, bytes) else str(raw)

    def seen_id(self, channel: str) -> str | None:
        """The channel's position as delivered to this process, without a Redis read; None when
        unknown (no event since the reader (re)connected) or not on the reader's event loop.

        A stream subscribed to the local fanout in the same step (no await in between) gets every
        later event through the reader, so it needs neither `alast_id` nor a history read: a
        reconnect storm of fresh streams costs no Redis round trip at all."""
        reader = self._reader
        if reader is None or reader.done():
            return None
        try:
            if reader.get_loop() is not asyncio.get_running_loop():
                return None
        except RuntimeError:
            return None
        return self._seen.get(channel)

    def _async_client(self) -> Any:
        import redis.asyncio as aioredis

        loop = asyncio.get_running_loop()
        if self._async is None or self._async[0] is not loop:
            # A blocking pool: a reconnect storm of thousands of streams waits for one of a bounded
            # number of connections instead of failing with MaxConnectionsError (redis-py's default
            # pool refuses the 101st concurrent command).
            pool = aioredis.BlockingConnectionPool.from_url(self.url, max_connections=64, timeout=30)
            self._async = (loop, aioredis.Redis(connection_pool=pool))
        return self._async[1]

    async def start(self) -> None:
        if self._reader is None or self._reader.done():
            ready = asyncio.Event()
            self._reader = asyncio.create_task(self._read(ready))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(ready.wait(), 5)

    async def stop(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
            self._reader = None

    async def _read(self, ready: asyncio.Event) -> None:
        import redis.asyncio as aioredis

        backoff = 0.2
        while True:
            client = aioredis.Redis.from_url(self.url)
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            try:
                self._seen.clear()  # events published while not subscribed never reach this process
                await pubsub.subscribe(self.channel)
                ready.set()
                backoff = 0.2
                async for message in pubsub.listen():
                    if message.get("type") != "message":
                        continue
                    data = message["data"]
                    text = data.decode() if isinstance(data, bytes) else data
                    channel, event_id, payload = text.split("\n", 2)
                    self._seen[channel] = event_id  # same step as the delivery: no gap for a new stream
                    self.fanout.deliver(channel, event_id, json.loads(payload))
            except asyncio.CancelledError:
                self._seen.clear()
                raise
            except Exception:
                self._seen.clear()
                logger.exception("redis event reader lost its connection; reconnecting")
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
                    await client.aclose()


Bus = MemoryBus | RedisBus
_bus: Bus | None = None
_bus_lock = threading.Lock()


def get_bus() -> Bus:
    global _bus
    if _bus is None:
        with _bus_lock:
            if _bus is None:
                from django.conf import settings

                if getattr(settings, "EVENT_BUS", "memory") == "redis" and getattr(settings, "REDIS_URL", ""):
                    _bus = RedisBus(settings.REDIS_URL, prefix=getattr(settings, "EVENT_PREFIX", "") or DEFAULT_PREFIX)
                else:
                    _bus = MemoryBus()
    return _bus


def reset_bus() -> None:
    """Tests: forget the bus (the next `get_bus()` builds a fresh one from settings)."""
    global _bus
    _bus = None

"""A reconnect storm of fresh streams on the Redis bus costs no Redis read once the process's
reader has delivered an event of the channel: the position comes from memory, in the same step as
subscribing, and every later event still arrives exactly once, after the stream's hello."""

from __future__ import annotations

import asyncio
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from buurtpreventie.core import eventbus
from buurtpreventie.core.eventbus import RedisBus, fanout
from buurtpreventie.core.live import Subscription, serve_sse

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/7"
STREAMS = 300


class Client:
    def __init__(self) -> None:
        self.body = b""
        self.gone = asyncio.Event()

    async def receive(self) -> dict[str, Any]:
        await self.gone.wait()
        return {"type": "http.disconnect"}

    async def send(self, message: dict[str, Any]) -> None:
        self.body += message.get("body", b"")

    def events(self) -> list[tuple[str | None, dict[str, Any]]]:
        out = []
        for block in self.body.decode().split("\n\n"):
            lines = dict(line.split(": ", 1) for line in block.split("\n") if ": " in line and not line.startswith(":"))
            if "data" in lines:
                out.append((lines.get("id"), json.loads(lines["data"])))
        return out


async def _until(predicate: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.02)


def test_fresh_streams_take_their_position_from_the_reader_without_a_redis_read():
    channel = "municipality:1:alerts"
    bus = RedisBus(REDIS_URL, prefix=f"test-seen-{os.getpid()}")

    async def scenario() -> dict[str, Any]:
        eventbus._bus = bus
        await bus.start()
        clients: list[Client] = []
        others: list[Client] = []
        tasks: list[asyncio.Task[None]] = []
        try:
            before = bus.publish(channel, {"type": "alert", "n": 0})
            await _until(lambda: bus.seen_id(channel) == before)  # the reader delivered it
            reads = bus.redis_reads
            for _ in range(STREAMS):
                client = Client()
                clients.append(client)
                tasks.append(asyncio.create_task(serve_sse(
                    {"type": "http"}, client.receive, client.send, subscriptions=[Subscription(channel)])))
            await _until(lambda: all(b'"hello"' in c.body for c in clients))
            storm_reads = bus.redis_reads - reads
            after = bus.publish(channel, {"type": "alert", "n": 1})
            await _until(lambda: all(b'"n":1' in c.body for c in clients))
            # A reconnect with an old position still replays from Redis (the one source of truth).
            resumed = Client()
            others.append(resumed)
            tasks.append(asyncio.create_task(serve_sse(
                {"type": "http"}, resumed.receive, resumed.send, subscriptions=[Subscription(channel)],
                last_event_id=f"0={before}")))
            await _until(lambda: b'"hello"' in resumed.body)
            return {"storm_reads": storm_reads, "after": after, "clients": clients, "resumed": resumed}
        finally:
            for client in clients + others:
                client.gone.set()
            await asyncio.gather(*tasks, return_exceptions=True)
            await bus.stop()
            eventbus.reset_bus()

    try:
        with ThreadPoolExecutor(max_workers=1) as pool:  # browser tests may hold this thread's loop
            r = pool.submit(asyncio.run, scenario()).result(timeout=90)
        assert r["storm_reads"] == 0
        for client in r["clients"]:
            assert [e.get("n", "hello") for _i, e in client.events()] == ["hello", 1]  # n=0 was before "now"
            assert client.events()[-1][0] == f"0={r['after']}"
        assert [e.get("n", "hello") for _i, e in r["resumed"].events()] == [1, "hello"]
        assert fanout.count(channel) == 0
    finally:
        bus._sync.delete(bus.key(channel))


def test_the_memory_position_is_forgotten_when_the_reader_is_not_running():
    bus = RedisBus(REDIS_URL, prefix=f"test-seen-stop-{os.getpid()}")
    bus._seen["c"] = "1-0"

    async def check() -> str | None:
        return bus.seen_id("c")

    assert asyncio.run(check()) is None  # no reader on this loop: the caller reads Redis instead

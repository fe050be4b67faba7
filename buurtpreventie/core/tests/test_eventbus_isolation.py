"""Two deployments on one Redis server never see each other's events, and a reconnect storm
shares one Redis read per channel instead of one per stream."""

from __future__ import annotations

import asyncio
import os
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.conf import settings
from django.test import override_settings

from buurtpreventie.core import eventbus
from buurtpreventie.core.eventbus import Fanout, RedisBus

# Both deployments on the same server *and* database: pub/sub ignores the database number, so
# this is the case a prefix must handle (different db numbers only separate the stream keys).
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/7"


class Recorder:
    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.events: list[tuple[str, str, dict[str, Any]]] = []

    def push(self, channel: str, event_id: str, event: dict[str, Any]) -> None:
        self.events.append((channel, event_id, event))


def _run(coro: Any) -> Any:
    # In its own thread: browser tests may keep an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result(timeout=60)


async def _until(predicate: Any, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.02)


def test_two_deployments_on_one_redis_server_are_isolated():
    pid = os.getpid()
    channel = "municipality:1:alerts"  # the same channel name exists in every deployment
    a = RedisBus(REDIS_URL, prefix=f"test-deploy-a-{pid}", local=Fanout())
    b = RedisBus(REDIS_URL, prefix=f"test-deploy-b-{pid}", local=Fanout())

    async def scenario() -> tuple[Recorder, Recorder, str]:
        await a.start()
        await b.start()
        try:
            seen_a, seen_b = Recorder(), Recorder()
            a.fanout.add(channel, seen_a)
            b.fanout.add(channel, seen_b)
            event_id = b.publish(channel, {"type": "alert", "situation": "only for b"})
            await _until(lambda: seen_b.events)
            await asyncio.sleep(0.3)  # time enough for a leak to arrive
            return seen_a, seen_b, event_id
        finally:
            await a.stop()
            await b.stop()

    try:
        seen_a, seen_b, event_id = _run(scenario())
        assert seen_b.events == [(channel, event_id, {"type": "alert", "situation": "only for b"})]
        assert seen_a.events == []
        assert [e for _i, e in b.history(channel, None)] == [{"type": "alert", "situation": "only for b"}]
        assert a.history(channel, None) == []  # stream keys are separate too
        assert a.last_id(channel) is None
    finally:
        a._sync.delete(a.key(channel))
        b._sync.delete(b.key(channel))


def test_the_default_prefix_differs_per_database_and_reaches_the_bus_and_cache():
    from config.settings.base import deployment_prefix

    assert deployment_prefix("buurtpreventie_utrecht") != deployment_prefix("buurtpreventie_nijmegen")
    assert deployment_prefix("/srv/a/var/db.sqlite3") != deployment_prefix("/srv/b/var/db.sqlite3")
    assert settings.EVENT_PREFIX
    if "KEY_PREFIX" in settings.CACHES["default"] or "redis" in settings.CACHES["default"]["BACKEND"].lower():
        assert settings.CACHES["default"]["KEY_PREFIX"] == settings.EVENT_PREFIX
    with override_settings(EVENT_BUS="redis", REDIS_URL=REDIS_URL, EVENT_PREFIX="gemeente-x"):
        eventbus.reset_bus()
        try:
            bus = eventbus.get_bus()
            assert isinstance(bus, RedisBus)
            assert bus.channel == "gemeente-x:events"
            assert bus.key("municipality:1:live") == "gemeente-x:stream:municipality:1:live"
        finally:
            eventbus.reset_bus()


@pytest.mark.parametrize("streams", [1000])
def test_reconnect_storm_shares_one_redis_read_per_channel(streams: int):
    bus = RedisBus(REDIS_URL, prefix=f"test-storm-{os.getpid()}", local=Fanout())
    busy, quiet = "municipality:1:alerts", "municipality:1:live"

    async def scenario() -> dict[str, Any]:
        await bus.start()
        try:
            ids = [bus.publish(busy, {"type": "alert", "n": n}) for n in range(3)]
            reads_before = bus.redis_reads
            # 1,000 phones reconnect (from two different positions) and 1,000 fresh streams ask
            # where "now" is, all in the same moment.
            replays = await asyncio.gather(*[bus.ahistory(busy, ids[i % 2]) for i in range(streams)])
            replay_reads = bus.redis_reads - reads_before
            lasts = await asyncio.gather(*[bus.alast_id(busy) for _ in range(streams)])
            quiet_lasts = await asyncio.gather(*[bus.alast_id(quiet) for _ in range(streams)])
            last_reads = bus.redis_reads - reads_before - replay_reads
            # Published after the storm: the next reader sees it (nothing is served stale).
            later = bus.publish(busy, {"type": "alert", "n": 3})
            after = await bus.ahistory(busy, ids[-1])
            return {"ids": ids, "replays": replays, "replay_reads": replay_reads, "lasts": lasts,
                    "quiet_lasts": quiet_lasts, "last_reads": last_reads, "later": later, "after": after}
        finally:
            await bus.stop()

    try:
        r = _run(scenario())
        assert r["replay_reads"] == 1
        assert all([i for i, _e in replay] == r["ids"][1 + n % 2:] for n, replay in enumerate(r["replays"]))
        assert set(r["lasts"]) == {r["ids"][-1]} and set(r["quiet_lasts"]) == {None}
        assert r["last_reads"] == 2  # one per channel
        assert [i for i, _e in r["after"]] == [r["later"]]
    finally:
        bus._sync.delete(bus.key(busy), bus.key(quiet))

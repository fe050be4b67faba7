"""The Redis event bus survives a reconnect storm: many streams asking for replay at once."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor

from buurtpreventie.core.eventbus import RedisBus

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/3"


def test_many_concurrent_replays_wait_for_a_connection_instead_of_failing():
    bus = RedisBus(REDIS_URL)
    channel = f"test:storm:{os.getpid()}"
    first = bus.publish(channel, {"type": "alert", "n": 1})
    bus.publish(channel, {"type": "alert", "n": 2})

    async def storm() -> list[object]:
        return await asyncio.gather(*[bus.ahistory(channel, first) for _ in range(500)], return_exceptions=True)

    # In its own thread: browser tests may keep an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(asyncio.run, storm()).result(timeout=60)
    errors = [r for r in results if isinstance(r, BaseException)]
    assert not errors, errors[:1]
    assert all([event["n"] for _id, event in r] == [2] for r in results)  # type: ignore[attr-defined]
    bus._sync.delete(bus.key(channel))

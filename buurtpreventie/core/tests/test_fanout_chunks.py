"""A large fan-out is handed out in chunks per event-loop turn, in order per subscriber, so other
work on the loop (the response of the request that sent the alert) does not wait for all streams."""

from __future__ import annotations

import asyncio
from typing import Any

from buurtpreventie.core.eventbus import PUSH_CHUNK, Fanout


class Sub:
    def __init__(self, loop: asyncio.AbstractEventLoop, log: list[str]) -> None:
        self.loop = loop
        self.got: list[str] = []
        self.log = log

    def push(self, channel: str, event_id: str, event: dict[str, Any]) -> None:
        self.got.append(event_id)
        self.log.append("push")


def test_chunks_keep_order_and_let_other_work_in() -> None:
    async def scenario() -> tuple[list[Sub], list[str]]:
        loop = asyncio.get_running_loop()
        log: list[str] = []
        fan = Fanout()
        subs = [Sub(loop, log) for _ in range(4 * PUSH_CHUNK + 10)]
        for sub in subs:
            fan.add("c", sub)
        fan.deliver("c", "1-0", {"n": 1})
        loop.call_soon(log.append, "other")  # e.g. the HTTP response of the sending request
        fan.add("c", Sub(loop, log))  # a stream joining meanwhile changes the set's order
        fan.deliver("c", "2-0", {"n": 2})
        fan.deliver("c", "3-0", {"n": 3})
        for _ in range(50):
            await asyncio.sleep(0)
        return subs, log

    subs, log = asyncio.run(scenario())
    assert all(sub.got == ["1-0", "2-0", "3-0"] for sub in subs)
    # the other callback waited for the chunk already queued before it, not for every subscriber
    assert log.index("other") == 2 * PUSH_CHUNK < len(subs)


def test_small_fanout_is_handed_out_at_once() -> None:
    async def scenario() -> list[Sub]:
        loop = asyncio.get_running_loop()
        fan = Fanout()
        subs = [Sub(loop, []) for _ in range(10)]
        for sub in subs:
            fan.add("c", sub)
        fan.deliver("c", "1-0", {})
        return subs

    assert all(sub.got == ["1-0"] for sub in asyncio.run(scenario()))

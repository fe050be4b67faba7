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


def test_a_large_fanout_holds_the_garbage_collector_until_its_streams_have_written() -> None:
    """No collection starts while thousands of streams get an event (core/heap.py); it runs again after."""
    import gc

    from buurtpreventie.core.eventbus import HOLD_GC_FROM

    class Stream(Sub):
        """Like a live stream: woken by the push, writes in a later loop turn."""

        def push(self, channel: str, event_id: str, event: dict[str, Any]) -> None:
            self.loop.call_soon(self.write, event_id)

        def write(self, event_id: str) -> None:
            self.got.append(event_id)
            self.log.append("on" if gc.isenabled() else "off")

    async def scenario() -> tuple[list[Stream], list[str], bool]:
        loop = asyncio.get_running_loop()
        log: list[str] = []
        fan = Fanout()
        streams = [Stream(loop, log) for _ in range(HOLD_GC_FROM + PUSH_CHUNK)]
        for stream in streams:
            fan.add("c", stream)
        fan.deliver("c", "1-0", {"n": 1})
        held = not gc.isenabled()
        for _ in range(100):
            await asyncio.sleep(0)
        return streams, log, held

    assert gc.isenabled()
    streams, log, held = asyncio.run(scenario())
    assert held
    assert all(stream.got == ["1-0"] for stream in streams)
    assert log == ["off"] * len(streams)  # every stream wrote with the collector held
    assert gc.isenabled()  # and it is back on afterwards


def test_a_small_fanout_leaves_the_collector_alone() -> None:
    import gc

    async def scenario() -> bool:
        loop = asyncio.get_running_loop()
        fan = Fanout()
        for _ in range(10):
            fan.add("c", Sub(loop, []))
        fan.deliver("c", "1-0", {})
        return gc.isenabled()

    assert asyncio.run(scenario())

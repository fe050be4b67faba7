"""Open streams are re-checked (logged out? role changed?) all at once per process: one call of the
check function with every stream's item, not one thread hop and cache read per stream."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from buurtpreventie.core import eventbus, live
from buurtpreventie.core.eventbus import MemoryBus
from buurtpreventie.core.live import Recheck, Subscription, serve_sse

from .test_stream_setup_from_memory import Client, _until

STREAMS = 40


def test_one_check_for_all_open_streams_closes_only_the_refused() -> None:
    calls: list[list[Any]] = []

    def check_many(items: list[Any]) -> list[bool]:
        calls.append(list(items))
        return [item != 7 for item in items]

    async def scenario() -> tuple[list[Client], list[asyncio.Task[None]]]:
        eventbus._bus = MemoryBus()
        clients = [Client() for _ in range(STREAMS)]
        tasks = [asyncio.create_task(serve_sse({"type": "http"}, c.receive, c.send,
                                               subscriptions=[Subscription("test:recheck")],
                                               recheck=Recheck(check_many, i)))
                 for i, c in enumerate(clients)]
        try:
            await _until(lambda: all(b'"hello"' in c.body for c in clients))
            await live.recheck_open_streams()
            await _until(lambda: tasks[7].done())
            await asyncio.sleep(0.05)
            return clients, [t for t in tasks if not t.done()]
        finally:
            for c in clients:
                c.gone.set()
            await asyncio.gather(*tasks, return_exceptions=True)
            eventbus.reset_bus()

    with ThreadPoolExecutor(max_workers=1) as pool:  # browser tests may hold this thread's loop
        _clients, still_open = pool.submit(asyncio.run, scenario()).result(timeout=60)
    assert len(calls) == 1
    assert sorted(calls[0]) == list(range(STREAMS))
    assert len(still_open) == STREAMS - 1


def test_streams_opening_together_share_one_check() -> None:
    calls: list[list[Any]] = []

    def check_many(items: list[Any]) -> list[bool]:
        calls.append(list(items))
        return [item % 2 == 0 for item in items]

    async def scenario() -> list[bool]:
        return list(await asyncio.gather(*(live.check_now(Recheck(check_many, i)) for i in range(STREAMS))))

    assert asyncio.run(scenario()) == [i % 2 == 0 for i in range(STREAMS)]
    assert len(calls) == 1

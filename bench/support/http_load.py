"""A small closed-loop HTTP/1.1 load generator for the benches: keep-alive sockets, pre-built
requests, several client processes so the client is never the one-core bottleneck.

`run_load(port, make_request, seconds, processes, connections)` returns requests/s, latency
percentiles and errors. `make_request(n)` returns the raw request bytes for the n-th request of
a connection (a POST may put a fresh id in its body)."""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

RequestFactory = Callable[[int, int], bytes]  # (process, n) -> raw request


def request_bytes(method: str, path: str, *, headers: dict[str, str], body: bytes = b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: keep-alive"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    if body or method != "GET":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _one_connection(port: int, make: RequestFactory, proc: int, conn: int, until: float,
                          latencies: list[float], statuses: dict[int, int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    n = conn * 1_000_000
    try:
        while time.perf_counter() < until:
            request = make(proc, n)
            n += 1
            t0 = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if length:
                await reader.readexactly(length)
            latencies.append(time.perf_counter() - t0)
            statuses[status] = statuses.get(status, 0) + 1
            if b"connection: close" in head.lower():
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
    finally:
        writer.close()


def _client_process(port: int, make: RequestFactory, proc: int, connections: int, start_at: float,
                    seconds: float, out: Any) -> None:
    async def main() -> tuple[list[float], dict[int, int]]:
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        delay = start_at - time.time()
        if delay > 0:
            await asyncio.sleep(delay)
        until = time.perf_counter() + seconds
        await asyncio.gather(*[_one_connection(port, make, proc, c, until, latencies, statuses)
                               for c in range(connections)])
        return latencies, statuses

    out.put(asyncio.run(main()))


@dataclass
class LoadResult:
    rate: float
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)

    def pct_ms(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        s = sorted(self.latencies)
        return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] * 1000

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 400)


def run_load(port: int, make: RequestFactory, *, seconds: float, processes: int, connections: int) -> LoadResult:
    ctx = mp.get_context("fork")
    out = ctx.Queue()
    start_at = time.time() + 0.3
    procs = [ctx.Process(target=_client_process, args=(port, make, p, connections, start_at, seconds, out))
             for p in range(processes)]
    for p in procs:
        p.start()
    results = [out.get(timeout=seconds + 120) for _ in procs]
    for p in procs:
        p.join()
    latencies = [x for lat, _s in results for x in lat]
    statuses: dict[int, int] = {}
    for _lat, st in results:
        for k, v in st.items():
            statuses[k] = statuses.get(k, 0) + v
    ok = sum(n for status, n in statuses.items() if status < 400)
    return LoadResult(ok / seconds, latencies, statuses)

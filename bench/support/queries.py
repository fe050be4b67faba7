"""What one request costs in queries, printed the same way by every bench's --profile."""

from __future__ import annotations

from collections.abc import Callable


def show_queries(call: Callable[[], object], *, label: str, warm: int = 2, width: int = 140) -> int:
    """Run `call` `warm` times (caches warm, as on a running server), then once more while counting
    its queries; print the count and each query with its time. Returns the count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warm):
        call()
    with CaptureQueriesContext(connection) as ctx:
        call()
    print(f"queries of one {label}: {len(ctx.captured_queries)}")
    for q in ctx.captured_queries:
        print(f"  {float(q['time']) * 1000:6.1f} ms  {q['sql'][:width]}")
    return len(ctx.captured_queries)

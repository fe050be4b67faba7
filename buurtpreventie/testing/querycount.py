"""Pages must cost a fixed number of queries, whatever the size of the data behind them.

`queries_for(client, url)` loads the page and returns (status, number of queries). Tests load a
page with a little data, add more of everything the page lists, load it again and assert the
count did not move (and stays within a budget with `django_assert_max_num_queries`)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client: Any, url: str) -> tuple[int, int]:
    client.get(url)  # warm per-process caches (geometry, reference data), as a running server has them
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response.status_code, len(ctx.captured_queries)


def query_list(client: Any, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return [q["sql"] for q in ctx.captured_queries]

"""Durable event ids for the in-process bus (`MemoryBus`).

Channels registered as durable (`register_durable_suffix(":alerts")`) are journalled in
`core.LiveEvent`: the row id is the event id, so ids survive restarts and deploys and a client
that reconnects with an old `Last-Event-ID` is replayed exactly what it missed, from the
database. Other channels (positions, rounds) use ids "<process epoch ms>-<n>": still larger
than any id of an earlier process, but not replayed across a restart (they are superseded by
the next position anyway). The Redis bus needs none of this: its streams keep the ids.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

logger = logging.getLogger(__name__)

_durable_suffixes: set[str] = set()
JOURNAL_RETENTION = timedelta(days=2)
PURGE_EVERY = 500


def register_durable_suffix(suffix: str) -> None:
    _durable_suffixes.add(suffix)


def is_durable(channel: str) -> bool:
    return any(channel.endswith(s) for s in _durable_suffixes)


_appended = 0


def append(channel: str, event: dict[str, Any]) -> int:
    """Store the event; its id. Called from async code (rare: services publish after commit, in
    sync code), the write runs in a short-lived thread, since the ORM refuses the event loop."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _append(channel, event)
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def run() -> int:
        try:
            return _append(channel, event)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def _append(channel: str, event: dict[str, Any]) -> int:
    """Every PURGE_EVERY appends, rows older than the retention go."""
    global _appended
    from django.utils import timezone

    from .models import LiveEvent

    public = {k: v for k, v in event.items() if not k.startswith("_")}
    row = LiveEvent.objects.create(channel=channel, event=public)
    _appended += 1
    if _appended % PURGE_EVERY == 0:
        LiveEvent.objects.filter(created_at__lt=timezone.now() - JOURNAL_RETENTION).delete()
    return int(row.pk)


def since(channel: str, after: int, limit: int) -> list[tuple[str, dict[str, Any]]]:
    from .models import LiveEvent

    rows = LiveEvent.objects.filter(channel=channel, pk__gt=after).order_by("pk").values_list("pk", "event")[:limit]
    return [(str(pk), event) for pk, event in rows]


def last(channel: str) -> int | None:
    from .models import LiveEvent

    return LiveEvent.objects.filter(channel=channel).order_by("-pk").values_list("pk", flat=True).first()

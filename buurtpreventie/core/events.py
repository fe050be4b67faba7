"""Real-time events: published by services only, and only after the transaction commits.

`send_event_on_commit(channel=..., event=...)` is the one call domain code makes. The transport
(in-process by default, Redis pub/sub when configured) is chosen by `settings.EVENT_BUS` and
lives in `buurtpreventie.core.eventbus` so domain apps never care which one runs.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction


def send_event_on_commit(*, channel: str, event: dict[str, Any]) -> None:
    from .eventbus import get_bus

    def _publish() -> None:
        get_bus().publish(channel, event)

    transaction.on_commit(_publish)

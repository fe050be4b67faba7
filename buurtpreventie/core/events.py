"""Real-time events: published by services only, and only after the transaction commits.

`send_event_on_commit(channel=..., event=...)` is the one call domain code makes; the channel comes
from the registry in `buurtpreventie.core.channels` (an unknown channel is refused). The transport
(in-process by default, Redis pub/sub when configured) is chosen by `settings.EVENT_BUS` and
lives in `buurtpreventie.core.eventbus` so domain apps never care which one runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from .channels import topic_of


def send_event_on_commit(*, channel: str, event: Mapping[str, Any]) -> None:
    from .eventbus import get_bus

    topic_of(channel)  # ValueError: publish only to channels someone subscribes to
    event = dict(event)

    def _publish() -> None:
        get_bus().publish(channel, event)

    transaction.on_commit(_publish)

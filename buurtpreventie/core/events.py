"""Real-time events: published by services only, and only after the transaction commits.

`send_event_on_commit(channel=..., event=...)` is the one call domain code makes; the channel comes
from the registry in `buurtpreventie.core.channels` (an unknown channel is refused). The transport
(in-process by default, Redis pub/sub when configured) is chosen by `settings.EVENT_BUS` and
lives in `buurtpreventie.core.eventbus` so domain apps never care which one runs.

Inside a page request (`DeferredEventsMiddleware`) the committed events wait until the
whole stack has made the response, and go out just before it is handed to the server: the app
process that handled the request also delivers the event to its own streams, and an alert to
10,000 people kept the rest of the sender's own request waiting behind that work (ADR 0015,
update of 2026-12-04). Elsewhere (tasks, the live app, the fast API routes, scripts) they go out
at commit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponseBase

from .channels import topic_of

logger = logging.getLogger(__name__)

# Events committed during the current page request (held until its response is made), or None outside one.
_held: ContextVar[list[tuple[str, dict[str, Any]]] | None] = ContextVar("held_events", default=None)


def send_event_on_commit(*, channel: str, event: Mapping[str, Any]) -> None:
    topic_of(channel)  # ValueError: publish only to channels someone subscribes to
    event = dict(event)

    def _committed() -> None:
        waiting = _held.get()
        if waiting is not None:
            waiting.append((channel, event))
        else:
            _publish([(channel, event)])

    transaction.on_commit(_committed)


def _publish(events: list[tuple[str, dict[str, Any]]]) -> None:
    from .eventbus import get_bus

    bus = get_bus()
    for channel, event in events:
        try:
            bus.publish(channel, event)
        except Exception:  # one failed publication must not keep the others (or the request) back
            logger.exception("event on %s not published", channel)


class DeferredEventsMiddleware:
    """Holds the events a request commits until the whole stack has made its response (the view's
    tail, every middleware: session, messages, headers), then publishes them in commit order,
    before the response is handed to the server: whoever sees the answer can rely on the event
    being out (journal, Redis stream), even if the process dies right after."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        waiting: list[tuple[str, dict[str, Any]]] = []
        token = _held.set(waiting)
        try:
            return self.get_response(request)
        finally:  # an exception after a commit still publishes what was committed
            _held.reset(token)
            _publish(waiting)

"""The one registry of real-time event channels: publishers and subscribers name channels only here.

A channel is `municipality:<id>:<topic>`. Every topic has publishers (services, through
`core.events.send_event_on_commit`) and a subscriber (the live stream `/live/stream`, whose token
`alerts.views.stream_token` names the channels); `core/tests/test_channels.py` checks both sides,
and `send_event_on_commit` refuses a channel that is not in this registry.

| topic    | published by                                    | subscribed by (stream kind)                  |
|----------|-------------------------------------------------|----------------------------------------------|
| `alerts` | alerts.services: alerts, acks, escalations, SOS | members (`member`), dispatch board (`dispatch`)|
| `live`   | patrols.services: rounds, positions; alerts: SOS| live board (`live`)                          |
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, TypedDict


class Topic(StrEnum):
    ALERTS = "alerts"
    LIVE = "live"


def channel(topic: Topic, *, municipality_id: int) -> str:
    return f"municipality:{int(municipality_id)}:{topic.value}"


def alerts_channel(municipality_id: int) -> str:
    """Alerts, acknowledgements, escalations and SOS of one municipality."""
    return channel(Topic.ALERTS, municipality_id=municipality_id)


def live_channel(municipality_id: int) -> str:
    """The live board of one municipality: rounds started/ended, shared positions, SOS."""
    return channel(Topic.LIVE, municipality_id=municipality_id)


def topic_of(name: str) -> Topic:
    """The topic of a channel name; ValueError when the name is not a registered channel."""
    prefix, _sep, rest = name.partition(":")
    municipality_id, _sep, topic = rest.partition(":")
    if prefix != "municipality" or not municipality_id.isdigit():
        raise ValueError(f"not a registered event channel: {name!r}")
    try:
        return Topic(topic)
    except ValueError:
        raise ValueError(f"not a registered event channel: {name!r}") from None


# Payloads on the live channel published by patrols (the live board reads them in alerts/live.js).
class RoundStarted(TypedDict):
    type: Literal["round_started"]
    round_id: int
    initiative_id: int


class RoundEnded(TypedDict):
    type: Literal["round_ended"]
    round_id: int


class PositionShared(TypedDict):
    type: Literal["position"]
    round_id: int
    user_id: int
    lat: float
    lon: float
    at: str

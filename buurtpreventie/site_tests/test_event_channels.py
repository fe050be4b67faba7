"""Every real-time channel code publishes to has a subscriber, and every subscribed channel has a
publisher; both sides name channels only through `core.channels`."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from buurtpreventie.core.channels import Topic, alerts_channel, channel, live_channel, topic_of
from buurtpreventie.core.events import send_event_on_commit
from buurtpreventie.core.live import read_stream_token

ROOT = Path(__file__).resolve().parents[1]
CHANNEL_FUNCTIONS = {"alerts_channel": Topic.ALERTS, "live_channel": Topic.LIVE}


def _published_topics() -> tuple[set[Topic], list[str]]:
    """Topics of every `send_event_on_commit(channel=...)` call outside tests, and the calls that do
    not name their channel through the registry."""
    topics: set[Topic] = set()
    unnamed: list[str] = []
    for path in sorted(ROOT.rglob("*.py")):
        if {"tests", "testing", "site_tests"} & set(path.parts) or path.name == "events.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None))
                    == "send_event_on_commit"):
                continue
            arg = next((k.value for k in node.keywords if k.arg == "channel"), None)
            name = getattr(getattr(arg, "func", None), "id", None) or getattr(getattr(arg, "func", None), "attr", None)
            if name in CHANNEL_FUNCTIONS:
                topics.add(CHANNEL_FUNCTIONS[name])
            else:
                unnamed.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return topics, unnamed


@pytest.mark.django_db
def test_every_published_channel_has_a_subscriber_and_back(client_for: Any, member: Any, dispatcher: Any) -> None:
    published, unnamed = _published_topics()
    assert unnamed == []
    subscribed: set[Topic] = set()
    for user, kind in [(member, "lid"), (dispatcher, "meldkamer")]:
        url = client_for(user).get(reverse("alerts:stream_token") + f"?soort={kind}").json()["url"]
        token = read_stream_token(url.split("token=")[1])
        assert token is not None
        subscribed |= {topic_of(sub["c"]) for sub in token["s"]}
    assert published == subscribed == set(Topic)


def test_channel_names_come_from_the_registry_only() -> None:
    assert alerts_channel(7) == channel(Topic.ALERTS, municipality_id=7) == "municipality:7:alerts"
    assert topic_of(live_channel(7)) is Topic.LIVE
    for bad in ["municipality:7:initiatives", "municipality:x:alerts", "round:7:live", "alerts"]:
        with pytest.raises(ValueError):
            topic_of(bad)


@pytest.mark.django_db(transaction=True)
def test_publishing_to_an_unregistered_channel_is_refused() -> None:
    with pytest.raises(ValueError):
        send_event_on_commit(channel="municipality:7:engagement", event={"type": "contact.logged"})

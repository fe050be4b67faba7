"""Events a page request commits go out once the whole stack has made its response, before the
server gets it (core/events.py): the process that serves the request also delivers the event to
its own streams, and the rest of the sender's request must not wait behind that work; whoever
sees the answer can rely on the event being out. Outside a request they go out at commit."""

from __future__ import annotations

import logging

import pytest
from django.db import transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from buurtpreventie.core.channels import alerts_channel
from buurtpreventie.core.eventbus import get_bus, reset_bus
from buurtpreventie.core.events import DeferredEventsMiddleware, send_event_on_commit

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit runs on a real commit

CHANNEL = alerts_channel(1)


@pytest.fixture(autouse=True)
def fresh_bus(settings):
    settings.EVENT_BUS = "memory"
    reset_bus()
    yield
    reset_bus()


def _mine() -> list[str]:
    return [e["n"] for c, e in get_bus().published if c == CHANNEL and "n" in e]


def _commit(*names: str) -> None:
    with transaction.atomic():
        for name in names:
            send_event_on_commit(channel=CHANNEL, event={"type": "test", "n": name})


def test_a_request_publishes_its_committed_events_once_its_response_is_made():
    seen: dict[str, list[str]] = {}

    def view(request):
        _commit("a", "b")
        seen["in the view"] = _mine()
        return HttpResponse("ok")

    def inner_middleware(request):  # runs after the view, as session and messages middleware do
        response = view(request)
        seen["in the middleware"] = _mine()
        return response

    response = DeferredEventsMiddleware(inner_middleware)(RequestFactory().post("/"))
    assert seen == {"in the view": [], "in the middleware": []}  # committed, the response not made yet
    assert _mine() == ["a", "b"]  # before the server gets the response, in commit order
    response.close()
    assert _mine() == ["a", "b"]  # once


def test_a_rolled_back_event_never_goes_out():
    def view(request):
        with transaction.atomic():
            send_event_on_commit(channel=CHANNEL, event={"type": "test", "n": "gone"})
            transaction.set_rollback(True)
        return HttpResponse("ok")

    DeferredEventsMiddleware(view)(RequestFactory().post("/")).close()
    assert _mine() == []


def test_a_streamed_response_publishes_before_it_streams():
    streamed: list[list[str]] = []

    def chunks():
        streamed.append(_mine())
        yield b"x"

    def view(request):
        _commit("s")
        return StreamingHttpResponse(chunks())

    response = DeferredEventsMiddleware(view)(RequestFactory().get("/"))
    assert b"".join(response) == b"x"
    assert streamed == [["s"]]


def test_an_error_after_the_commit_still_publishes_what_was_committed():
    def view(request):
        _commit("before")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        DeferredEventsMiddleware(view)(RequestFactory().post("/"))
    assert _mine() == ["before"]


def test_one_failing_publication_is_logged_and_the_others_still_go_out(monkeypatch, caplog):
    bus = get_bus()
    real = bus.publish

    def flaky(channel, event):
        if event.get("n") == "bad":
            raise ConnectionError("bus down")
        return real(channel, event)

    monkeypatch.setattr(bus, "publish", flaky)

    def view(request):
        _commit("bad", "good")
        return HttpResponse("ok")

    with caplog.at_level(logging.ERROR, logger="buurtpreventie.core.events"):
        DeferredEventsMiddleware(view)(RequestFactory().post("/")).close()
    assert _mine() == ["good"]
    assert "not published" in caplog.text


def test_outside_a_request_an_event_goes_out_at_commit():
    _commit("task")
    assert _mine() == ["task"]

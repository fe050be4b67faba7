"""Events a page request commits go out when its response is closed (core/events.py): the process
that serves the request also delivers the event to its own streams, and must not make the
sender's response wait behind that work. Outside a request they go out at commit, as before."""

from __future__ import annotations

import logging

import pytest
from django.db import transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from buurtpreventie.core.channels import alerts_channel
from buurtpreventie.core.eventbus import get_bus, reset_bus
from buurtpreventie.core.events import PublishAfterResponseMiddleware, send_event_on_commit

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


def test_a_request_publishes_its_committed_events_when_the_response_is_closed():
    seen_in_view: list[list[str]] = []

    def view(request):
        _commit("a", "b")
        seen_in_view.append(_mine())
        return HttpResponse("ok")

    response = PublishAfterResponseMiddleware(view)(RequestFactory().post("/"))
    assert seen_in_view == [[]]  # committed, but the response is not out yet
    assert _mine() == []
    response.close()  # the server has taken the body
    assert _mine() == ["a", "b"]  # in commit order, once
    response.close()
    assert _mine() == ["a", "b"]


def test_a_rolled_back_event_never_goes_out():
    def view(request):
        with transaction.atomic():
            send_event_on_commit(channel=CHANNEL, event={"type": "test", "n": "gone"})
            transaction.set_rollback(True)
        return HttpResponse("ok")

    PublishAfterResponseMiddleware(view)(RequestFactory().post("/")).close()
    assert _mine() == []


def test_a_streamed_response_publishes_before_it_streams():
    def view(request):
        _commit("s")
        return StreamingHttpResponse(iter([b"x"]))

    response = PublishAfterResponseMiddleware(view)(RequestFactory().get("/"))
    assert _mine() == ["s"]
    response.close()
    assert _mine() == ["s"]


def test_an_error_after_the_commit_still_publishes_what_was_committed():
    def view(request):
        _commit("before")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        PublishAfterResponseMiddleware(view)(RequestFactory().post("/"))
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
        PublishAfterResponseMiddleware(view)(RequestFactory().post("/")).close()
    assert _mine() == ["good"]
    assert "not published" in caplog.text


def test_outside_a_request_an_event_goes_out_at_commit():
    _commit("task")
    assert _mine() == ["task"]


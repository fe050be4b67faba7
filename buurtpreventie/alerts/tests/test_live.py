"""The SSE path as a raw ASGI app: filtering, replay after reconnect, heartbeats, disconnects."""

from __future__ import annotations

import asyncio
import json

import pytest

from buurtpreventie.alerts.live import stream
from buurtpreventie.core import live
from buurtpreventie.core.eventbus import fanout, get_bus
from buurtpreventie.core.live import sign_stream_token

CH = "municipality:1:alerts"
# Alert channels are journalled in the database (ids survive restarts); the stream reads the
# journal from a pool thread, so the database must be shared between threads.
pytestmark = pytest.mark.django_db(transaction=True)


def run(coro):
    """asyncio.run in a fresh thread: Playwright's sync API may own this thread's loop."""
    import threading

    result = {}

    def target():
        try:
            result["value"] = asyncio.run(coro)
        except BaseException as exc:  # re-raised in the test thread
            result["error"] = exc

    t = threading.Thread(target=target)
    t.start()
    t.join(30)
    if "error" in result:
        raise result["error"]
    return result.get("value")


class Client:
    """Drives the ASGI handler like a server would."""

    def __init__(self, token: str, last_event_id: str | None = None) -> None:
        headers = [(b"last-event-id", last_event_id.encode())] if last_event_id else []
        self.scope = {"type": "http", "path": "/live/stream", "query_string": f"token={token}".encode(),
                      "headers": headers}
        self.body = b""
        self.status = None
        self.gone = asyncio.Event()
        self.got = asyncio.Event()

    async def receive(self):
        await self.gone.wait()
        return {"type": "http.disconnect"}

    async def send(self, message):
        if message["type"] == "http.response.start":
            self.status = message["status"]
        else:
            self.body += message.get("body", b"")
            self.got.set()

    def start(self):
        self.task = asyncio.create_task(stream(self.scope, self.receive, self.send))
        return self

    async def wait_for(self, text: str, timeout: float = 2.0) -> None:
        async def loop():
            while text.encode() not in self.body:
                self.got.clear()
                await self.got.wait()
        await asyncio.wait_for(loop(), timeout)

    async def leave(self) -> None:
        self.gone.set()
        await asyncio.wait_for(self.task, 2)

    def events(self):
        out = []
        for block in self.body.decode().split("\n\n"):
            lines = dict(line.split(": ", 1) for line in block.split("\n") if ": " in line and not line.startswith(":"))
            if "data" in lines:
                out.append((lines.get("id"), json.loads(lines["data"])))
        return out


def member_token(user_id: int) -> str:
    return sign_stream_token(user_id=user_id, subscriptions=[{"c": CH, "k": "member", "u": user_id}],
                             session_key="test-session")


def test_member_gets_only_alerts_addressed_to_them_and_replay_after_reconnect():
    async def scenario():
        bus = get_bus()
        first = Client(member_token(7)).start()
        await first.wait_for('"hello"')
        bus.publish(CH, {"type": "alert", "alert_id": 1, "audience": [7, 8]})
        bus.publish(CH, {"type": "alert", "alert_id": 2, "audience": [8]})  # not for user 7
        await first.wait_for('"alert_id":1')
        last_id = [i for i, e in first.events() if e.get("alert_id") == 1][0]
        await first.leave()
        assert fanout.count(CH) == 0  # the disconnect was noticed; nothing leaks
        # Missed while away:
        bus.publish(CH, {"type": "alert_cleared", "alert_id": 1, "audience": [7]})
        bus.publish(CH, {"type": "alert_ack", "alert_id": 1, "dispatch_scope": [1]})  # staff only
        second = Client(member_token(7), last_event_id=last_id).start()
        await second.wait_for('"hello"')
        bus.publish(CH, {"type": "alert", "alert_id": 3, "audience": [7]})
        await second.wait_for('"alert_id":3')
        await second.leave()
        return first.events(), second.events()

    first, second = run(scenario())
    assert [e["alert_id"] for _i, e in first if e["type"] != "hello"] == [1]
    assert all("audience" not in e for _i, e in first)
    assert [(e["type"], e.get("alert_id")) for _i, e in second] == [
        ("alert_cleared", 1), ("hello", None), ("alert", 3)]
    assert second[1][1]["replayed"] == 1


def test_dispatch_filter_by_wijk_scope():
    async def scenario():
        bus = get_bus()
        token = sign_stream_token(user_id=1, subscriptions=[{"c": CH, "k": "dispatch", "w": [5]}],
                                  session_key="test-session")
        c = Client(token).start()
        await c.wait_for('"hello"')
        bus.publish(CH, {"type": "alert_ack", "alert_id": 1, "dispatch_scope": [6]})
        bus.publish(CH, {"type": "alert_ack", "alert_id": 2, "dispatch_scope": [5, 6]})
        bus.publish(CH, {"type": "alert", "alert_id": 3, "audience": [1]})  # member-only view of an alert
        await c.wait_for('"alert_id":2')
        await asyncio.sleep(0.05)
        await c.leave()
        return c.events()

    assert [e.get("alert_id") for _i, e in run(scenario()) if e["type"] != "hello"] == [2]


def test_invalid_token_is_refused():
    async def scenario():
        c = Client("forged").start()
        await asyncio.wait_for(c.task, 2)
        return c.status

    assert run(scenario()) == 403


def test_heartbeats_are_sent(monkeypatch):
    monkeypatch.setattr(live, "HEARTBEAT_SECONDS", 0.05)
    monkeypatch.setattr(live, "_heartbeat_task", None)

    async def scenario():
        c = Client(member_token(7)).start()
        await c.wait_for(": hb")
        await c.leave()

    run(scenario())


def test_memory_bus_ids_are_monotonic_and_buffer_bounded():
    from buurtpreventie.core.eventbus import REPLAY_BUFFER, MemoryBus, id_key

    bus = MemoryBus()
    ids = [bus.publish("c", {"n": n}) for n in range(REPLAY_BUFFER + 10)]
    assert [id_key(i) for i in ids] == sorted(id_key(i) for i in ids)
    assert len(bus.history("c", None)) == REPLAY_BUFFER
    assert [e["n"] for _i, e in bus.history("c", ids[-3])] == [REPLAY_BUFFER + 8, REPLAY_BUFFER + 9]


@pytest.mark.django_db(transaction=True)
def test_wijkagent_live_stream_only_carries_rounds_in_their_wijken(team, member, east_team, east_member, wijk,
                                                                   east_wijk):
    from buurtpreventie.alerts import live as alerts_live

    from .conftest import CENTRE, EAST_POINT, start_round

    mine = start_round(team, [member], at=CENTRE, wijk=wijk)
    other = start_round(east_team, [east_member], at=EAST_POINT, wijk=east_wijk)
    alerts_live._round_wijks.clear()
    live_ch = "municipality:1:live"
    token = sign_stream_token(user_id=1, subscriptions=[{"c": live_ch, "k": "live", "w": [wijk.pk]}],
                              session_key="test-session")

    async def scenario():
        bus = get_bus()
        c = Client(token).start()
        await c.wait_for('"hello"')
        bus.publish(live_ch, {"type": "position", "round_id": other.pk, "user_id": east_member.pk, "lat": 1, "lon": 2})
        bus.publish(live_ch, {"type": "position", "round_id": mine.pk, "user_id": member.pk, "lat": 3, "lon": 4})
        bus.publish(live_ch, {"type": "alert", "alert_id": 9, "audience": [1]})  # not a live-board event
        await c.wait_for(f'"round_id":{mine.pk}')
        await c.leave()
        return c.events()

    got = [e for _i, e in run(scenario()) if e["type"] != "hello"]
    assert got == [{"type": "position", "round_id": mine.pk, "user_id": member.pk, "lat": 3, "lon": 4}]

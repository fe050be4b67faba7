"""The report fast route (core.fastpath + patrols.ingest) through the real ASGI entry point.

A member's valid report is answered without Django's request machinery, with the same body the
full stack gives; everything else is handed, body and all, to the full stack and gets its
canonical answer — and a report is never stored twice or lost on the way."""

from __future__ import annotations

import asyncio
import json
import secrets
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from buurtpreventie.core import fastpath
from buurtpreventie.initiatives.models import Membership
from buurtpreventie.patrols.models import PatrolReport, RoundStatus
from buurtpreventie.testing.factories import InitiativeFactory, RoundFactory
from buurtpreventie.testing.helpers import make_professional

pytestmark = pytest.mark.django_db(transaction=True)

PATH = "/api/patrols/reports"


def asgi_post(body: bytes, headers: dict[str, str], *, content_length: bool = True,
              chunks: int = 1) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request through config.asgi.application, as uvicorn hands it over."""
    from config.asgi import application

    raw = [(k.lower().encode(), v.encode()) for k, v in {"host": "testserver", **headers}.items()]
    if content_length:
        raw.append((b"content-length", str(len(body)).encode()))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": PATH, "raw_path": PATH.encode(), "query_string": b"", "root_path": "",
             "headers": raw, "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}
    size = max(1, -(-len(body) // chunks))
    parts = [body[i:i + size] for i in range(0, len(body), size)] or [b""]
    messages = [{"type": "http.request", "body": p, "more_body": i < len(parts) - 1} for i, p in enumerate(parts)]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop(0)
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    # A thread of its own: a browser test earlier in the same process leaves Playwright's loop running.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, application(scope, receive, send)).result()
    start = next(m for m in sent if m["type"] == "http.response.start")
    out_headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    return start["status"], out_headers, b"".join(m.get("body", b"") for m in sent
                                                   if m["type"] == "http.response.body")


def phone(user: Any) -> dict[str, str]:
    """The offline outbox's headers: session cookie and CSRF token (as static/js sends them)."""
    client = Client()
    client.force_login(user)
    csrf = secrets.token_hex(16)
    return {"cookie": f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}",
            "x-csrftoken": csrf, "content-type": "application/json"}


def _round(team: Any, wijk: Any) -> Any:
    start = timezone.now() - timedelta(hours=3)
    return RoundFactory(initiative=team, wijk=wijk, planned_start=start, planned_end=start + timedelta(hours=2),
                        status=RoundStatus.ENDED, started_at=start, ended_at=start + timedelta(hours=2))


def report(round: Any, **extra: Any) -> dict[str, Any]:
    return {"round_id": round.pk, "client_uuid": str(uuid.uuid4()), "route_streets": [], "spoke_to_people": False,
            "observations": [{"observed_at": round.started_at.isoformat(), "place": "Grote Markt",
                              "category": "nuisance", "behaviour": "Groep gooide flessen kapot op straat."}],
            **extra}


def _counts() -> tuple[int, int]:
    return fastpath.counts[f"POST {PATH} fast"], fastpath.counts[f"POST {PATH} delegated"]


def test_members_report_answered_fast_with_the_full_stacks_body(member, team, wijk):
    round = _round(team, wijk)
    body = report(round)
    before = _counts()
    status, headers, content = asgi_post(json.dumps(body).encode(), phone(member))
    assert status == 201, content
    assert _counts() == (before[0] + 1, before[1])
    assert headers["content-type"].startswith("application/json")
    assert headers["x-content-type-options"] == "nosniff"
    stored = PatrolReport.objects.get(client_uuid=body["client_uuid"])
    assert stored.author_id == member.pk and stored.observations.count() == 1
    # The same report sent again through the full stack (idempotent) gives the same answer, byte for byte.
    client = Client()
    client.force_login(member)
    again = client.post(PATH, body, content_type="application/json")
    assert again.status_code == 201
    assert json.loads(content) == again.json()
    assert content == again.content
    assert PatrolReport.objects.filter(client_uuid=body["client_uuid"]).count() == 1


def test_resend_of_the_same_draft_is_stored_once(member, team, wijk):
    round = _round(team, wijk)
    body = json.dumps(report(round)).encode()
    first = asgi_post(body, phone(member))
    second = asgi_post(body, phone(member))
    assert first[0] == second[0] == 201
    assert json.loads(first[2])["id"] == json.loads(second[2])["id"]
    assert PatrolReport.objects.count() == 1


def test_body_in_several_parts(member, team, wijk):
    round = _round(team, wijk)
    fast, delegated = _counts()
    status, _h, _c = asgi_post(json.dumps(report(round)).encode(), phone(member), chunks=3)
    assert status == 201
    assert _counts() == (fast + 1, delegated)
    # Without a Content-Length the full stack decides (it reads no body: 422), nothing hangs.
    status, _h, _c = asgi_post(json.dumps(report(round)).encode(), phone(member), content_length=False, chunks=2)
    assert _counts() == (fast + 1, delegated + 1)
    assert PatrolReport.objects.count() == 1


@pytest.mark.parametrize("case, status, detail", [
    ("no-session", 401, None),
    ("no-csrf", 403, None),
    ("profiling", 400, "gedrag"),
    ("schema", 422, None),
    ("not-json", 422, "NaN"),
    ("too-big", 413, None),
])
def test_everything_but_a_valid_report_gets_the_full_stacks_answer(member, team, wijk, settings, case, status,
                                                                   detail):
    round = _round(team, wijk)
    headers = phone(member)
    body = report(round)
    raw: bytes | None = None
    if case == "no-session":
        headers["cookie"] = f"csrftoken={headers['x-csrftoken']}"
    elif case == "no-csrf":
        headers.pop("x-csrftoken")
    elif case == "profiling":  # behaviour first: a description without behaviour is refused (F-anti-profiling)
        body["observations"][0]["behaviour"] = "Man"
    elif case == "schema":
        body["observations"][0]["category"] = "geen-categorie"
    elif case == "not-json":
        raw = b'{"round_id": NaN}'
    elif case == "too-big":
        settings.API_MAX_BODY_BYTES = 200
    fast, delegated = _counts()
    got, _headers, content = asgi_post(raw if raw is not None else json.dumps(body).encode(), headers)
    assert got == status, content
    if detail:
        assert detail in content.decode()
    assert _counts() == (fast, delegated + 1)
    assert PatrolReport.objects.count() == 0


def test_round_of_another_team_is_not_found(member, wijk, municipality):
    elsewhere = InitiativeFactory(municipality=municipality, name="Ander team")
    round = _round(elsewhere, wijk)
    status, _h, content = asgi_post(json.dumps(report(round)).encode(), phone(member))
    assert status == 404, content
    assert PatrolReport.objects.count() == 0


def test_professional_goes_through_two_factor(team, wijk, municipality):
    agent = make_professional("wijkagent", municipality, wijk=wijk, username="agent-lid")
    Membership.objects.create(user=agent, initiative=team, role="member")
    round = _round(team, wijk)
    fast, delegated = _counts()
    status, _h, content = asgi_post(json.dumps(report(round)).encode(), phone(agent))
    assert status == 403 and "Tweestapsverificatie" in content.decode()
    assert _counts() == (fast, delegated + 1)


def test_logout_counts_at_once_and_a_lost_membership_after_the_memory(member, team, wijk):
    round = _round(team, wijk)
    headers = phone(member)
    assert asgi_post(json.dumps(report(round)).encode(), headers)[0] == 201  # user and round now in memory
    Membership.objects.filter(user=member).update(left_on=timezone.localdate() - timedelta(days=1))
    fastpath.forget_all()  # what FAST_PATH_MEMORY_SECONDS does by itself
    status, _h, _c = asgi_post(json.dumps(report(round)).encode(), headers)
    assert status in (403, 404)
    Membership.objects.filter(user=member).update(left_on=None)
    fastpath.forget_all()
    assert asgi_post(json.dumps(report(round)).encode(), headers)[0] == 201
    # Logging out deletes the session: refused on the next call, memory or not.
    from importlib import import_module

    from django.conf import settings as dj
    from django.contrib.sessions.backends.base import SessionBase

    key = headers["cookie"].split("sessionid=")[1].split(";")[0]
    store: SessionBase = import_module(dj.SESSION_ENGINE).SessionStore(key)
    store.delete()
    assert asgi_post(json.dumps(report(round)).encode(), headers)[0] == 401
    assert PatrolReport.objects.count() == 2


def test_password_change_ends_the_phones_session(member, team, wijk):
    round = _round(team, wijk)
    headers = phone(member)
    assert asgi_post(json.dumps(report(round)).encode(), headers)[0] == 201
    member.set_password("een-heel-nieuw-wachtwoord-2026")
    member.save()
    fastpath.forget_all()
    assert asgi_post(json.dumps(report(round)).encode(), headers)[0] == 401


def test_switched_off(member, team, wijk, settings):
    settings.FAST_PATH = False
    round = _round(team, wijk)
    fast, delegated = _counts()
    assert asgi_post(json.dumps(report(round)).encode(), phone(member))[0] == 201
    assert _counts() == (fast, delegated)  # not even asked


def test_short_memory_forgets_after_its_time(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr("buurtpreventie.core.fastpath.time.monotonic", lambda: now[0])
    memory: fastpath.ShortMemory[str, int] = fastpath.ShortMemory(seconds=10, size=3)
    loads = []

    def load(value: int) -> Any:
        def _load() -> int:
            loads.append(value)
            return value

        return _load

    assert memory.get("a", load(1)) == 1
    assert memory.get("a", load(2)) == 1  # remembered
    now[0] += 10.5
    assert memory.get("a", load(3)) == 3  # forgotten after its time
    for key in "bcd":
        memory.get(key, load(4))
    assert len(memory._items) <= 3  # bounded
    assert loads == [1, 3, 4, 4, 4]


def test_a_failure_after_the_checks_is_a_500_not_a_second_try(member, team, wijk, monkeypatch):
    from buurtpreventie.patrols import services

    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "report_submit", broken)
    round = _round(team, wijk)
    fast, delegated = _counts()
    status, _h, content = asgi_post(json.dumps(report(round)).encode(), phone(member))
    assert status == 500 and json.loads(content) == {"detail": "server error"}
    assert _counts() == (fast, delegated)  # not handed to the full stack, which could store it again


def test_a_shared_memory_serves_other_processes_within_the_same_time(monkeypatch):
    wall, mono = [5000.0], [1000.0]
    monkeypatch.setattr("buurtpreventie.core.fastpath.time.time", lambda: wall[0])
    monkeypatch.setattr("buurtpreventie.core.fastpath.time.monotonic", lambda: mono[0])
    # Two app processes: each its own memory, one shared cache.
    here: fastpath.ShortMemory[str, int] = fastpath.ShortMemory(seconds=10, shared="test-callers")
    there: fastpath.ShortMemory[str, int] = fastpath.ShortMemory(seconds=10, shared="test-callers")
    loads: list[str] = []

    def load(name: str, value: int) -> Any:
        def _load() -> int:
            loads.append(name)
            return value

        return _load

    assert here.get("a", load("here", 1)) == 1
    wall[0] += 6
    mono[0] += 6
    assert there.get("a", load("there", 2)) == 1  # loaded once, for both
    # Known for ten seconds from the first load, in both processes: not ten more from the second read.
    wall[0] += 4.5
    mono[0] += 4.5
    assert there.get("a", load("there", 3)) == 3
    assert loads == ["here", "there"]
    # Forgetting everything reaches the other process's next miss too.
    there.clear()
    here._items.clear()
    assert here.get("a", load("here", 4)) == 4


def test_a_phone_on_another_app_process_is_not_loaded_again(member, team, wijk, monkeypatch):
    from buurtpreventie.api import fast

    loads: list[Any] = []
    real = fast._load_user
    def counting(user_id: Any) -> Any:
        loads.append(user_id)
        return real(user_id)

    monkeypatch.setattr(fast, "_load_user", counting)
    round = _round(team, wijk)
    headers = phone(member)
    assert asgi_post(json.dumps(report(round)).encode(), headers)[0] == 201
    assert loads == [str(member.pk)]
    fast._users._items.clear()  # another process: its own memory is empty, the shared cache is not
    assert asgi_post(json.dumps(report(round)).encode(), headers)[0] == 201
    assert loads == [str(member.pk)]  # not loaded again
    cached = fast._users._items[str(member.pk)][1]
    # ... and it came with what the policies ask, so they need no query either.
    assert cached.pk == member.pk and hasattr(cached, "_grant_cache") and hasattr(cached, "_membership_cache")
    assert [m.initiative_id for m in cached._membership_cache] == [team.pk]
    # The password hash itself is not kept (nor shared): only what the session check compares.
    assert "password" not in cached.__dict__ and cached._fast_session_hash == member.get_session_auth_hash()


def test_server_timing_says_how_long_the_app_took_when_switched_on(member, team, wijk, settings):
    """config/asgi.py: `Server-Timing: app;dur=<ms>` on answers fast and full (the benches read it), off by default."""
    round = _round(team, wijk)
    _status, headers, _c = asgi_post(json.dumps(report(round)).encode(), phone(member))
    assert "server-timing" not in headers
    settings.SERVER_TIMING = True
    fast_status, fast, _c = asgi_post(json.dumps(report(round)).encode(), phone(member))
    full_status, full, _c = asgi_post(json.dumps(report(round)).encode(), {"content-type": "application/json"})
    assert (fast_status, full_status) == (201, 403)  # answered fast; no session nor CSRF: the full stack answers
    for answered in (fast, full):
        name, _sep, duration = answered["server-timing"].partition(";dur=")
        assert name == "app" and 0 < float(duration) < 60_000

"""Two uvicorn app processes on PostgreSQL + Redis: an alert sent through one reaches an SSE
client on the other, and a client reconnecting to the other process replays what it missed.

Nothing is skipped: without a reachable PostgreSQL or Redis this test fails."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading

import httpx
import pytest

from .asgi_server import ROOT, migrate_and_seed, start_app_process, stop_processes

PY = sys.executable
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS_DB = 13  # shared by every test run on the machine: touch only this run's keys (prefix = database name)


def _env(db_name: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{db_name}",
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "EVENT_BUS": "redis",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PYTHONPATH": str(ROOT),
    })
    return env


class SseReader(threading.Thread):
    def __init__(self, url: str, cookies: dict[str, str], last_event_id: str | None = None) -> None:
        super().__init__(daemon=True)
        self.url, self.cookies, self.last_event_id = url, cookies, last_event_id
        self.events: queue.Queue[tuple[str | None, dict]] = queue.Queue()
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            self._read()
        except httpx.HTTPError:
            if not self.stop.is_set():
                raise

    def _read(self) -> None:
        with httpx.Client(base_url=self.url, cookies=self.cookies, timeout=10) as client:
            stream_url = client.get("/alarm/stroom/?soort=lid").json()["url"]
            headers = {"Last-Event-ID": self.last_event_id} if self.last_event_id else {}
            with client.stream("GET", stream_url, headers=headers, timeout=httpx.Timeout(10, read=30)) as response:
                event_id, data = None, None
                for line in response.iter_lines():
                    if self.stop.is_set():
                        return
                    if line.startswith("id: "):
                        event_id = line[4:]
                    elif line.startswith("data: "):
                        data = json.loads(line[6:])
                    elif line == "" and data is not None:
                        self.events.put((event_id, data))
                        data = None

    def next(self, timeout: float = 20) -> tuple[str | None, dict]:
        return self.events.get(timeout=timeout)


def _delete_keys(r: object, prefix: str) -> None:
    """Remove this run's streams and cache keys; never FLUSHDB (other runs share the database)."""
    for key in r.scan_iter(f"{prefix}:*"):  # type: ignore[attr-defined]  # streams and cache keys alike
        r.delete(key)  # type: ignore[attr-defined]


def _send_alert(base: str, session: str, situation: str) -> int:
    with httpx.Client(base_url=base, cookies={"sessionid": session}, timeout=10) as c:
        assert c.get("/alarm/nieuw/").status_code == 200
        token = c.cookies["csrftoken"]
        r = c.post("/alarm/nieuw/", headers={"X-CSRFToken": token}, data={
            "area_kind": "circle", "lat": 51.845, "lon": 5.865, "radius_m": 500, "situation": situation,
            "instructions": "Grijp niet in", "escalate_after_minutes": 3, "csrfmiddlewaretoken": token})
        assert r.status_code == 302, r.text[:500]
        return int(r.headers["location"].rstrip("/").split("/")[-1])


def _clear_alert(base: str, session: str, alert_id: int) -> None:
    with httpx.Client(base_url=base, cookies={"sessionid": session}, timeout=10) as c:
        c.get(f"/alarm/{alert_id}/")
        token = c.cookies["csrftoken"]
        r = c.post(f"/alarm/{alert_id}/opheffen/", headers={"X-CSRFToken": token},
                   data={"outcome": "Verdachten aangehouden.", "confirm": "1", "csrfmiddlewaretoken": token})
        assert r.status_code == 302


@pytest.mark.multiprocess
def test_alert_crosses_processes_and_replays_on_the_other_process():
    import psycopg
    import redis

    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is not reachable at 127.0.0.1:5432: {exc}")
    r = redis.Redis.from_url(f"redis://127.0.0.1:6379/{REDIS_DB}", socket_connect_timeout=5)
    try:
        r.ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis is not reachable at 127.0.0.1:6379: {exc}")
    db_name = f"bp_alerts_mp_{os.getpid()}"
    admin.execute(f'DROP DATABASE IF EXISTS "{db_name}"')
    admin.execute(f'CREATE DATABASE "{db_name}"')
    _delete_keys(r, db_name)
    env = _env(db_name)
    procs: list[subprocess.Popen[str]] = []
    readers: list[SseReader] = []
    urls: list[str] = []
    try:
        sessions = migrate_and_seed(env)
        for _ in range(2):
            url, proc = start_app_process(env)
            procs.append(proc)
            urls.append(url)
        a, b = urls

        # A member listens on B; the dispatcher sends through A.
        reader = SseReader(b, {"sessionid": sessions["member"]})
        readers.append(reader)
        reader.start()
        _id, hello = reader.next()
        assert hello["type"] == "hello"
        alert_id = _send_alert(a, sessions["dispatcher"], "Overval (via A)")
        event_id, event = reader.next(timeout=20)
        assert event["type"] == "alert" and event["alert_id"] == alert_id and event["situation"] == "Overval (via A)"
        reader.stop.set()

        # While the member is away, the alert is cleared through B and a second one goes out through A.
        _clear_alert(b, sessions["dispatcher"], alert_id)
        second_id = _send_alert(a, sessions["dispatcher"], "Tweede melding")

        # Reconnecting to the *other* process (A) with Last-Event-ID replays what was missed, in order.
        again = SseReader(a, {"sessionid": sessions["member"]}, last_event_id=event_id)
        readers.append(again)
        again.start()
        missed = [again.next(timeout=20)[1] for _ in range(3)]
        assert [(e["type"], e.get("alert_id")) for e in missed] == [
            ("alert_cleared", alert_id), ("alert", second_id), ("hello", None)]
        assert missed[0]["outcome"] == "Verdachten aangehouden." and missed[2]["replayed"] == 2
    finally:
        for reader in readers:
            reader.stop.set()
        stop_processes(procs)
        _delete_keys(r, db_name)
        admin.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        admin.close()

"""Event ids survive a restart (SQLite; the in-process bus without Redis, and the Redis bus).

A member's page is connected; the app process crashes (kill -9) and is started again. Alerts sent
while the page was away (before the crash and after the restart) all reach the page when it
reconnects with its last id: 0 lost, 0 duplicated, in order."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from .asgi_server import PREPARE_TIMEOUT, ROOT, seed_sessions, start_app_process, stop_processes
from .test_multiprocess import PY, SseReader, _clear_alert, _delete_keys, _send_alert

REDIS_URL = "redis://127.0.0.1:6379/13"  # shared with test_multiprocess; keys carry this run's prefix


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory):
    """One migrated SQLite file for both buses: migrating takes minutes on a loaded machine."""
    folder = tmp_path_factory.mktemp("restart-template")
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    env.update({"DATABASE_URL": f"sqlite:///{folder / 'template.sqlite3'}", "EVENT_BUS": "memory",
                "DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": str(ROOT),
                "BUURTPREVENTIE_VAR_DIR": str(folder)})
    subprocess.run([PY, "manage.py", "migrate", "-v0", "--noinput"], cwd=ROOT, env=env, check=True,
                   timeout=PREPARE_TIMEOUT)
    return folder / "template.sqlite3"


@pytest.mark.multiprocess
@pytest.mark.parametrize("bus", ["memory", "redis"])
def test_reconnect_after_restart_gets_every_alert_once(tmp_path, bus, migrated_sqlite):
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    env.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'restart.sqlite3'}", "EVENT_BUS": bus,
                "DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": str(ROOT),
                "ALERTS_PERIODIC": "0", "BUURTPREVENTIE_VAR_DIR": str(tmp_path)})
    if bus == "redis":
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5)
        try:
            client.ping()
        except redis.RedisError as exc:
            pytest.fail(f"Redis is not reachable at {REDIS_URL}: {exc}")
        env["EVENT_PREFIX"] = f"bp-restart-{tmp_path.name}-{os.getpid()}"  # this run's keys only
        _delete_keys(client, env["EVENT_PREFIX"])
        env["REDIS_URL"] = REDIS_URL
    procs: list[subprocess.Popen[str]] = []
    readers: list[SseReader] = []
    try:
        for suffix in ("", "-wal"):  # migrated once for both buses (WAL mode: the log may hold pages)
            if Path(f"{migrated_sqlite}{suffix}").exists():
                shutil.copyfile(f"{migrated_sqlite}{suffix}", tmp_path / f"restart.sqlite3{suffix}")
        sessions = seed_sessions(env)
        url, proc = start_app_process(env)
        procs.append(proc)

        reader = SseReader(url, {"sessionid": sessions["member"]})
        readers.append(reader)
        reader.start()
        assert reader.next()[1]["type"] == "hello"
        first = _send_alert(url, sessions["dispatcher"], "Eerste melding")
        last_id, event = reader.next(timeout=20)
        assert event["alert_id"] == first
        reader.stop.set()

        missed_before = _send_alert(url, sessions["dispatcher"], "Gemist voor de herstart")
        proc.send_signal(signal.SIGKILL)  # a crash, not a clean shutdown
        proc.wait(10)

        url, proc = start_app_process(env)
        procs.append(proc)
        after = _send_alert(url, sessions["dispatcher"], "Na de herstart")
        _clear_alert(url, sessions["dispatcher"], after)

        again = SseReader(url, {"sessionid": sessions["member"]}, last_event_id=last_id)
        readers.append(again)
        again.start()
        got = [again.next(timeout=20) for _ in range(4)]
        assert [(e["type"], e.get("alert_id")) for _i, e in got] == [
            ("alert", missed_before), ("alert", after), ("alert_cleared", after), ("hello", None)]
        assert got[3][1]["replayed"] == 3
        # Live after the replay: the next alert arrives once, with a larger id.
        live = _send_alert(url, sessions["dispatcher"], "Live")
        live_id, event = again.next(timeout=20)
        assert event["alert_id"] == live
        from buurtpreventie.core.eventbus import id_key

        ids = [id_key(i.split("=")[1]) for i, _e in got[:3]] + [id_key(live_id.split("=")[1])]
        assert ids == sorted(set(ids)) and ids[0] > id_key(last_id.split("=")[1])
        with pytest.raises(Exception):  # noqa: B017,PT011 - queue.Empty: nothing more, no duplicate
            again.next(timeout=1)
    finally:
        for reader in readers:
            reader.stop.set()
        stop_processes(procs)
        if bus == "redis":
            _delete_keys(client, env["EVENT_PREFIX"])

"""Serve the real ASGI app (pages via a2wsgi + the /live/ stream) with uvicorn in a thread.

pytest-django's live_server is WSGI-only and cannot serve `/live/`; browser tests use this
instead, against the same (transactional) test database."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from buurtpreventie.testing.standins.server import listening_socket, wait_started

ROOT = Path(__file__).resolve().parents[3]


# Migrating a fresh database takes minutes on a loaded 2-core machine: the limit only catches a
# hang; the test waits for the command to finish, not for a guess of how long it takes.
PREPARE_TIMEOUT = 1800


def migrate_and_seed(env: dict[str, str]) -> dict[str, str]:
    """Migrate the database in `env` and seed the accounts of the multi-process tests; their
    session ids by role."""
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0", "--noinput"], cwd=ROOT, env=env, check=True,
                   timeout=PREPARE_TIMEOUT)
    return seed_sessions(env)


def seed_sessions(env: dict[str, str]) -> dict[str, str]:
    import json

    seeded = subprocess.run([sys.executable, "-c", "import django; django.setup(); "
                             "from buurtpreventie.alerts.tests.mp_seed import run; run()"],
                            cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=PREPARE_TIMEOUT)
    sessions: dict[str, str] = json.loads(seeded.stdout.strip().splitlines()[-1])
    return sessions


def start_app_process(env: dict[str, str]) -> tuple[str, subprocess.Popen[str]]:
    """Start `config.asgi` in a uvicorn process on a port this test owns, and wait until it answers.

    The socket is bound and listening before the process starts (uvicorn `--fd`), so no other
    process on the machine can take the port in between, and the readiness check cannot be
    answered by someone else's server."""
    sock = listening_socket()
    port = int(sock.getsockname()[1])
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "config.asgi:application", "--fd", str(sock.fileno()),
             "--log-level", "warning", "--timeout-graceful-shutdown", "1"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, pass_fds=[sock.fileno()])
    finally:
        sock.close()  # the process holds its own copy
    url = f"http://127.0.0.1:{port}"
    wait_up(url, proc)
    return url, proc


def wait_up(url: str, proc: subprocess.Popen[str], timeout: float = 90.0) -> None:
    """Wait until the app process answers its health check (Django start-up is slow on a loaded machine)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"app process exited: {proc.stdout.read() if proc.stdout else ''}")
        try:
            if httpx.get(url + "/healthz", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not come up")


def stop_processes(procs: list[subprocess.Popen[str]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


class ThreadedAsgiServer:
    def __init__(self) -> None:
        import uvicorn
        from a2wsgi import WSGIMiddleware
        from django.contrib.staticfiles.handlers import StaticFilesHandler
        from django.core.wsgi import get_wsgi_application

        from buurtpreventie.core.live import live_app

        pages = WSGIMiddleware(StaticFilesHandler(get_wsgi_application()), workers=8)  # type: ignore[arg-type]

        async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope["type"] == "lifespan" or (scope["type"] == "http" and scope["path"].startswith("/live/")):
                await live_app(scope, receive, send)
            else:
                await pages(scope, receive, send)  # type: ignore[arg-type]  # a plain ASGI scope dict

        self.socket = listening_socket()
        self.port = int(self.socket.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=1)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    def __enter__(self) -> ThreadedAsgiServer:
        from django.conf import settings

        # Server threads must not keep database connections open (PostgreSQL could not drop the
        # test database afterwards), and the periodic checks stay off during a browser test.
        self._saved = (settings.DATABASES["default"].get("CONN_MAX_AGE", 0), os.environ.get("ALERTS_PERIODIC"))
        settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
        os.environ["ALERTS_PERIODIC"] = "0"
        self.thread.start()
        wait_started(self.server, self.thread)
        return self

    def __exit__(self, *exc: Any) -> None:
        from django.conf import settings

        self.server.should_exit = True
        self.thread.join(5)
        self.socket.close()
        settings.DATABASES["default"]["CONN_MAX_AGE"] = self._saved[0]
        if self._saved[1] is None:
            os.environ.pop("ALERTS_PERIODIC", None)
        else:
            os.environ["ALERTS_PERIODIC"] = self._saved[1]

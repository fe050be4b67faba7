"""Alert fan-out benchmark: N concurrent SSE clients (read by several client processes) on the
real app served by uvicorn with 1, 2 and 4 app processes behind Redis, beside a bare ASGI
broadcaster baseline; baseline and app runs alternate within the same run.

The database holds Nijmegen's real wijken, walkers on running rounds (one stream client in five)
and 100,000 residents' alert subscriptions placed by CBS inhabitants per wijk; the alert
includes subscribed residents, with its radius chosen so that it reaches every stream client's
user (about N recipients, checked after the run). With DATABASE_URL on PostgreSQL each client
count gets a database of its own (`<name>_bench_<N>`), dropped at the end.

Prints, per client count and app process count: time from the alert request to receipt at each
client (p50 / p99 / max), lost events (must be 0: with several processes most clients sit on
another process than the one that handled the alert request), server memory per connection,
the p99 ratio to the bare broadcaster of the same round, and how long the alert-sending request
itself took (target < 100 ms). Targets: p99 < 1 s at 10,000 clients and at most 2x bare.

Nothing waits without a deadline: a stream that cannot connect (or is answered other than 200)
is reported with the reason and the server's log, set-up steps have timeouts, and `--timeout`
ends the whole run with a message. 10,000 clients need ~10,200 open files in a one-process
server (checked before starting).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bp_perf REDIS_URL=redis://127.0.0.1:6379/7 \
        .venv/bin/python bench/alert_fanout.py                                  # 1k/5k/10k x 1/2/4
    ... bench/alert_fanout.py --clients 10000 --runs 2                            # 10k x 1/2/4, twice
    .venv/bin/python bench/alert_fanout.py --clients 2000 --processes 1          # one size, no Redis
    .venv/bin/python bench/alert_fanout.py --smoke                                # small CI run
    .venv/bin/python bench/alert_fanout.py --clients 10000 --profile              # the alert request only
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import queue
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def raise_nofile() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


# --- the bare baseline (a few dozen lines) ---------------------------------------------------

BASELINE_CLIENTS: set[asyncio.Queue[bytes]] = set()


async def baseline_app(scope, receive, send):  # type: ignore[no-untyped-def]
    if scope["type"] == "lifespan":
        while True:
            m = await receive()
            await send({"type": m["type"] + ".complete"})
            if m["type"] == "lifespan.shutdown":
                return
    if scope["path"] == "/send":
        body = b""
        while True:
            m = await receive()
            body += m.get("body", b"")
            if not m.get("more_body"):
                break
        frame = b"data: " + body + b"\n\n"
        for client_queue in BASELINE_CLIENTS:
            client_queue.put_nowait(frame)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})
        return
    q: asyncio.Queue[bytes] = asyncio.Queue()
    BASELINE_CLIENTS.add(q)

    async def watch() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass
        q.put_nowait(b"")

    watcher = asyncio.create_task(watch())
    try:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/event-stream")]})
        await send({"type": "http.response.body", "body": b": ok\n\n", "more_body": True})
        while frame := await q.get():
            await send({"type": "http.response.body", "body": frame, "more_body": True})
    finally:
        watcher.cancel()
        BASELINE_CLIENTS.discard(q)


# --- the client process ----------------------------------------------------------------------

CONNECT_ATTEMPTS = 20
CONNECT_ONE_S = 60.0  # one stream: TCP connect + response headers


async def client_main(port: int, paths: list[str], expect: int, connect_s: float, timeout: float) -> None:
    """Open the streams (at most 200 connecting at once), report `READY <ok> <failed> <errors>`,
    wait for GO, then read until every stream saw `expect` alerts or `timeout` passed, and print
    the receipt times. Every wait is bounded: a stream that cannot connect, gets another status
    than 200 or breaks counts as failed or lost, never as a hang."""
    raise_nofile()
    loop = asyncio.get_running_loop()
    received: list[dict[int, float]] = [{} for _ in paths]
    sem = asyncio.Semaphore(200)
    ready, failed = [0], [0]
    errors: list[str] = []
    writers: list[asyncio.StreamWriter] = []

    async def connect(path: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        last: Exception = OSError("no attempt")
        for attempt in range(CONNECT_ATTEMPTS):
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                break
            except OSError as exc:
                last = exc
                await asyncio.sleep(0.05 * (attempt + 1))
        else:
            raise last
        writers.append(writer)
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
        await writer.drain()
        status = await reader.readline()
        if not status.startswith(b"HTTP/1.1 200"):
            raise ConnectionError(f"status line {status[:60]!r}")
        while (await reader.readline()).strip():  # the rest of the headers
            pass
        return reader, writer

    async def one(i: int, path: str) -> None:
        try:
            async with sem:
                reader, _writer = await asyncio.wait_for(connect(path), CONNECT_ONE_S)
        except Exception as exc:  # noqa: BLE001 - any failure is a failed stream, reported below
            failed[0] += 1
            if len(errors) < 3:
                errors.append(f"{type(exc).__name__}: {exc}"[:200])
            return
        ready[0] += 1
        mine = received[i]
        with contextlib.suppress(Exception):  # a broken stream shows up as lost events
            while len(mine) < expect:
                line = await reader.readline()
                if not line:
                    break
                if line.startswith(b"data: ") and b'"type":"alert"' in line:
                    now = time.time()
                    try:
                        alert_id = json.loads(line[6:])["alert_id"]
                    except (ValueError, KeyError):
                        continue
                    mine.setdefault(alert_id, now)

    tasks = [asyncio.create_task(one(i, p)) for i, p in enumerate(paths)]
    deadline = loop.time() + connect_s
    while ready[0] + failed[0] < len(paths) and loop.time() < deadline:
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.5)  # let the server finish its per-connection set-up
    stuck = len(paths) - ready[0] - failed[0]
    if stuck:
        errors.append(f"{stuck} streams not connected after {connect_s:.0f} s")
    print(f"READY {ready[0]} {len(paths) - ready[0]} {json.dumps(errors)}", flush=True)
    # The timeout starts when every client process is connected and the alerts go out (GO), not
    # at this process's READY: with thousands of clients the last process connects much later.
    # No GO within the connect time (the orchestrator gave up or died): report nothing received.
    go = loop.run_in_executor(None, sys.stdin.readline)
    with contextlib.suppress(TimeoutError):
        if (await asyncio.wait_for(go, connect_s + 60)).strip() == "GO":
            await asyncio.wait(tasks, timeout=timeout)
    print(json.dumps({"received": [{str(k): v for k, v in r.items()} for r in received]}), flush=True)
    for w in writers:
        w.close()
    # Leave at once: neither the pending tasks nor the stdin reader thread may keep the process.
    os._exit(0)


# --- orchestration ---------------------------------------------------------------------------


class BenchFailure(Exception):
    """A round could not be measured (clients did not connect, a process died, a step timed out)."""


_CHILDREN: list[subprocess.Popen[str]] = []


def _stop(proc: subprocess.Popen[str], grace: float = 10) -> None:
    """Terminate a child (then kill it); never waits longer than `grace`."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    with contextlib.suppress(ValueError):
        _CHILDREN.remove(proc)


def _tail(path: str | Path, chars: int = 2000) -> str:
    try:
        return Path(path).read_text(errors="replace")[-chars:]
    except OSError:
        return ""


def check_limits(n: int, processes: int) -> None:
    """Fail at once, with the reason, where the machine cannot hold n streams (instead of hanging)."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    per_server = n // processes + 200
    per_client = -(-n // CLIENT_PROCESSES) + 200
    if hard != resource.RLIM_INFINITY and hard < max(per_server, per_client):
        raise BenchFailure(f"{n:,} clients need ~{per_server:,} open files in each server process and "
                           f"~{per_client:,} in each client process; the hard limit is {hard:,} "
                           "(raise it with `ulimit -Hn` or limits.conf)")
    with contextlib.suppress(OSError, ValueError):
        low, high = map(int, Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
        if high - low + 1 < n + 100:
            raise BenchFailure(f"{n:,} clients need {n:,} ephemeral ports to one server port; "
                               f"net.ipv4.ip_local_port_range has {high - low + 1:,}")


def listen_backlog() -> int:
    try:
        return min(65535, int(Path("/proc/sys/net/core/somaxconn").read_text()))
    except (OSError, ValueError):
        return 2048


def start_server(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[str]:
    code = ("import resource,sys; s,h=resource.getrlimit(resource.RLIMIT_NOFILE); "
            "resource.setrlimit(resource.RLIMIT_NOFILE,(h,h)); import uvicorn; sys.argv=['uvicorn']+sys.argv[1:]; "
            "uvicorn.main()")
    # stderr to a file, not a pipe nobody reads: a server logging more than a pipe holds would block.
    with log.open("w") as err:
        proc = subprocess.Popen([PY, "-c", code, *args, "--backlog", str(listen_backlog())], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=err, text=True)
    _CHILDREN.append(proc)
    return proc


def wait_port(port: int, proc: subprocess.Popen[str], log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchFailure(f"server exited with {proc.returncode}: {_tail(log)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise BenchFailure(f"server did not listen within {timeout:.0f} s: {_tail(log)}")


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a server and its worker processes."""
    total = rss_kb(pid)
    with contextlib.suppress(OSError):
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            total += rss_kb(int(child))
    return total


CLIENT_PROCESSES = 4


def connect_seconds(n: int) -> float:
    """How long all n streams may take to connect (generous: ~112 s were seen at load 15)."""
    return 120 + n * 0.025


class ClientProcess:
    """One client process; its stdout lines are read by a thread, so every wait has a deadline."""

    def __init__(self, args: list[str], log: Path) -> None:
        with log.open("w") as err:
            self.proc = subprocess.Popen([PY, __file__, "--client", *args], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=err, text=True, cwd=ROOT)
        _CHILDREN.append(self.proc)
        self.log = log
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def readline(self, deadline: float, what: str) -> str:
        try:
            line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise BenchFailure(f"client process {self.proc.pid}: no {what} in time; stderr: "
                               f"{_tail(self.log)}") from None
        if line is None:
            raise BenchFailure(f"client process {self.proc.pid} exited ({self.proc.wait(5)}) before {what}: "
                               f"{_tail(self.log)}")
        return line

    def go(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("GO\n")
        self.proc.stdin.flush()


def run_clients(port: int, paths: list[str], expect: int, send_fn: Callable[[], tuple[int, float | None]],
                server_pid: int,
                gap: float, workdir: str, server_log: Path) -> dict[str, Any]:
    shares = [paths[i::CLIENT_PROCESSES] for i in range(CLIENT_PROCESSES)]
    shares = [share for share in shares if share]
    files: list[str] = []
    clients: list[ClientProcess] = []
    rss_before = tree_rss_kb(server_pid)
    t_connect = time.monotonic()
    connect_s = connect_seconds(len(paths))
    read_s = 30 + expect * 5.0
    try:
        for k, share in enumerate(shares):
            with tempfile.NamedTemporaryFile("w", delete=False, suffix=".txt", dir=workdir) as f:
                f.write("\n".join(share))
            files.append(f.name)
            clients.append(ClientProcess([str(port), f.name, str(expect), str(connect_s), str(read_s)],
                                         Path(workdir, f"client-{port}-{k}.log")))
        connected, errors = 0, list[str]()
        deadline = time.monotonic() + connect_s + 30
        for client in clients:
            line = client.readline(deadline, "READY")
            if not line.startswith("READY"):
                raise BenchFailure(f"client process said {line[:200]!r} instead of READY")
            _word, ok, bad, errs = line.split(" ", 3)
            connected += int(ok)
            errors += json.loads(errs) if int(bad) else []
        connect_took = time.monotonic() - t_connect
        if connected < len(paths):
            raise BenchFailure(f"only {connected:,} of {len(paths):,} streams connected in {connect_took:.0f} s; "
                               f"first errors: {errors[:4]}; server log: {_tail(server_log, 4000)}")
        rss_after = tree_rss_kb(server_pid)
        for client in clients:
            client.go()
        sent: dict[int, float] = {}
        request_ms: list[float] = []
        server_ms: list[float] = []
        for _ in range(expect):
            t0 = time.time()
            alert_id, at_server = send_fn()
            request_ms.append((time.time() - t0) * 1000)
            if at_server is not None:
                server_ms.append(at_server)
            sent[alert_id] = t0
            time.sleep(gap)
        received: list[dict[str, float]] = []
        deadline = time.monotonic() + read_s + 60
        for client in clients:
            received += json.loads(client.readline(deadline, "receipts"))["received"]
    finally:
        for client in clients:
            _stop(client.proc, grace=5)
        for name in files:
            with contextlib.suppress(OSError):
                os.unlink(name)
    latencies, lost = [], 0
    for rec in received:
        for alert_id, t0 in sent.items():
            t = rec.get(str(alert_id))
            if t is None:
                lost += 1
            else:
                latencies.append(t - t0)
    return {"clients": connected, "connect_s": connect_took, "p50": pct(latencies, 50), "p99": pct(latencies, 99),
            "max": max(latencies) if latencies else float("nan"), "lost": lost,
            "kb_per_conn": (rss_after - rss_before) / max(1, connected), "request_ms": max(request_ms),
            "request_p50_ms": pct(request_ms, 50), "server_ms": server_ms}


def bench_baseline(n: int, alerts: int, gap: float, workdir: str) -> dict[str, Any]:
    import httpx

    port = free_port()
    log = Path(workdir, f"server-bare-{port}.log")
    proc = start_server(["bench.alert_fanout:baseline_app", "--port", str(port), "--log-level", "warning",
                         "--no-access-log", "--timeout-graceful-shutdown", "1"],
                        dict(os.environ, PYTHONPATH=str(ROOT)), log)
    try:
        wait_port(port, proc, log)
        counter = iter(range(1, 10**9))
        http = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)

        def send() -> tuple[int, float | None]:
            k = next(counter)
            try:
                http.post("/send", content=json.dumps({"type": "alert", "alert_id": k}, separators=(",", ":")))
            except httpx.HTTPError as exc:
                raise BenchFailure(f"bare broadcaster: send failed ({exc!r}); server log: {_tail(log)}") from exc
            return k, None

        return run_clients(port, ["/sse"] * n, alerts, send, proc.pid, gap, workdir, log)
    finally:
        _stop(proc)


SUBSCRIPTIONS = 100_000
SMOKE_SUBSCRIPTIONS = 2_000
ALERT_CENTRE = (51.8450, 5.8650)  # Nijmegen-Centrum
WALKER_SHARE = 5  # one in five stream clients walks a round; the others are subscribed residents


def _pg_bench_url(url: str, n: int) -> str:
    base, _sep, name = url.rpartition("/")
    return f"{base}/{name.split('?')[0] or 'postgres'}_bench_{n}"


def prepare_app_db(env: dict[str, str], n: int, subscriptions: int, workdir: str) -> dict[str, Any]:
    """A fresh database per client count: migrated, then seeded (`seed`)."""
    import shutil

    url = env["DATABASE_URL"]
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        base, _sep, name = url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        _run([PY, "manage.py", "migrate", "-v0", "--noinput"], env, 600, "migrating the bench database")
    else:
        template = Path(workdir) / "template.sqlite3"
        if not template.exists():  # migrate once per run, copy for every size
            _run([PY, "manage.py", "migrate", "-v0", "--noinput"], dict(env, DATABASE_URL=f"sqlite:///{template}"),
                 600, "migrating the bench database")
        shutil.copy(template, url.removeprefix("sqlite:///"))
    out = _run([PY, __file__, "--seed", str(n), str(subscriptions)], env, 1200, f"seeding {n:,} clients")
    return dict(json.loads(out.strip().splitlines()[-1]))


def drop_app_dbs(urls: list[str]) -> None:
    for url in urls:
        if url.startswith(("postgres://", "postgresql://")):
            import psycopg

            base, _sep, name = url.rpartition("/")
            with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(n: int, subscriptions: int) -> None:
    """Nijmegen's real wijken; n/5 walkers on running rounds in the centre; `subscriptions`
    residents' alert subscriptions (home or chosen area, radius 250 m-2 km) placed by CBS
    inhabitants per wijk. The alert's radius is chosen so that it reaches the walkers and
    n - n/5 subscribed residents: every stream client is a recipient, and the recipients are
    about n. Prints the stream paths, the radius and the expected number of recipients."""
    import django

    django.setup()
    from datetime import timedelta

    import numpy as np
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from bench.support.population import DATA, wijk_points
    from buurtpreventie.accounts.models import User
    from buurtpreventie.alerts.models import COARSE_DECIMALS, SUBSCRIPTION_RADII, AlertSubscription, lon_cell
    from buurtpreventie.areas.importers import import_wijken
    from buurtpreventie.areas.models import Municipality, Wijk
    from buurtpreventie.core.geo import haversine_m
    from buurtpreventie.patrols.models import RoundParticipant
    from buurtpreventie.testing.factories import InitiativeFactory, RoundFactory
    from buurtpreventie.testing.helpers import make_professional

    import_wijken(DATA / "nijmegen" / "wijken_2024_simplified.geojson")
    municipality = Municipality.objects.get(code="GM0268")
    centrum = Wijk.objects.get(code="WK026801")
    now = timezone.now()
    walkers_n = max(1, n // WALKER_SHARE)
    residents_n = n - walkers_n
    User.objects.bulk_create([User(username=f"w{i}", email="", password="!") for i in range(walkers_n)])
    walkers = list(User.objects.filter(username__startswith="w").order_by("pk"))
    teams = max(1, min(20, walkers_n // 10))
    for t in range(teams):
        team = InitiativeFactory(municipality=municipality, wijken=[centrum])
        rnd = RoundFactory(initiative=team, status="running", started_at=now,
                           planned_start=now - timedelta(minutes=5), wijk=centrum)
        RoundParticipant.objects.bulk_create([RoundParticipant(round=rnd, user=u) for u in walkers[t::teams]])

    rng = np.random.default_rng(15)
    lats, lons = wijk_points("nijmegen", subscriptions / 186_000 * 1.02, rng)
    keep = rng.permutation(len(lats))[:subscriptions]
    lats, lons = np.round(lats[keep], COARSE_DECIMALS), np.round(lons[keep], COARSE_DECIMALS)
    radii = rng.choice([r for r, _label in SUBSCRIPTION_RADII], size=len(lats), p=[0.3, 0.4, 0.2, 0.1])
    User.objects.bulk_create([User(username=f"r{i}", email="", password="!") for i in range(len(lats))],
                             batch_size=5000)
    residents = list(User.objects.filter(username__startswith="r").order_by("pk").values_list("pk", flat=True))
    AlertSubscription.objects.bulk_create([
        AlertSubscription(user_id=u, municipality=municipality, lat=float(la), lon=float(lo), radius_m=int(r),
                          lon_cell=lon_cell(float(lo)))
        for u, la, lo, r in zip(residents, lats.tolist(), lons.tolist(), radii.tolist(), strict=True)
    ], batch_size=5000)
    # The radius that reaches `residents_n` subscriptions: a subscription is reached when the
    # distance between the centres is at most the sum of the radii.
    lat0, lon0 = ALERT_CENTRE
    reach = np.array([haversine_m(lat0, lon0, la, lo) - r for la, lo, r in
                      zip(lats.tolist(), lons.tolist(), radii.tolist(), strict=True)])
    order = np.argsort(reach)
    radius = max(50, int(np.ceil(reach[order[max(0, residents_n - 1)]])))
    reached = [residents[i] for i in order.tolist() if reach[i] <= radius]

    dispatcher = make_professional("dispatcher", municipality, username="meldkamer")
    device, _ = TOTPDevice.objects.get_or_create(user=dispatcher, name="bench", defaults={"confirmed": True})
    store = SessionStore()
    store.update({SESSION_KEY: str(dispatcher.pk), HASH_SESSION_KEY: dispatcher.get_session_auth_hash(),
                  BACKEND_SESSION_KEY: "buurtpreventie.accounts.backends.UsernameOrEmailBackend",
                  "otp_device_id": device.persistent_id})
    store.create()
    # As autovacuum leaves a table that is read far more than written: statistics, and the visibility
    # map that lets the subscription index answer without a heap visit per row (9,564 of them
    # right after the bulk load: 24 ms of a 10,000-recipient alert).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    channel = f"municipality:{municipality.pk}:alerts"
    listeners = [u.pk for u in walkers] + reached[:residents_n]
    print(json.dumps({"session": store.session_key, "dispatcher": dispatcher.pk, "channel": channel,
                      "listeners": listeners, "radius_m": radius,
                      "recipients": len(walkers) + len(reached), "subscriptions": len(lats)}))


def stream_paths(seed_file: str) -> None:
    """Fresh stream tokens (they live 10 minutes) for the seed's listeners. A stream token is
    bound to one login session and its user (logout closes the streams); the bench's clients
    share the dispatcher's session, each subscribed as one recipient."""
    import django

    django.setup()
    from buurtpreventie.accounts.selectors import access_fingerprint
    from buurtpreventie.core.live import sign_stream_token

    data = json.loads(Path(seed_file).read_text())
    # With the user's access fingerprint, as `alerts.views.stream_token` signs them: every open
    # stream's roles are re-checked, as in production.
    fingerprint = access_fingerprint(user_id=data["dispatcher"])
    paths = [f"/live/stream?token={sign_stream_token(user_id=data['dispatcher'], subscriptions=[{'c': data['channel'], 'k': 'member', 'u': u}], session_key=data['session'], fingerprint=fingerprint)}"  # noqa: E501
             for u in data["listeners"]]
    print(json.dumps(paths))


def _app_env(n: int, workdir: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), DJANGO_SETTINGS_MODULE="bench.support.settings", ALERTS_PERIODIC="0",
               BUURTPREVENTIE_VAR_DIR=workdir,
               # One prefix per seed: the seed's session (stream tokens are bound to it) lives in the
               # cache under this prefix, and every process count reuses that seed.
               EVENT_PREFIX=f"bench-fanout-{os.getpid()}-{n}",
               SERVER_TIMING="1")  # the alert request's own duration, read from its response
    # The server runs on the test settings (bench.support.settings), which leave the collector as
    # Python sets it for in-process tests: the bench measures the production policy (core/heap.py,
    # ADR 0021) and logs its long pauses, unless the caller chose otherwise.
    env.setdefault("GC_FREEZE", "1")
    env.setdefault("GC_PAUSE_LOG_MS", "100")
    base_url = os.environ.get("DATABASE_URL", "")
    if base_url.startswith(("postgres://", "postgresql://")):
        env["DATABASE_URL"] = _pg_bench_url(base_url, n)
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir}/bench_{n}.sqlite3"
    if os.environ.get("REDIS_URL"):
        env["EVENT_BUS"] = "redis"
    return env


def bench_app(n: int, alerts: int, gap: float, workdir: str, processes: int = 1,
              subscriptions: int = SUBSCRIPTIONS) -> dict[str, Any]:
    import httpx

    env = _app_env(n, workdir)
    seed_file = Path(workdir, f"seed_{n}.json")
    if not seed_file.exists():
        seed_file.write_text(json.dumps(prepare_app_db(env, n, subscriptions, workdir)))
    data = json.loads(seed_file.read_text())
    out = _run([PY, __file__, "--tokens", str(seed_file)], env, 300, "making stream tokens")
    data["paths"] = json.loads(out.strip().splitlines()[-1])
    port = free_port()
    log = Path(workdir, f"server-app-{port}.log")
    proc = start_server(["config.asgi:application", "--port", str(port), "--log-level", "warning", "--no-access-log",
                         "--timeout-graceful-shutdown", "1", "--workers", str(processes)], env, log)
    try:
        wait_port(port, proc, log)
        time.sleep(1.0 * processes)  # every worker up and subscribed to Redis
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", cookies={"sessionid": data["session"]}, timeout=60)
        client.get("/alarm/nieuw/")
        token = client.cookies["csrftoken"]
        recipients: list[int] = []

        def send() -> tuple[int, float | None]:
            try:
                r = client.post("/alarm/nieuw/", headers={"X-CSRFToken": token}, data={
                    "area_kind": "circle", "lat": ALERT_CENTRE[0], "lon": ALERT_CENTRE[1],
                    "radius_m": data["radius_m"], "situation": "Bench", "instructions": "Bench",
                    "escalate_after_minutes": 3, "include_residents": "on"})
            except httpx.HTTPError as exc:
                raise BenchFailure(f"alert request failed ({exc!r}); server log: {_tail(log)}") from exc
            if r.status_code != 302:
                raise BenchFailure(f"alert request answered {r.status_code}; server log: {_tail(log)}")
            alert_id = int(r.headers["location"].rstrip("/").split("/")[-1])
            recipients.append(alert_id)
            return alert_id, server_timing(r.headers.get("server-timing"))

        for _ in range(2 * processes):
            send()  # warm-up, before any client listens: first-request costs (imports, templates) per worker
        result = run_clients(port, data["paths"], alerts, send, proc.pid, gap, workdir, log)
        result["gc_pauses"] = gc_pauses(log)
        result["recipients"] = _recipient_count(env, recipients[-1])
        result["expected_recipients"] = data["recipients"]
        result["subscriptions"] = data["subscriptions"]
        return result
    finally:
        _stop(proc)


def server_timing(header: str | None) -> float | None:
    """The app's own duration of a request (config/asgi.py's `Server-Timing: app;dur=<ms>`)."""
    if not header or ";dur=" not in header:
        return None
    return float(header.split(";dur=", 1)[1].split(",")[0])


def gc_pauses(log: Path) -> list[float]:
    """The full garbage collections the server logged as long (core/heap.py: >= GC_PAUSE_LOG_MS), in ms."""
    import re

    with contextlib.suppress(OSError):
        return [float(m) for m in re.findall(r"gc pause (\d+) ms", log.read_text(errors="replace"))]
    return []


def _run(cmd: list[str], env: dict[str, str], timeout: float, what: str) -> str:
    """A set-up step in a child process, bounded in time; its output, or a failure saying why."""
    try:
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BenchFailure(f"{what}: no result within {timeout:.0f} s") from None
    if done.returncode:
        raise BenchFailure(f"{what} failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


def _recipient_count(env: dict[str, str], alert_id: int) -> int:
    code = ("import django,sys; django.setup(); from buurtpreventie.alerts.models import Alert; "
            "from buurtpreventie.alerts.selectors import recipient_count; "
            f"print(recipient_count(Alert.objects.get(pk={alert_id})))")
    out = _run([PY, "-c", code], env, 300, "counting the recipients")
    return int(out.strip().splitlines()[-1])


def profile_request(seed_file: str, sends: int) -> None:
    """The alert-sending request in-process (Django's test client: the same middleware, session,
    two-factor check, form and redirect as over HTTP): wall and process CPU per request, its
    queries, and a cProfile. On-commit work runs as in production (the event is published, the
    delivery task queued in the database); the task itself runs elsewhere."""
    import cProfile
    import pstats

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from bench.support.queries import show_queries

    data = json.loads(Path(seed_file).read_text())
    client = Client(HTTP_HOST="127.0.0.1")  # the host the bench's server is reached on
    client.cookies[settings.SESSION_COOKIE_NAME] = data["session"]
    form = {"area_kind": "circle", "lat": ALERT_CENTRE[0], "lon": ALERT_CENTRE[1], "radius_m": data["radius_m"],
            "situation": "Bench", "instructions": "Bench", "escalate_after_minutes": 3, "include_residents": "on"}

    def post() -> None:
        response = client.post("/alarm/nieuw/", form)
        assert response.status_code == 302, response.status_code

    print(f"{data['recipients']:,} recipients")
    show_queries(post, label="alert request", warm=2)
    walls, cpus = [], []
    for _ in range(sends):
        t0, c0 = time.perf_counter(), time.process_time()
        post()
        walls.append((time.perf_counter() - t0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
    print(f"alert request, {sends} sends: wall p50 {pct(walls, 50):.0f} ms (min {min(walls):.0f}, max "
          f"{max(walls):.0f}); process CPU p50 {pct(cpus, 50):.0f} ms (min {min(cpus):.0f}, max {max(cpus):.0f}); "
          f"load average {os.getloadavg()[0]:.1f}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(3):
        post()
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(20)


def _profile_only(n: int, subscriptions: int, sends: int) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        env = _app_env(n, workdir)
        try:
            seed_file = Path(workdir, f"seed_{n}.json")
            seed_file.write_text(json.dumps(prepare_app_db(env, n, subscriptions, workdir)))
            subprocess.run([PY, __file__, "--profile-request", str(seed_file), str(sends)], cwd=ROOT, env=env,
                           check=True, timeout=1200)
        finally:
            drop_app_dbs([env["DATABASE_URL"]])


def _print_row(name: str, r: dict[str, Any], base: dict[str, Any]) -> None:
    ratio = r["p99"] / base["p99"] if base["p99"] > 0 else float("nan")
    print(f"{name:<10}{r['clients']:>8}{r.get('recipients', r['clients']):>8}{r['connect_s']:>11.1f}"
          f"{r['p50'] * 1000:>9.0f}{r['p99'] * 1000:>9.0f}{r['max'] * 1000:>9.0f}{r['lost']:>6}"
          f"{r['kb_per_conn']:>9.1f}{ratio:>13.2f}{r['request_ms']:>12.0f}{r['request_p50_ms']:>9.0f}"
          f"{r['load']:>6.1f}{_gc_column(r):>15}{_server_column(r):>16}", flush=True)


def _server_column(r: dict[str, Any]) -> str:
    """The alert request's duration inside the app (Server-Timing): p50 / max."""
    server = r.get("server_ms") or []
    return f"{pct(server, 50):.0f} / {max(server):.0f}" if server else "-"


def _gc_column(r: dict[str, Any]) -> str:
    """Long collector pauses of the app's processes during the round: how many, and the longest."""
    if "gc_pauses" not in r:
        return "-"
    pauses = r["gc_pauses"]
    return f"{len(pauses)} / {max(pauses):.0f}" if pauses else "0"


def _watchdog(seconds: int) -> None:
    """The whole run ends after `seconds` with a message, whatever step it is in (0: no limit)."""
    def expire(_signum: int, _frame: Any) -> None:
        raise BenchFailure(f"the whole run took longer than {seconds} s (--timeout)")

    if seconds > 0:
        signal.signal(signal.SIGALRM, expire)
        signal.alarm(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", default="1000,5000,10000")
    parser.add_argument("--processes", default="1,2,4", help="app processes (more than 1 needs REDIS_URL)")
    parser.add_argument("--alerts", type=int, default=3)
    parser.add_argument("--runs", type=int, default=1, help="rounds per client and process count (same seed)")
    parser.add_argument("--subscriptions", type=int, default=SUBSCRIPTIONS,
                        help="residents' alert subscriptions in the database")
    parser.add_argument("--timeout", type=int, default=None,
                        help="seconds for the whole run, then stop with an error (default: 420 with --smoke, "
                        "else 15 min per size and process count per run; 0: none)")
    parser.add_argument("--smoke", action="store_true", help="200 clients, 2,000 subscriptions, 2 alerts, "
                        "1 and 2 processes (CI)")
    parser.add_argument("--profile", action="store_true", help="only the alert request for the first client "
                        "count, in-process: wall, CPU and queries per request, cProfile; then stop")
    args = parser.parse_args()
    if args.profile:
        _profile_only(int(args.clients.split(",")[0]), SMOKE_SUBSCRIPTIONS if args.smoke else args.subscriptions, 5)
        return
    sizes = [200] if args.smoke else [int(x) for x in args.clients.split(",")]
    process_counts = [int(x) for x in ("1,2" if args.smoke else args.processes).split(",")]
    subscriptions = SMOKE_SUBSCRIPTIONS if args.smoke else args.subscriptions
    if not os.environ.get("REDIS_URL"):
        if any(p > 1 for p in process_counts):
            print("REDIS_URL is not set: measuring one app process only (several need Redis between them)")
        process_counts = [1]
    alerts = 2 if args.smoke else args.alerts
    gap = 0.5 if args.smoke else 2.0
    raise_nofile()
    try:
        for n in sizes:
            for processes in process_counts:
                check_limits(n, processes)
    except BenchFailure as exc:
        raise SystemExit(f"FAILED before starting: {exc}") from None
    timeout = args.timeout if args.timeout is not None else (
        420 if args.smoke else 900 * len(sizes) * len(process_counts) * max(1, args.runs))
    _watchdog(timeout)
    database = os.environ.get("DATABASE_URL", "").split(":", 1)[0] or "sqlite"
    print(f"clients read by {CLIENT_PROCESSES} client processes; event bus: "
          f"{'redis' if os.environ.get('REDIS_URL') else 'memory'}; database: {database}; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.1f}; {subscriptions:,} residents' subscriptions in the database; "
          f"open files {resource.getrlimit(resource.RLIMIT_NOFILE)[0]:,}; listen backlog {listen_backlog():,}")
    print(f"{'server':<10}{'clients':>8}{'recip.':>8}{'connect s':>11}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}"
          f"{'lost':>6}{'KB/conn':>9}{'p99 vs bare':>13}{'request ms':>12}{'req p50':>9}{'load':>6}"
          f"{'gc n / max ms':>15}{'app ms p50/max':>16}", flush=True)
    failed = False
    with tempfile.TemporaryDirectory() as workdir:
        try:
            for n in sizes:
                for _run_no in range(max(1, args.runs)):
                    for processes in process_counts:
                        # Alternate: a bare round, then the app, so both see the same machine load.
                        base = bench_baseline(n, alerts, gap, workdir)
                        base["load"] = os.getloadavg()[0]
                        _print_row("bare", base, base)
                        app = bench_app(n, alerts, gap, workdir, processes, subscriptions)
                        app["load"] = os.getloadavg()[0]
                        _print_row(f"app x{processes}", app, base)
                        failed |= (app["lost"] > 0 or app["clients"] < n
                                   or app["recipients"] != app["expected_recipients"])
                print(f"  load average after {n:,} clients: {os.getloadavg()[0]:.1f}", flush=True)
        except BenchFailure as exc:
            print(f"FAILED: {exc}", file=sys.stderr, flush=True)
            failed = True
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr, flush=True)
            failed = True
        finally:
            signal.alarm(0)
            for proc in list(_CHILDREN):
                _stop(proc, grace=5)
            base_url = os.environ.get("DATABASE_URL", "")
            if base_url.startswith(("postgres://", "postgresql://")):
                drop_app_dbs([_pg_bench_url(base_url, n) for n in sizes])
    if failed:
        raise SystemExit("FAILED: events were lost, clients could not connect, the recipients differ, "
                         "or a step did not finish (see above)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--client":
        port, paths_file, expect = int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
        asyncio.run(client_main(port, Path(paths_file).read_text().splitlines(), expect, float(sys.argv[5]),
                                float(sys.argv[6])))
    elif len(sys.argv) > 1 and sys.argv[1] == "--profile-request":
        sys.path.insert(0, str(ROOT))
        profile_request(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--tokens":
        sys.path.insert(0, str(ROOT))
        stream_paths(sys.argv[2])
    elif len(sys.argv) > 1 and sys.argv[1] == "--seed":
        sys.path.insert(0, str(ROOT))
        seed(int(sys.argv[2]), int(sys.argv[3]))
    else:
        main()

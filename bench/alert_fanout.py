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

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bp_perf REDIS_URL=redis://127.0.0.1:6379/7 \
        .venv/bin/python bench/alert_fanout.py                                  # 1k/5k/10k x 1/2/4
    .venv/bin/python bench/alert_fanout.py --clients 2000 --processes 1          # one size, no Redis
    .venv/bin/python bench/alert_fanout.py --smoke                                # small CI run
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
        for q in BASELINE_CLIENTS:
            q.put_nowait(frame)
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


async def client_main(port: int, paths: list[str], expect: int, timeout: float) -> None:
    raise_nofile()
    received: list[dict[int, float]] = [{} for _ in paths]
    done = asyncio.Event()
    remaining = [len(paths)]
    sem = asyncio.Semaphore(200)
    ready = [0]
    writers = []

    async def one(i: int, path: str) -> None:
        async with sem:
            for attempt in range(20):
                try:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    break
                except OSError:
                    await asyncio.sleep(0.05 * (attempt + 1))
            else:
                return
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
            await writer.drain()
            writers.append(writer)
            # wait for the first bytes of the stream (headers + hello/comment)
            while (await reader.readline()).strip():
                pass
        ready[0] += 1
        mine = received[i]
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
        remaining[0] -= 1
        if remaining[0] == 0:
            done.set()

    tasks = [asyncio.create_task(one(i, p)) for i, p in enumerate(paths)]
    while ready[0] < len(paths):
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.5)  # let the server finish its per-connection set-up
    print(f"READY {ready[0]}", flush=True)
    # The timeout starts when every client process is connected and the alerts go out (GO), not
    # at this process's READY: with thousands of clients the last process connects much later.
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(done.wait(), timeout)
    print(json.dumps({"received": [{str(k): v for k, v in r.items()} for r in received]}), flush=True)
    for w in writers:
        w.close()
    for t in tasks:
        t.cancel()


# --- orchestration ---------------------------------------------------------------------------


def start_server(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    code = ("import resource,sys; s,h=resource.getrlimit(resource.RLIMIT_NOFILE); "
            "resource.setrlimit(resource.RLIMIT_NOFILE,(h,h)); import uvicorn; sys.argv=['uvicorn']+sys.argv[1:]; "
            "uvicorn.main()")
    return subprocess.Popen([PY, "-c", code, *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


def wait_port(port: int, proc: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read() if proc.stderr else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("server did not start")


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a server and its worker processes."""
    total = rss_kb(pid)
    with contextlib.suppress(OSError):
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            total += rss_kb(int(child))
    return total


CLIENT_PROCESSES = 4


def run_clients(port: int, paths: list[str], expect: int, send_fn, server_pid: int, gap: float) -> dict:  # type: ignore[no-untyped-def]
    shares = [paths[i::CLIENT_PROCESSES] for i in range(CLIENT_PROCESSES)]
    shares = [share for share in shares if share]
    files, clients = [], []
    rss_before = tree_rss_kb(server_pid)
    t_connect = time.monotonic()
    for share in shares:
        with tempfile.NamedTemporaryFile("w", delete=False, suffix=".txt") as f:
            f.write("\n".join(share))
        files.append(f.name)
        clients.append(subprocess.Popen([PY, __file__, "--client", str(port), f.name, str(expect),
                                         str(30 + expect * 5)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, cwd=ROOT))
    connected = 0
    for client in clients:
        assert client.stdout is not None
        line = client.stdout.readline()
        if not line.startswith("READY"):
            raise SystemExit(f"client failed: {line}")
        connected += int(line.split()[1])
    connect_s = time.monotonic() - t_connect
    rss_after = tree_rss_kb(server_pid)
    for client in clients:
        assert client.stdin is not None
        client.stdin.write("GO\n")
        client.stdin.flush()
    sent: dict[int, float] = {}
    request_ms = []
    for _ in range(expect):
        t0 = time.time()
        alert_id = send_fn()
        request_ms.append((time.time() - t0) * 1000)
        sent[alert_id] = t0
        time.sleep(gap)
    received = []
    for client in clients:
        assert client.stdout is not None
        received += json.loads(client.stdout.readline())["received"]
        client.wait(30)
    for name in files:
        os.unlink(name)
    latencies, lost = [], 0
    for rec in received:
        for alert_id, t0 in sent.items():
            t = rec.get(str(alert_id))
            if t is None:
                lost += 1
            else:
                latencies.append(t - t0)
    return {"clients": connected, "connect_s": connect_s, "p50": pct(latencies, 50), "p99": pct(latencies, 99),
            "max": max(latencies) if latencies else float("nan"), "lost": lost,
            "kb_per_conn": (rss_after - rss_before) / max(1, connected), "request_ms": max(request_ms),
            "request_p50_ms": pct(request_ms, 50)}


def bench_baseline(n: int, alerts: int, gap: float) -> dict:
    import httpx

    port = free_port()
    proc = start_server(["bench.alert_fanout:baseline_app", "--port", str(port), "--log-level", "warning",
                         "--no-access-log", "--timeout-graceful-shutdown", "1"], dict(os.environ, PYTHONPATH=str(ROOT)))
    try:
        wait_port(port, proc)
        counter = iter(range(1, 10**9))
        http = httpx.Client(base_url=f"http://127.0.0.1:{port}")

        def send() -> int:
            k = next(counter)
            http.post("/send", content=json.dumps({"type": "alert", "alert_id": k}, separators=(",", ":")))
            return k

        return run_clients(port, ["/sse"] * n, alerts, send, proc.pid, gap)
    finally:
        proc.terminate()
        proc.wait(10)


SUBSCRIPTIONS = 100_000
SMOKE_SUBSCRIPTIONS = 2_000
ALERT_CENTRE = (51.8450, 5.8650)  # Nijmegen-Centrum
WALKER_SHARE = 5  # one in five stream clients walks a round; the others are subscribed residents


def _pg_bench_url(url: str, n: int) -> str:
    base, _sep, name = url.rpartition("/")
    return f"{base}/{name.split('?')[0] or 'postgres'}_bench_{n}"


def prepare_app_db(env: dict[str, str], n: int, subscriptions: int, workdir: str) -> dict:
    """A fresh database per client count: migrated, then seeded (`seed`)."""
    import shutil

    url = env["DATABASE_URL"]
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        base, _sep, name = url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        subprocess.run([PY, "manage.py", "migrate", "-v0", "--noinput"], cwd=ROOT, check=True, env=env)
    else:
        template = Path(workdir) / "template.sqlite3"
        if not template.exists():  # migrate once per run, copy for every size
            subprocess.run([PY, "manage.py", "migrate", "-v0", "--noinput"], cwd=ROOT, check=True,
                           env=dict(env, DATABASE_URL=f"sqlite:///{template}"))
        shutil.copy(template, url.removeprefix("sqlite:///"))
    out = subprocess.run([PY, __file__, "--seed", str(n), str(subscriptions)], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


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
    from buurtpreventie.core.live import sign_stream_token

    data = json.loads(Path(seed_file).read_text())
    paths = [f"/live/stream?token={sign_stream_token(user_id=data['dispatcher'], subscriptions=[{'c': data['channel'], 'k': 'member', 'u': u}], session_key=data['session'])}"  # noqa: E501
             for u in data["listeners"]]
    print(json.dumps(paths))


def bench_app(n: int, alerts: int, gap: float, workdir: str, processes: int = 1,
              subscriptions: int = SUBSCRIPTIONS) -> dict:
    import httpx

    env = dict(os.environ, PYTHONPATH=str(ROOT), DJANGO_SETTINGS_MODULE="bench.support.settings", ALERTS_PERIODIC="0",
               BUURTPREVENTIE_VAR_DIR=workdir,
               # One prefix per seed: the seed's session (stream tokens are bound to it) lives in the
               # cache under this prefix, and every process count reuses that seed.
               EVENT_PREFIX=f"bench-fanout-{os.getpid()}-{n}")
    base_url = os.environ.get("DATABASE_URL", "")
    if base_url.startswith(("postgres://", "postgresql://")):
        env["DATABASE_URL"] = _pg_bench_url(base_url, n)
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir}/bench_{n}.sqlite3"
    if os.environ.get("REDIS_URL"):
        env["EVENT_BUS"] = "redis"
    seed_file = Path(workdir, f"seed_{n}.json")
    if not seed_file.exists():
        seed_file.write_text(json.dumps(prepare_app_db(env, n, subscriptions, workdir)))
    data = json.loads(seed_file.read_text())
    out = subprocess.run([PY, __file__, "--tokens", str(seed_file)], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    data["paths"] = json.loads(out.strip().splitlines()[-1])
    port = free_port()
    proc = start_server(["config.asgi:application", "--port", str(port), "--log-level", "warning", "--no-access-log",
                         "--timeout-graceful-shutdown", "1", "--workers", str(processes)], env)
    try:
        wait_port(port, proc)
        time.sleep(1.0 * processes)  # every worker up and subscribed to Redis
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", cookies={"sessionid": data["session"]}, timeout=60)
        client.get("/alarm/nieuw/")
        token = client.cookies["csrftoken"]
        recipients: list[int] = []

        def send() -> int:
            r = client.post("/alarm/nieuw/", headers={"X-CSRFToken": token}, data={
                "area_kind": "circle", "lat": ALERT_CENTRE[0], "lon": ALERT_CENTRE[1], "radius_m": data["radius_m"],
                "situation": "Bench", "instructions": "Bench", "escalate_after_minutes": 3,
                "include_residents": "on"})
            assert r.status_code == 302, r.status_code
            alert_id = int(r.headers["location"].rstrip("/").split("/")[-1])
            recipients.append(alert_id)
            return alert_id

        for _ in range(2 * processes):
            send()  # warm-up, before any client listens: first-request costs (imports, templates) per worker
        result = run_clients(port, data["paths"], alerts, send, proc.pid, gap)
        result["recipients"] = _recipient_count(env, recipients[-1])
        result["expected_recipients"] = data["recipients"]
        result["subscriptions"] = data["subscriptions"]
        return result
    finally:
        proc.terminate()
        proc.wait(10)


def _recipient_count(env: dict[str, str], alert_id: int) -> int:
    code = ("import django,sys; django.setup(); from buurtpreventie.alerts.models import Alert; "
            "from buurtpreventie.alerts.selectors import recipient_count; "
            f"print(recipient_count(Alert.objects.get(pk={alert_id})))")
    out = subprocess.run([PY, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    return int(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", default="1000,5000,10000")
    parser.add_argument("--processes", default="1,2,4", help="app processes (more than 1 needs REDIS_URL)")
    parser.add_argument("--alerts", type=int, default=3)
    parser.add_argument("--subscriptions", type=int, default=SUBSCRIPTIONS,
                        help="residents' alert subscriptions in the database")
    parser.add_argument("--smoke", action="store_true", help="200 clients, 2,000 subscriptions, 2 alerts, "
                        "1 and 2 processes (CI)")
    args = parser.parse_args()
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
    database = os.environ.get("DATABASE_URL", "").split(":", 1)[0] or "sqlite"
    print(f"clients read by {CLIENT_PROCESSES} client processes; event bus: "
          f"{'redis' if os.environ.get('REDIS_URL') else 'memory'}; database: {database}; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.1f}; {subscriptions:,} residents' subscriptions in the database")
    print(f"{'server':<10}{'clients':>8}{'recip.':>8}{'connect s':>11}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}"
          f"{'lost':>6}{'KB/conn':>9}{'p99 vs bare':>13}{'request ms':>12}{'req p50':>9}")
    failed = False
    with tempfile.TemporaryDirectory() as workdir:
        try:
            for n in sizes:
                for processes in process_counts:
                    # Alternate: a bare round, then the app, so both see the same machine load.
                    base = bench_baseline(n, alerts, gap)
                    app = bench_app(n, alerts, gap, workdir, processes, subscriptions)
                    for name, r in (("bare", base), (f"app x{processes}", app)):
                        ratio = r["p99"] / base["p99"] if base["p99"] > 0 else float("nan")
                        print(f"{name:<10}{r['clients']:>8}{r.get('recipients', r['clients']):>8}"
                              f"{r['connect_s']:>11.1f}{r['p50'] * 1000:>9.0f}"
                              f"{r['p99'] * 1000:>9.0f}{r['max'] * 1000:>9.0f}{r['lost']:>6}{r['kb_per_conn']:>9.1f}"
                              f"{ratio:>13.2f}{r['request_ms']:>12.0f}{r['request_p50_ms']:>9.0f}", flush=True)
                    failed |= app["lost"] > 0 or app["clients"] < n or app["recipients"] != app["expected_recipients"]
                print(f"  load average after {n:,} clients: {os.getloadavg()[0]:.1f}", flush=True)
        finally:
            base_url = os.environ.get("DATABASE_URL", "")
            if base_url.startswith(("postgres://", "postgresql://")):
                drop_app_dbs([_pg_bench_url(base_url, n) for n in sizes])
    if failed:
        raise SystemExit("FAILED: events were lost, clients could not connect, or the recipients differ")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--client":
        port, paths_file, expect, timeout = int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
        asyncio.run(client_main(port, Path(paths_file).read_text().splitlines(), expect, timeout))
    elif len(sys.argv) > 1 and sys.argv[1] == "--tokens":
        sys.path.insert(0, str(ROOT))
        stream_paths(sys.argv[2])
    elif len(sys.argv) > 1 and sys.argv[1] == "--seed":
        sys.path.insert(0, str(ROOT))
        seed(int(sys.argv[2]), int(sys.argv[3]))
    else:
        main()

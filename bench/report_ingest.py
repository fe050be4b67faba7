"""Patrol-report ingest over HTTP against the production server setup, beside a trivial view.

Starts the app the way the README serves it in production (`config.settings.prod`,
`gunicorn -k uvicorn_worker.UvicornWorker -w 4 config.asgi:application`) and, for comparison, the
same with fewer bridge threads and gunicorn's WSGI workers (`-k gthread`, 8 threads and 1 thread
per worker), on a database of its own.
Several client processes keep keep-alive connections busy (closed loop) and alternate, in the
same run, between

- the trivial view `GET /healthz` (one `SELECT 1`: the ceiling of this server on this machine), and
- `POST /api/patrols/reports` as a logged-in member (a full report: walkers, two observations,
  a person spoken to, focus points, a defect, route streets; a fresh `client_uuid` each time),

and prints reports/s, p50/p95 latency, the ratio to /healthz (target: >= 500 reports/s and
>= 0.3x the ping) and the queries one report costs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bp_perf REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python bench/report_ingest.py               # 3 interleaved runs per server setup
    .venv/bin/python bench/report_ingest.py --servers asgi     # one setup
    .venv/bin/python bench/report_ingest.py --smoke            # CI: one short run, ASGI only
    .venv/bin/python bench/report_ingest.py --profile          # one report in-process: queries, cProfile

The bench creates `<database>_ingest_bench` next to the configured PostgreSQL database (or a
temporary SQLite file) and drops it afterwards; it never touches your data.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent

from bench.support.http_load import LoadResult, request_bytes, run_load  # noqa: E402

PLACEHOLDER = "00000000-0000-4000-8000-000000000000"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bench_database(url: str) -> tuple[str, Any]:
    """(DATABASE_URL of a fresh bench database, cleanup function)."""
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        base, _sep, name = url.rpartition("/")
        name = name.split("?")[0] or "postgres"
        bench_name = f"{name}_ingest_bench"
        admin_url = f"{base}/postgres"
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{bench_name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{bench_name}"')

        def drop() -> None:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{bench_name}" WITH (FORCE)')

        return f"{base}/{bench_name}", drop
    tmp = tempfile.mkdtemp(prefix="bp-ingest-")
    return f"sqlite:///{tmp}/bench.sqlite3", lambda: shutil.rmtree(tmp, ignore_errors=True)


SERVERS: dict[str, tuple[list[str], dict[str, str]]] = {
    # The README's production command: ASGI workers, pages through the a2wsgi bridge (ADR 0002),
    # 16 bridge threads per worker.
    "asgi": (["-k", "uvicorn_worker.UvicornWorker", "config.asgi:application"], {}),
    # The same without the fast route for reports (core.fastpath): every report through Django's stack.
    "asgi-nofast": (["-k", "uvicorn_worker.UvicornWorker", "config.asgi:application"], {"FAST_PATH": "0"}),
    # The fast route's thread pool per worker (FAST_PATH_THREADS, default 1) set explicitly, and 2 and 8
    # threads: what more threads contending for the GIL on 2 cores cost.
    "asgi-ft1": (["-k", "uvicorn_worker.UvicornWorker", "config.asgi:application"], {"FAST_PATH_THREADS": "1"}),
    "asgi-ft2": (["-k", "uvicorn_worker.UvicornWorker", "config.asgi:application"], {"FAST_PATH_THREADS": "2"}),
    "asgi-ft8": (["-k", "uvicorn_worker.UvicornWorker", "config.asgi:application"], {"FAST_PATH_THREADS": "8"}),
    # The same with 4 bridge threads per worker: fewer threads contending for the GIL on 2 cores.
    "asgi-t4": (["-k", "uvicorn_worker.UvicornWorker", "config.asgi:application"], {"PAGE_THREADS": "4"}),
    # Plain WSGI with threads: no event loop, no bridge.
    "wsgi": (["-k", "gthread", "--threads", "8", "config.wsgi:application"], {}),
    # WSGI with one thread per worker: what gunicorn's sync workers do, but keeping connections
    # alive (sync workers close each connection, which would measure TCP set-up instead).
    "wsgi-t1": (["-k", "gthread", "--threads", "1", "config.wsgi:application"], {}),
}


def start_server(kind: str, port: int, workers: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    args, extra_env = SERVERS[kind]
    cmd = [str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning", *args]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**env, **extra_env}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{kind} server exited: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    return proc
        except OSError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"{kind} server did not come up")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--servers", default="asgi,asgi-nofast,wsgi",
                        help="comma-separated: " + ", ".join(SERVERS))
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (README: 4)")
    parser.add_argument("--runs", type=int, default=3, help="interleaved runs per server setup")
    parser.add_argument("--seconds", type=float, default=8.0, help="length of each measured run")
    parser.add_argument("--slice", type=float, default=2.0,
                        help="a run alternates /healthz and reports in slices of this many seconds")
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8, help="keep-alive connections per client process")
    parser.add_argument("--members", type=int, default=200,
                        help="report authors, each with a session (the reports rotate over them)")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--profile", action="store_true",
                        help="only profile report POSTs in-process (queries of one, cProfile of 50) and stop")
    args = parser.parse_args()
    if args.smoke:
        args.servers, args.runs, args.seconds, args.client_processes, args.connections = "asgi", 1, 2.0, 1, 4
        args.members = 20

    db_url, drop_db = bench_database(os.environ.get("DATABASE_URL", ""))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_COOKIES": "0",
        # Plain HTTP on loopback, as behind a TLS-terminating proxy (which would set X-Forwarded-Proto).
        "SECURE_SSL_REDIRECT": "0",
        "PUBLIC_BASE_URL": "http://127.0.0.1",
        "DATABASE_URL": db_url,
        "EVENT_PREFIX": f"bench-ingest-{os.getpid()}",
        "ALERTS_PERIODIC": "0",
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)
    try:
        _run(args, env)
    finally:
        from django.db import connections

        connections.close_all()
        drop_db()


def merged(parts: list[LoadResult]) -> LoadResult:
    """Slices of equal length as one result: the mean rate, all latencies, all statuses."""
    statuses: dict[int, int] = {}
    for part in parts:
        for status, n in part.statuses.items():
            statuses[status] = statuses.get(status, 0) + n
    return LoadResult(sum(part.rate for part in parts) / len(parts),
                      [x for part in parts for x in part.latencies], statuses)


def _seed(members: int = 200) -> tuple[list[str], dict[str, Any]]:
    """A municipality, a team of `members` report authors (many phones, each under the API's per-user
    rate limit; with more authors than a fast route keeps in memory, every report loads its caller),
    an ended round, and a full report as the phone sends it."""
    from datetime import timedelta

    from django.test import Client
    from django.utils import timezone

    from buurtpreventie.areas.models import Municipality, Street, Wijk
    from buurtpreventie.initiatives.models import Initiative, InitiativeStatus, Membership
    from buurtpreventie.patrols.models import Round, RoundStatus
    from buurtpreventie.testing.factories import UserFactory

    municipality = Municipality.objects.create(code="GM0268", name="Nijmegen", slug="nijmegen")
    wijk = Wijk.objects.create(municipality=municipality, code="WK026801", name="Centrum")
    streets = ["Grote Markt", "Burchtstraat", "Lange Hezelstraat", "Stikke Hezelstraat"]
    for i, name in enumerate(streets):
        Street.objects.create(municipality=municipality, name=name, geometry={
            "type": "LineString", "coordinates": [[5.86 + i / 1000, 51.84], [5.861 + i / 1000, 51.841]]},
            min_lat=51.84, max_lat=51.841, min_lon=5.86 + i / 1000, max_lon=5.861 + i / 1000)
    team = Initiative.objects.create(municipality=municipality, name="Bench team", status=InitiativeStatus.ACTIVE)
    team.wijken.add(wijk)
    from django.contrib.auth.hashers import make_password

    from buurtpreventie.accounts.models import User

    hashed = make_password("bench-wachtwoord")  # once: the production hasher takes ~0.3 s per hash
    member, walker = UserFactory(username="bench-lid"), UserFactory(username="bench-lid-2")
    # The factory hashes whatever password it is given (a hash again: 0.3 s per author, 25 min for
    # 5,000): None costs nothing, and the one hash is set on all of them in one UPDATE.
    authors = [member] + [UserFactory(username=f"bench-lid-{i}", password=None) for i in range(3, members + 2)]
    User.objects.filter(pk__in=[a.pk for a in authors[1:]]).update(password=hashed)
    for author in authors[1:]:
        author.password = hashed
    for user in (*authors, walker):
        Membership.objects.create(user=user, initiative=team, role="member")
    now = timezone.now()
    rnd = Round.objects.create(initiative=team, wijk=wijk, meeting_point="bench", status=RoundStatus.ENDED,
                               planned_start=now - timedelta(hours=3), planned_end=now - timedelta(hours=1),
                               started_at=now - timedelta(hours=3), ended_at=now - timedelta(hours=1))
    sessions = []
    for author in authors:
        client = Client()
        client.force_login(author)
        sessions.append(client.cookies["sessionid"].value)
    payload = {
        "round_id": rnd.pk, "client_uuid": PLACEHOLDER,
        "started_at": (now - timedelta(hours=3)).isoformat(), "ended_at": (now - timedelta(hours=1)).isoformat(),
        "route_streets": streets[:3], "route_kind": "main", "walker_ids": [member.pk, walker.pk],
        "quiet": False, "spoke_to_people": True, "conversation_topics": "Fietsendiefstal bij het station",
        "conversation_outcome": "good", "focus_points": ["Open deuren", "Verlichting"],
        "notes": "Rustige avond.",
        "observations": [
            {"observed_at": now.isoformat(), "place": "Grote Markt", "category": "nuisance",
             "behaviour": "Groep maakte lawaai bij de fietsenstalling."},
            {"observed_at": now.isoformat(), "place": "Burchtstraat", "category": "suspicious",
             "behaviour": "Iemand probeerde deurklinken van auto's.",
             "person": {"person_clothing": "groene jas", "person_height": "lang", "person_age": "30-40"}},
        ],
        "defects": [{"category": "street_light", "place": "Burchtstraat 12", "description": "Lantaarnpaal kapot",
                     "lat": 51.8465, "lon": 5.8652}],
    }
    return sessions, payload


def _profile(session_payload: dict[str, Any]) -> None:
    """The queries of one report POST and where 50 of them spend their time (same middleware stack)."""
    import cProfile
    import pstats
    import uuid

    from django.test import Client

    from bench.support.queries import show_queries
    from buurtpreventie.accounts.models import User

    client = Client(enforce_csrf_checks=False)
    client.force_login(User.objects.get(username="bench-lid"))

    def post() -> None:
        response = client.post("/api/patrols/reports", {**session_payload, "client_uuid": str(uuid.uuid4())},
                               content_type="application/json")
        assert response.status_code == 201, response.content[:500]

    show_queries(post, label="report POST", warm=5, width=150)
    for label, call in (("report POST", post), ("GET /healthz", lambda: client.get("/healthz"))):
        t0 = time.process_time()
        for _ in range(50):
            call()
        print(f"app CPU per {label}: {(time.process_time() - t0) * 1000 / 50:.1f} ms (in-process, one thread)")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(50):
        post()
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


def _profile_fast(sessions: list[str], payload: dict[str, Any]) -> None:
    """App CPU of one report on the fast route (patrols/ingest.py), with the caller and round in
    process memory and with every caller loaded (the memory emptied before each report)."""
    import io
    import uuid

    from django.core.handlers.asgi import ASGIRequest

    from bench.support.queries import show_queries
    from buurtpreventie.core import fastpath
    from buurtpreventie.patrols.ingest import report_ingest

    csrf = secrets.token_hex(16)
    n = [0]

    def post() -> None:
        n[0] += 1
        body = json.dumps({**payload, "client_uuid": str(uuid.uuid4())}).encode()
        cookie = f"sessionid={sessions[n[0] % len(sessions)]}; csrftoken={csrf}"
        scope = {"type": "http", "method": "POST", "path": "/api/patrols/reports", "query_string": b"",
                 "scheme": "http", "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 1), "headers": [
                     (b"host", b"127.0.0.1"), (b"cookie", cookie.encode()), (b"x-csrftoken", csrf.encode()),
                     (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]}
        response = report_ingest(ASGIRequest(scope, io.BytesIO(body)))
        assert response.status_code == 201, response.content[:500]

    show_queries(post, label="report on the fast route (caller in memory)", warm=len(sessions), width=150)
    from buurtpreventie.api import fast

    forgets: dict[str, Any] = {"caller and round in memory": None,
                               "each caller loaded (its memory emptied, both tiers)": fast._users.clear,
                               "every memory emptied (streets, settings, team, round, caller)": fastpath.forget_all}
    for label, forget in forgets.items():
        cpu = 0.0
        for _ in range(100):
            if forget is not None:
                forget()
            t0 = time.process_time()
            post()
            cpu += time.process_time() - t0
        print(f"app CPU per report on the fast route, {label}: {cpu * 1000 / 100:.1f} ms (in-process, one thread)")


def _queries_per_report(session_payload: dict[str, Any]) -> int:
    """The queries one report costs, counted in-process on the same code path."""
    import uuid

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from buurtpreventie.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="bench-lid"))
    client.post("/api/patrols/reports", {**session_payload, "client_uuid": str(uuid.uuid4())},
                content_type="application/json")  # warm caches, as a running server has them
    with CaptureQueriesContext(connection) as ctx:
        response = client.post("/api/patrols/reports", {**session_payload, "client_uuid": str(uuid.uuid4())},
                               content_type="application/json")
    assert response.status_code == 201, response.content[:500]
    return len(ctx.captured_queries)


def _run(args: argparse.Namespace, env: dict[str, str]) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    sessions, payload = _seed(args.members)
    if args.profile:
        _profile(payload)
        _profile_fast(sessions, payload)
        connections.close_all()
        return
    csrf = secrets.token_hex(16)
    body = json.dumps(payload).encode()
    nqueries = _queries_per_report(payload)
    vendor = connection.vendor
    from buurtpreventie.patrols.models import PatrolReport

    start_reports = PatrolReport.objects.count()
    connections.close_all()

    ping = request_bytes("GET", "/healthz", headers={})

    def report_factory(run: int) -> Any:
        templates = [request_bytes("POST", "/api/patrols/reports", body=body, headers={
            "Cookie": f"sessionid={session}; csrftoken={csrf}", "X-CSRFToken": csrf,
            "Content-Type": "application/json"}) for session in sessions]

        def make(proc: int, n: int) -> bytes:
            template = templates[(proc * 7919 + n) % len(templates)]
            return template.replace(PLACEHOLDER.encode(), f"{proc:08x}-{run:04x}-4000-8000-{n:012x}".encode())

        return make

    print(f"database: {vendor}; event bus: {'redis' if os.environ.get('REDIS_URL') else 'memory'}; "
          f"{os.cpu_count()} cores; {args.workers} workers; {args.client_processes}x{args.connections} "
          f"keep-alive client connections; {args.runs} runs of {args.seconds:.0f} s each, in slices of "
          f"{args.slice:.0f} s alternating with /healthz")
    print(f"queries per report (in-process, same code path): {nqueries}")
    print(f"load average before the runs: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    summary: dict[str, tuple[float, float, float]] = {}
    run_no = 0
    for kind in [s.strip() for s in args.servers.split(",") if s.strip()]:
        port = free_port()
        proc = start_server(kind, port, args.workers, env)
        try:
            run_load(port, lambda p, n: ping, seconds=1.0, processes=1, connections=4)  # warm-up
            run_no += 1
            run_load(port, report_factory(run_no), seconds=1.0, processes=1, connections=4)
            pings: list[LoadResult] = []
            posts: list[LoadResult] = []
            for _ in range(args.runs):
                # Alternating slices, so that a change in the machine's speed during the run (a shared
                # VM's speed moves by 2x within minutes) weighs on both sides of the ratio alike.
                slices = max(1, round(args.seconds / args.slice))
                ping_parts: list[LoadResult] = []
                post_parts: list[LoadResult] = []
                for _slice in range(slices):
                    ping_parts.append(run_load(port, lambda p, n: ping, seconds=args.seconds / slices,
                                               processes=args.client_processes, connections=args.connections))
                    run_no += 1
                    post_parts.append(run_load(port, report_factory(run_no), seconds=args.seconds / slices,
                                               processes=args.client_processes, connections=args.connections))
                pings.append(merged(ping_parts))
                posts.append(merged(post_parts))
                print(f"  {kind:7} run: /healthz {pings[-1].rate:7.0f}/s (p50 {pings[-1].pct_ms(50):5.1f} ms)   "
                      f"reports {posts[-1].rate:6.0f}/s (p50 {posts[-1].pct_ms(50):5.1f} ms, "
                      f"p95 {posts[-1].pct_ms(95):5.1f} ms)   ratio {posts[-1].rate / pings[-1].rate:.2f}x"
                      + (f"   errors {posts[-1].statuses}" if posts[-1].errors or pings[-1].errors else ""))
        finally:
            stop_server(proc)
        ratios = [p.rate / q.rate for p, q in zip(posts, pings, strict=True)]
        summary[kind] = (statistics.median(p.rate for p in posts), statistics.median(q.rate for q in pings),
                         statistics.median(ratios))
    print("summary (medians):")
    for kind, (reports, pings_rate, ratio) in summary.items():
        verdict = "meets" if reports >= 500 and ratio >= 0.3 else "misses"
        print(f"  {kind:7} reports {reports:6.0f}/s   /healthz {pings_rate:7.0f}/s   ratio {ratio:.2f}x   "
              f"({verdict} the target: >= 500 reports/s and >= 0.3x)")
    stored = PatrolReport.objects.count() - start_reports
    print(f"reports stored during the bench: {stored:,}; load average after: "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    connections.close_all()


if __name__ == "__main__":
    main()

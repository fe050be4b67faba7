"""Pages at the size of the whole country: p50/p95 and queries per page beside a trivial view.

Seeds a national-size data set in a database of its own — every municipality (342) with wijken
and teams, 50,000 members, 1,000,000 patrol reports (with defects), 2,500,000 positions of which
a few thousand belong to rounds running now — then loads, as the user who would, each page:

- the public dossier page of one municipality (anonymous),
- the loket (a wijk-bound wijkagent),
- the live board page and its JSON (a dispatcher),
- the insights dashboard (a safety officer),
- a team page (its coordinator),
- Open311 `requests.json` (anonymous),

and the trivial view `/healthz` the same way. Pages are rendered in-process through Django's
full middleware stack (test client), so the figures are the app's own time per page; queries
are counted per page load.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bp_perf .venv/bin/python bench/pages.py
    .venv/bin/python bench/pages.py --members 5000 --reports 100000 --positions 250000
    .venv/bin/python bench/pages.py --smoke            # CI: 20 municipalities, 20,000 reports

Targets (issue 15): live board p95 < 150 ms, public page p95 < 100 ms, dashboard p95 < 300 ms,
and a query count per page that does not depend on the data size.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def bench_database(url: str) -> tuple[str, Any]:
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        base, _sep, name = url.rpartition("/")
        bench_name = f"{name.split('?')[0] or 'postgres'}_pages_bench"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{bench_name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{bench_name}"')

        def drop() -> None:
            with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{bench_name}" WITH (FORCE)')

        return f"{base}/{bench_name}", drop
    tmp = tempfile.mkdtemp(prefix="bp-pages-")
    return f"sqlite:///{tmp}/pages.sqlite3", lambda: shutil.rmtree(tmp, ignore_errors=True)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--municipalities", type=int, default=342)
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--positions", type=int, default=2_500_000)
    parser.add_argument("--requests", type=int, default=40, help="page loads per page")
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    if args.smoke:
        args.municipalities, args.members, args.reports, args.positions, args.requests = 20, 2000, 20_000, 50_000, 10
    db_url, drop_db = bench_database(os.environ.get("DATABASE_URL", ""))
    os.environ.update(DATABASE_URL=db_url, DJANGO_SETTINGS_MODULE="config.settings.test", EVENT_BUS="memory")
    try:
        _run(args)
    finally:
        from django.db import connections

        connections.close_all()
        drop_db()


def _bulk(model: Any, rows: list[Any], batch: int = 5000) -> list[Any]:
    from django.db import transaction

    out: list[Any] = []
    for start in range(0, len(rows), batch):
        with transaction.atomic():
            out += model.objects.bulk_create(rows[start:start + batch], batch_size=batch)
    return out


def _seed(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection
    from django.utils import timezone

    from buurtpreventie.accounts.models import RoleGrant, User
    from buurtpreventie.areas.models import Municipality, Wijk
    from buurtpreventie.initiatives.models import Initiative, InitiativeStatus, Membership
    from buurtpreventie.patrols.models import (
        Defect,
        ForwardState,
        PatrolReport,
        Position,
        Round,
        RoundParticipant,
        RoundStatus,
    )
    from buurtpreventie.testing.factories import SQUARE, UserFactory

    rng = random.Random(15)
    now = timezone.now()
    t0 = time.perf_counter()
    municipalities = _bulk(Municipality, [
        Municipality(code=f"GM{i:04d}", name=f"Gemeente {i}", slug=f"gemeente-{i}")
        for i in range(1, args.municipalities + 1)])
    wijken = _bulk(Wijk, [
        Wijk(municipality=m, code=f"WK{m.code[2:]}{j:02d}", name=f"Wijk {j}", geometry=SQUARE,
             min_lat=51.83, max_lat=51.86, min_lon=5.85, max_lon=5.88, centroid_lat=51.845, centroid_lon=5.865,
             inhabitants=rng.randint(2000, 30000))
        for m in municipalities for j in range(1, 11)])
    teams = _bulk(Initiative, [
        Initiative(municipality=w.municipality, name=f"Buurtpreventie {w.municipality.code} {w.code}",
                   status=InitiativeStatus.ACTIVE)
        for w in wijken if int(w.code[-2:]) <= 3])
    through = Initiative.wijken.through
    by_muni: dict[int, list[Any]] = {}
    for w in wijken:
        by_muni.setdefault(w.municipality_id, []).append(w)
    team_wijk = {t.pk: by_muni[t.municipality_id][i % 3] for i, t in enumerate(teams)}
    _bulk(through, [through(initiative_id=t.pk, wijk_id=team_wijk[t.pk].pk) for t in teams])
    users = _bulk(User, [User(username=f"lid{i}", password="!", first_name=f"Lid {i}") for i in range(args.members)])
    _bulk(Membership, [Membership(user=u, initiative=teams[i % len(teams)],
                                  role="coordinator" if i < len(teams) else "member")
                       for i, u in enumerate(users)])
    print(f"  {len(municipalities)} municipalities, {len(wijken)} wijken, {len(teams)} teams, "
          f"{len(users):,} members ({time.perf_counter() - t0:.0f} s)", flush=True)
    rounds = _bulk(Round, [
        Round(initiative=t, wijk=team_wijk[t.pk], planned_start=now - timedelta(days=d, hours=2),
              planned_end=now - timedelta(days=d), status=RoundStatus.ENDED,
              started_at=now - timedelta(days=d, hours=2), ended_at=now - timedelta(days=d))
        for t in teams for d in range(1, 11)])
    home = municipalities[0]
    home_teams = [t for t in teams if t.municipality_id == home.pk]
    running = _bulk(Round, [
        Round(initiative=t, wijk=team_wijk[t.pk], planned_start=now - timedelta(hours=1),
              planned_end=now + timedelta(hours=1), status=RoundStatus.RUNNING, started_at=now - timedelta(hours=1))
        for t in teams[: max(len(home_teams), len(teams) // 10)]])
    members_of: dict[int, list[int]] = {}
    for i, u in enumerate(users):
        members_of.setdefault(teams[i % len(teams)].pk, []).append(u.pk)
    _bulk(RoundParticipant, [RoundParticipant(round=r, user_id=uid, shares_position=True)
                             for r in running for uid in members_of.get(r.initiative_id, [])[:4]])
    t0 = time.perf_counter()
    made = 0
    while made < args.reports:
        size = min(20_000, args.reports - made)
        batch = []
        for k in range(made, made + size):
            r = rounds[k % len(rounds)]
            at = now - timedelta(seconds=k * 29)
            batch.append(PatrolReport(
                round=r, initiative_id=r.initiative_id, municipality_id=r.initiative.municipality_id,
                wijk_id=r.wijk_id, author_id=members_of[r.initiative_id][0], submitted_at=at,
                started_at=at - timedelta(hours=2), ended_at=at, quality_score=k % 101,
                status=("new", "triaged", "in_progress", "done")[k % 4], observation_count=k % 3,
                defect_count=int(k % 10 == 0)))
        reports = _bulk(PatrolReport, batch)
        _bulk(Defect, [Defect(report=rep, municipality_id=rep.municipality_id, wijk_id=rep.wijk_id,
                              reporter_id=rep.author_id, category="street_light", place="Bench 1", lat=51.84,
                              lon=5.86, forward_state=ForwardState.NOT_CONFIGURED, created_at=rep.submitted_at)
                       for rep in reports if rep.defect_count])
        made += size
        if made % 200_000 == 0:
            print(f"  {made:,} reports ({time.perf_counter() - t0:.0f} s)", flush=True)
    t0 = time.perf_counter()
    participants = list(RoundParticipant.objects.values_list("round_id", "user_id"))
    live_positions = min(args.positions, len(participants) * 20)
    rows = [(participants[i % len(participants)][0], participants[i % len(participants)][1],
             51.845 + rng.uniform(-0.01, 0.01), 5.865 + rng.uniform(-0.01, 0.01), now - timedelta(seconds=i % 3600))
            for i in range(live_positions)]
    ended = [(r.pk, members_of[r.initiative_id][0]) for r in rounds]
    rows += [(ended[i % len(ended)][0], ended[i % len(ended)][1], 51.845, 5.865,
              now - timedelta(days=1 + i % 9, seconds=i % 7200)) for i in range(args.positions - live_positions)]
    table = Position._meta.db_table
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            with cur.cursor.copy(f"COPY {table} (round_id, user_id, lat, lon, recorded_at) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cur.execute("VACUUM ANALYZE")
        else:
            for start in range(0, len(rows), 100_000):
                cur.executemany(f"INSERT INTO {table} (round_id, user_id, lat, lon, recorded_at) "  # noqa: S608
                                "VALUES (%s, %s, %s, %s, %s)", rows[start:start + 100_000])
            cur.execute("ANALYZE")
    print(f"  {len(rows):,} positions ({live_positions:,} in running rounds) ({time.perf_counter() - t0:.0f} s)",
          flush=True)
    home_wijk = by_muni[home.pk][0]
    agent = UserFactory(username="bench-wijkagent")
    RoleGrant.objects.create(user=agent, role="wijkagent", municipality=home, wijk=home_wijk)
    dispatcher = UserFactory(username="bench-meldkamer")
    RoleGrant.objects.create(user=dispatcher, role="dispatcher", municipality=home)
    officer = UserFactory(username="bench-oov")
    RoleGrant.objects.create(user=officer, role="safety_officer", municipality=home)
    coordinator = User.objects.get(pk=members_of[home_teams[0].pk][0])
    return {"municipality": home, "team": home_teams[0], "agent": agent, "dispatcher": dispatcher,
            "officer": officer, "coordinator": coordinator}


def _run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from buurtpreventie.testing.helpers import login

    settings.ALLOWED_HOSTS = ["testserver"]
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}; seeding {args.municipalities} municipalities, {args.members:,} members, "
          f"{args.reports:,} reports, {args.positions:,} positions", flush=True)
    seed = _seed(args)
    print(f"seeded in {time.perf_counter() - t0:.0f} s", flush=True)
    m = seed["municipality"]
    pages = [
        ("trivial view /healthz", None, "/healthz"),
        ("public dossier page", None, f"/gemeente/{m.slug}/"),
        ("loket (wijkagent)", seed["agent"], "/loket/"),
        ("live board page", seed["dispatcher"], "/alarm/live/"),
        ("live board JSON", seed["dispatcher"], "/alarm/live/data/"),
        ("insights dashboard", seed["officer"], "/inzicht/"),
        ("team page", seed["coordinator"], f"/initiatieven/{seed['team'].pk}/"),
        ("Open311 requests.json", None, f"/open311/v2/requests.json?jurisdiction_id={m.code}"),
    ]
    print(f"{'page':<24}{'status':>7}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'KB':>7}{'p95 / trivial':>15}")
    trivial_p95 = None
    for label, user, url in pages:
        client = login(Client(), user) if user is not None else Client()
        for _ in range(3):
            response = client.get(url)  # warm-up
        times = []
        for _ in range(args.requests):
            t = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        p95 = pct(times, 0.95)
        if trivial_p95 is None:
            trivial_p95 = p95
        print(f"{label:<24}{response.status_code:>7}{statistics.median(times):>9.1f}{p95:>9.1f}"
              f"{len(ctx.captured_queries):>9}{len(response.content) / 1024:>7.0f}{p95 / trivial_p95:>15.1f}x",
              flush=True)


if __name__ == "__main__":
    main()

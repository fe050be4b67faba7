"""Pages at the size of the whole country: p50/p95 and queries per page beside a trivial view.

Seeds a national-size data set in a database of its own — every municipality (342) with wijken
and teams, 50,000 members, 1,000,000 patrol reports (with defects), 2,500,000 positions (those of
the rounds running now: one every 5 s per walker for the hour they have run), two years of alerts
(500 per municipality, two of the home municipality's still active), a year of 200,000 signals
(the newest 1 in 100 not yet triaged) — then loads, as the user who
would, each page:

- the public dossier page of one municipality (anonymous),
- the loket (a wijk-bound wijkagent),
- the live board page and its JSON (a dispatcher),
- the insights dashboard (a safety officer),
- a team page (its coordinator),
- Open311 `requests.json` (anonymous),

and the trivial view `/healthz` the same way, round-robin (one load of each page in turn, so load
from elsewhere on a shared machine falls on all alike). Pages are rendered in-process through
Django's full middleware stack (test client), so the figures are the app's own time per page
(wall and this process's CPU); queries are counted per page load.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bp_perf .venv/bin/python bench/pages.py
    .venv/bin/python bench/pages.py --members 5000 --reports 100000 --positions 250000
    .venv/bin/python bench/pages.py --smoke            # CI: 20 municipalities, 20,000 reports
    .venv/bin/python bench/pages.py --keep             # keep the seeded database, reuse it next time

Targets (issue 15): live board p95 < 150 ms, public page p95 < 100 ms, dashboard p95 < 300 ms,
and a query count per page that does not depend on the data size.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


SEED_TABLE = "bench_pages_seed"  # the sizes a kept database was seeded with


def bench_database(url: str, *, keep: bool, sizes: str, suffix: str) -> tuple[str, Any, bool]:
    """The bench's own database: (url, drop, seeded). With `keep` it is left in place after the run
    and reused by the next run with the same sizes (a kept one of other sizes is dropped)."""
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        base, _sep, name = url.rpartition("/")
        bench_name = f"{name.split('?')[0] or 'postgres'}_pages_{suffix}"
        seeded = False
        if keep:
            try:
                with psycopg.connect(f"{base}/{bench_name}") as db:
                    row = db.execute(f"SELECT sizes FROM {SEED_TABLE}").fetchone()  # noqa: S608
                    seeded = row is not None and row[0] == sizes
            except psycopg.Error:
                seeded = False

        def drop() -> None:
            with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{bench_name}" WITH (FORCE)')

        if not seeded:
            drop()
            with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{bench_name}"')
        return f"{base}/{bench_name}", (lambda: None) if keep else drop, seeded
    if keep:
        import sqlite3

        path = Path(tempfile.gettempdir()) / f"bp-pages-{suffix}.sqlite3"
        seeded = False
        if path.exists():
            try:
                with sqlite3.connect(path) as lite:
                    found = lite.execute(f"SELECT sizes FROM {SEED_TABLE}").fetchone()  # noqa: S608
                    seeded = found is not None and found[0] == sizes
            except sqlite3.Error:
                seeded = False
            if not seeded:
                path.unlink()
        return f"sqlite:///{path}", lambda: None, seeded
    tmp = tempfile.mkdtemp(prefix="bp-pages-")
    return f"sqlite:///{tmp}/pages.sqlite3", lambda: shutil.rmtree(tmp, ignore_errors=True), False


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--municipalities", type=int, default=342)
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--positions", type=int, default=2_500_000)
    parser.add_argument("--alerts", type=int, default=500, help="alerts per municipality")
    parser.add_argument("--signals", type=int, default=200_000, help="signals of app groups and teams")
    parser.add_argument("--requests", type=int, default=40, help="page loads per page")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--keep", action="store_true",
                        help="keep the seeded database and reuse it when it was seeded with the same sizes")
    args = parser.parse_args()
    if args.smoke:
        args.municipalities, args.members, args.reports, args.positions, args.requests = 20, 2000, 20_000, 50_000, 10
        args.alerts, args.signals = 20, 4000
    db_url, drop_db, seeded = bench_database(os.environ.get("DATABASE_URL", ""), keep=args.keep,
                                             sizes=_seed_marker(args), suffix="smoke" if args.smoke else "bench")
    os.environ.update(DATABASE_URL=db_url, DJANGO_SETTINGS_MODULE="config.settings.test", EVENT_BUS="memory")
    try:
        _run(args, reuse=seeded)
    finally:
        from django.db import connections

        connections.close_all()
        drop_db()



class _Sql:
    """The few dialect differences of the seed statements (PostgreSQL, SQLite)."""

    def __init__(self, vendor: str, now: datetime) -> None:
        self.pg = vendor == "postgresql"
        self.now = now

    def series(self, n: int) -> str:
        """`WITH` clause of a table g(k) holding 0 .. n-1."""
        if self.pg:
            return f"WITH g(k) AS (SELECT generate_series(0, {n - 1}))"
        return f"WITH RECURSIVE g(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM g WHERE k < {n - 1})"

    def ago(self, seconds: str) -> str:
        """The timestamp `seconds` (an SQL expression) before the seed's now."""
        if self.pg:
            return f"(TIMESTAMPTZ '{self.now.isoformat()}' - ({seconds}) * INTERVAL '1 second')"
        return f"strftime('%Y-%m-%d %H:%M:%f', '{self.now:%Y-%m-%d %H:%M:%S}', '-' || ({seconds}) || ' seconds')"


def _clone(cur: Any, model: Any, template_pk: int, overrides: dict[str, str], source: str,
           where: str = "1 = 1", with_: str = "") -> int:
    """INSERT … SELECT copies of one template row, some columns replaced by SQL expressions.

    Every other column (NOT NULL defaults the ORM filled in) comes from the template, so the seed
    keeps working when a model gains a column."""
    table = model._meta.db_table
    cols = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    unknown = set(overrides) - set(cols)
    assert not unknown, unknown
    names = ", ".join(f'"{c}"' for c in cols)
    exprs = ", ".join(overrides.get(c, f't."{c}"') for c in cols)
    cur.execute(f"{with_} INSERT INTO {table} ({names}) SELECT {exprs} FROM {table} t, {source} "  # noqa: S608
                f"WHERE t.id = {template_pk} AND {where}")
    made = int(cur.rowcount)
    if made < 0:  # SQLite reports no row count for a statement with a WITH clause
        cur.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        made = int(cur.fetchone()[0]) - 1
    cur.execute(f"DELETE FROM {table} WHERE id = {template_pk}")  # noqa: S608
    return made


def _seed(args: argparse.Namespace) -> None:
    """The national data set, the big tables written by INSERT … SELECT over a series (no rows
    travel through Python): minutes on a small machine instead of an hour of ORM batches."""
    from django.db import DatabaseError, connection
    from django.utils import timezone

    from buurtpreventie.accounts.models import User
    from buurtpreventie.alerts.models import Alert, AlertStatus
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
    from buurtpreventie.signals.models import Signal
    from buurtpreventie.testing.factories import SQUARE

    rng = random.Random(15)
    now = timezone.now()
    sql = _Sql(connection.vendor, now)
    t0 = time.perf_counter()
    municipalities = Municipality.objects.bulk_create([
        Municipality(code=f"GM{i:04d}", name=f"Gemeente {i}", slug=f"gemeente-{i}")
        for i in range(1, args.municipalities + 1)], batch_size=2000)
    wijken = Wijk.objects.bulk_create([
        Wijk(municipality=m, code=f"WK{m.code[2:]}{j:02d}", name=f"Wijk {j}", geometry=SQUARE,
             min_lat=51.83, max_lat=51.86, min_lon=5.85, max_lon=5.88, centroid_lat=51.845, centroid_lon=5.865,
             inhabitants=rng.randint(2000, 30000))
        for m in municipalities for j in range(1, 11)], batch_size=2000)
    teams = Initiative.objects.bulk_create([
        Initiative(municipality=w.municipality, name=f"Buurtpreventie {w.municipality.code} {w.code}",
                   status=InitiativeStatus.ACTIVE, created_at=now - timedelta(days=400))
        for w in wijken if int(w.code[-2:]) <= 3], batch_size=2000)
    through = Initiative.wijken.through
    by_muni: dict[int, list[Any]] = {}
    for w in wijken:
        by_muni.setdefault(w.municipality_id, []).append(w)
    team_wijk = {t.pk: by_muni[t.municipality_id][i % 3] for i, t in enumerate(teams)}
    through.objects.bulk_create([through(initiative_id=t.pk, wijk_id=team_wijk[t.pk].pk) for t in teams],
                                batch_size=2000)
    with connection.cursor() as cur:
        if sql.pg:  # foreign keys are right by construction: skip their per-row triggers while seeding
            with contextlib.suppress(DatabaseError):  # not a superuser: the triggers run, a slower seed
                cur.execute("SET session_replication_role = replica")
        cur.execute("CREATE TABLE bench_team (k integer PRIMARY KEY, id integer)")
        cur.executemany("INSERT INTO bench_team VALUES (%s, %s)", list(enumerate(t.pk for t in teams)))
        template = User.objects.create(username="bench-template", password="!")
        users = _clone(cur, User, template.pk, {"username": "'lid' || g.k", "first_name": "'Lid ' || g.k"},
                       "g", with_=sql.series(args.members))
        template_m = Membership.objects.create(user=User.objects.get(username="lid0"), initiative=teams[0],
                                               joined_on=(now - timedelta(days=400)).date())
        _clone(cur, Membership, template_m.pk, {
            "initiative_id": "bt.id", "user_id": "u.id",
            "role": f"CASE WHEN u.k < {len(teams)} THEN 'coordinator' ELSE 'member' END"},
            "(SELECT id, CAST(substr(username, 4) AS integer) AS k FROM accounts_user "
            "WHERE username LIKE 'lid%') u, bench_team bt",
            where=f"bt.k = u.k % {len(teams)}")
    print(f"  {len(municipalities)} municipalities, {len(wijken)} wijken, {len(teams)} teams, "
          f"{users:,} members ({time.perf_counter() - t0:.0f} s)", flush=True)
    # team k's coordinator (and first member) is lid<k>
    lead = dict(User.objects.filter(username__in=[f"lid{k}" for k in range(len(teams))])
                .values_list("username", "pk"))
    lead_of = {t.pk: lead[f"lid{k}"] for k, t in enumerate(teams)}
    rounds = Round.objects.bulk_create([
        Round(initiative=t, wijk=team_wijk[t.pk], planned_start=now - timedelta(days=d, hours=2),
              planned_end=now - timedelta(days=d), status=RoundStatus.ENDED,
              started_at=now - timedelta(days=d, hours=2), ended_at=now - timedelta(days=d))
        for t in teams for d in range(1, 11)], batch_size=2000)
    home = municipalities[0]
    home_teams = [t for t in teams if t.municipality_id == home.pk]
    running = Round.objects.bulk_create([
        Round(initiative=t, wijk=team_wijk[t.pk], planned_start=now - timedelta(hours=1),
              planned_end=now + timedelta(hours=1), status=RoundStatus.RUNNING, started_at=now - timedelta(hours=1))
        for t in teams[: max(len(home_teams), len(teams) // 10)]])
    team_k = {t.pk: k for k, t in enumerate(teams)}
    # the team's first four members: lid<k>, lid<k + T>, lid<k + 2T>, lid<k + 3T>
    members = dict(User.objects.filter(username__in=[f"lid{team_k[r.initiative_id] + j * len(teams)}"
                                                      for r in running for j in range(4)])
                   .values_list("username", "pk"))
    RoundParticipant.objects.bulk_create([
        RoundParticipant(round=r, user_id=members[name], shares_position=True)
        for r in running for j in range(4)
        if (name := f"lid{team_k[r.initiative_id] + j * len(teams)}") in members])
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("CREATE TABLE bench_round (k integer PRIMARY KEY, round_id integer, initiative_id integer, "
                    "municipality_id integer, wijk_id integer, author_id integer)")
        cur.executemany("INSERT INTO bench_round VALUES (%s, %s, %s, %s, %s, %s)", [
            (k, r.pk, r.initiative_id, r.initiative.municipality_id, r.wijk_id, lead_of[r.initiative_id])
            for k, r in enumerate(rounds)])
        first = rounds[0]
        template_r = PatrolReport.objects.create(round=first, initiative_id=first.initiative_id,
                                                 municipality_id=first.initiative.municipality_id,
                                                 wijk_id=first.wijk_id, author_id=lead_of[first.initiative_id])
        at = "g.k * 29"
        reports = _clone(cur, PatrolReport, template_r.pk, {
            "round_id": "br.round_id", "initiative_id": "br.initiative_id", "municipality_id": "br.municipality_id",
            "wijk_id": "br.wijk_id", "author_id": "br.author_id", "submitted_at": sql.ago(at),
            "started_at": sql.ago(f"{at} + 7200"), "ended_at": sql.ago(at), "quality_score": "g.k % 101",
            "status": "CASE g.k % 4 WHEN 0 THEN 'new' WHEN 1 THEN 'triaged' WHEN 2 THEN 'in_progress' "
                      "ELSE 'done' END",
            "observation_count": "g.k % 3", "defect_count": "CASE WHEN g.k % 10 = 0 THEN 1 ELSE 0 END"},
            "g, bench_round br", where=f"br.k = g.k % {len(rounds)}", with_=sql.series(args.reports))
        print(f"  {reports:,} reports ({time.perf_counter() - t0:.0f} s)", flush=True)
        template_d = Defect.objects.create(municipality=home, category="street_light", place="Bench 1", lat=51.84,
                                           lon=5.86, forward_state=ForwardState.NOT_CONFIGURED)
        defects = _clone(cur, Defect, template_d.pk, {
            "report_id": "p.id", "municipality_id": "p.municipality_id", "wijk_id": "p.wijk_id",
            "reporter_id": "p.author_id", "created_at": "p.submitted_at", "updated_at": "p.submitted_at"},
            f"{PatrolReport._meta.db_table} p", where="p.defect_count = 1")
        print(f"  {defects:,} defects ({time.perf_counter() - t0:.0f} s)", flush=True)
        t0 = time.perf_counter()
        cur.execute("CREATE TABLE bench_walker (k integer PRIMARY KEY, round_id integer, user_id integer)")
        walking = list(RoundParticipant.objects.order_by("pk").values_list("round_id", "user_id"))
        cur.executemany("INSERT INTO bench_walker VALUES (%s, %s, %s)",
                        [(k, r, u) for k, (r, u) in enumerate(walking)])
        # A walker sharing his position every 5 s for the hour the round has run: 720 positions each.
        live = min(args.positions, len(walking) * 720)
        table = Position._meta.db_table
        cur.execute(f"{sql.series(live)} INSERT INTO {table} (round_id, user_id, lat, lon, recorded_at) "  # noqa: S608
                    f"SELECT w.round_id, w.user_id, 51.845 + ((g.k % 2001) * 7919 % 2001 - 1000) / 100000.0, "
                    f"5.865 + ((g.k % 2001) * 104729 % 2001 - 1000) / 100000.0, "
                    f"{sql.ago(f'5 * (g.k / {len(walking)})')} "
                    f"FROM g, bench_walker w WHERE w.k = g.k % {len(walking)}")
        if args.positions > live:
            cur.execute(f"{sql.series(args.positions - live)} "  # noqa: S608
                        f"INSERT INTO {table} (round_id, user_id, lat, lon, recorded_at) "
                        f"SELECT br.round_id, br.author_id, 51.845, 5.865, "
                        f"{sql.ago('86400 * (1 + g.k % 9) + g.k % 7200')} "
                        f"FROM g, bench_round br WHERE br.k = g.k % {len(rounds)}")
        print(f"  {args.positions:,} positions ({live:,} in running rounds) ({time.perf_counter() - t0:.0f} s)",
              flush=True)
        t0 = time.perf_counter()
        template_a = Alert.objects.create(municipality=home, situation="Inbraak gezien", instructions="Let op",
                                          status=AlertStatus.CLEARED, lat=51.845, lon=5.865, radius_m=1000)
        alerts = _clone(cur, Alert, template_a.pk, {
            "municipality_id": "m.id", "sent_at": sql.ago("g.k * 126000 + m.id * 60 + 86400"),
            "cleared_at": sql.ago("g.k * 126000 + m.id * 60 + 82800")},
            f"{Municipality._meta.db_table} m, g", with_=sql.series(args.alerts))
        for minutes in (5, 20):
            Alert.objects.create(municipality=home, situation="Vermiste persoon", instructions="Kijk uit",
                                 lat=51.845, lon=5.865, radius_m=1000, sent_at=now - timedelta(minutes=minutes))
        print(f"  {alerts:,} alerts ({time.perf_counter() - t0:.0f} s)", flush=True)
        t0 = time.perf_counter()
        cur.execute("CREATE TABLE bench_group (k integer PRIMARY KEY, initiative_id integer, "
                    "municipality_id integer, wijk_id integer, author_id integer)")
        cur.executemany("INSERT INTO bench_group VALUES (%s, %s, %s, %s, %s)", [
            (k, t.pk, t.municipality_id, team_wijk[t.pk].pk, lead_of[t.pk]) for k, t in enumerate(teams)])
        template_s = Signal.objects.create(initiative=teams[0], municipality=home, wijk=team_wijk[teams[0].pk],
                                           author_id=lead_of[teams[0].pk], observed_at=now, place="Plein",
                                           category="nuisance", behaviour="Harde muziek en geschreeuw op het plein")
        step = max(1, 365 * 86400 // max(1, args.signals))  # a year of signals, the newest 1 in 100 still new
        signals = _clone(cur, Signal, template_s.pk, {
            "initiative_id": "bg.initiative_id", "municipality_id": "bg.municipality_id", "wijk_id": "bg.wijk_id",
            "author_id": "bg.author_id", "submitted_at": sql.ago(f"g.k * {step}"),
            "observed_at": sql.ago(f"g.k * {step} + 600"),
            "status": f"CASE WHEN g.k < {args.signals // 100} THEN 'new' WHEN g.k % 3 = 0 THEN 'triaged' "
                      "WHEN g.k % 3 = 1 THEN 'in_progress' ELSE 'done' END"},
            "g, bench_group bg", where=f"bg.k = g.k % {len(teams)}", with_=sql.series(args.signals))
        print(f"  {signals:,} signals ({time.perf_counter() - t0:.0f} s)", flush=True)
        if sql.pg:
            cur.execute("SET session_replication_role = DEFAULT")
    _analyze()


def _analyze(*, vacuum: bool = True) -> None:
    from django.db import connection

    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE" if vacuum and connection.vendor == "postgresql" else "ANALYZE")
    print(f"  {'vacuum/' if vacuum else ''}analyze ({time.perf_counter() - t0:.0f} s)", flush=True)


SEED_VERSION = 3  # raise when the seed changes: a kept database of an older seed is dropped


def _seed_marker(args: argparse.Namespace) -> str:
    sizes = (args.municipalities, args.members, args.reports, args.positions, args.alerts, args.signals)
    return f"v{SEED_VERSION}:" + "/".join(map(str, sizes))


def _reuse() -> None:
    """A kept database seeded with the same sizes: move its running rounds and their positions to
    now (they were "now" when seeded) and use it as it is."""
    from django.db import connection
    from django.db.models import F
    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    from buurtpreventie.patrols.models import Position, Round, RoundStatus

    with connection.cursor() as cur:
        cur.execute(f"SELECT seeded_at FROM {SEED_TABLE}")  # noqa: S608
        row = cur.fetchone()
    seeded_at = parse_datetime(row[0])
    assert seeded_at is not None
    shift = timezone.now() - seeded_at
    running = Round.objects.filter(status=RoundStatus.RUNNING)
    Position.objects.filter(round__in=running).update(recorded_at=F("recorded_at") + shift)
    running.update(planned_start=F("planned_start") + shift, planned_end=F("planned_end") + shift,
                   started_at=F("started_at") + shift)
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {SEED_TABLE} SET seeded_at = %s", [timezone.now().isoformat()])  # noqa: S608


def _bench_users() -> dict[str, Any]:
    """The people who open the pages, made once per database."""
    from buurtpreventie.accounts.models import RoleGrant, User
    from buurtpreventie.areas.models import Municipality
    from buurtpreventie.initiatives.models import Membership
    from buurtpreventie.testing.factories import UserFactory

    home = Municipality.objects.order_by("code").first()
    assert home is not None
    home_wijk = home.wijken.order_by("code").first()
    users = {}
    for username, role, wijk in (("bench-wijkagent", "wijkagent", home_wijk), ("bench-meldkamer", "dispatcher", None),
                                 ("bench-oov", "safety_officer", None)):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = UserFactory(username=username)
            RoleGrant.objects.create(user=user, role=role, municipality=home, wijk=wijk)
        users[role] = user
    lead = (Membership.objects.filter(initiative__municipality=home, role="coordinator")
            .order_by("initiative_id").first())
    assert lead is not None
    return {"municipality": home, "team": lead.initiative, "agent": users["wijkagent"],
            "dispatcher": users["dispatcher"], "officer": users["safety_officer"], "coordinator": lead.user}


def _run(args: argparse.Namespace, *, reuse: bool) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from buurtpreventie.insights.aggregation import refresh_all
    from buurtpreventie.testing.helpers import login

    settings.ALLOWED_HOSTS = ["testserver"]
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), flush=True)
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}; {args.municipalities} municipalities, {args.members:,} members, "
          f"{args.reports:,} reports, {args.positions:,} positions", flush=True)
    if reuse:
        _reuse()
        print(f"reusing the kept bench database ({time.perf_counter() - t0:.0f} s)", flush=True)
        _analyze(vacuum=False)
    else:
        _seed(args)
        seed = _bench_users()
        t1 = time.perf_counter()
        months = refresh_all(municipality=seed["municipality"])
        print(f"  insights of the home municipality: {months:,} team-months ({time.perf_counter() - t1:.0f} s)")
        with connection.cursor() as cur:
            cur.execute(f"CREATE TABLE {SEED_TABLE} (sizes varchar(100), seeded_at varchar(40))")
            cur.execute(f"INSERT INTO {SEED_TABLE} VALUES (%s, %s)",  # noqa: S608
                        [_seed_marker(args), timezone.now().isoformat()])
        print(f"seeded in {time.perf_counter() - t0:.0f} s", flush=True)
    seed = _bench_users()
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
    # Page loads go round-robin over the pages (the trivial view included), so a burst of load
    # on the shared machine falls on every page alike; CPU is this process's own (the app's).
    clients = [login(Client(), user) if user is not None else Client() for _label, user, _url in pages]
    for client, (_label, _user, url) in zip(clients, pages, strict=True):
        for _ in range(3):
            client.get(url)  # warm-up
    wall: list[list[float]] = [[] for _ in pages]
    cpu: list[list[float]] = [[] for _ in pages]
    for _ in range(args.requests):
        for i, (client, (_label, _user, url)) in enumerate(zip(clients, pages, strict=True)):
            t, c = time.perf_counter(), time.process_time()
            client.get(url)
            wall[i].append((time.perf_counter() - t) * 1000)
            cpu[i].append((time.process_time() - c) * 1000)
    print(f"{'page':<24}{'status':>7}{'p50 ms':>9}{'p95 ms':>9}{'CPU p50':>9}{'queries':>9}{'KB':>7}"
          f"{'p95 / trivial':>15}")
    trivial_p95 = pct(wall[0], 0.95)
    for i, (client, (label, _user, url)) in enumerate(zip(clients, pages, strict=True)):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        p95 = pct(wall[i], 0.95)
        print(f"{label:<24}{response.status_code:>7}{statistics.median(wall[i]):>9.1f}{p95:>9.1f}"
              f"{statistics.median(cpu[i]):>9.1f}{len(ctx.captured_queries):>9}{len(response.content) / 1024:>7.0f}"
              f"{p95 / trivial_p95:>15.1f}x", flush=True)
    print("load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), flush=True)


if __name__ == "__main__":
    main()

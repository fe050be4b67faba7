"""Patrol-report ingest and inbox benchmark, on the configured database (DATABASE_URL).

Figures, each beside a baseline measured in the same run:
1. reports/s filed through the JSON API (POST /api/patrols/reports: validation, quality score,
   walkers, an observation, audit row) — baseline: a bare ORM insert of the same report row;
2. p50/p95 of the inbox page (GET /loket/ as a wijk-scoped wijkagent: newest page, a status
   filter and a deep keyset page) with N reports in the table — baseline: a bare
   `SELECT COUNT(*)` over the report table (what the page deliberately never does).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bp_patrols .venv/bin/python bench/report_ingest.py
    .venv/bin/python bench/report_ingest.py --reports 1000000         # by hand (a few minutes to fill)
    .venv/bin/python bench/report_ingest.py --smoke                   # CI: 3,000 rows, 100 API posts

The bench works in its own test database (Django's `test_<name>`, or in-memory SQLite), never in
your data; `--keepdb` keeps it so a second 1M run skips the fill.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DEBUG", "0")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=1_000_000, help="rows in the table for the inbox test")
    parser.add_argument("--posts", type=int, default=1000, help="reports filed through the API")
    parser.add_argument("--requests", type=int, default=60, help="inbox page loads per variant")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--keepdb", action="store_true")
    args = parser.parse_args()
    if args.smoke:
        args.reports, args.posts, args.requests = 3000, 100, 20

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=args.keepdb, serialize=False)
    try:
        from buurtpreventie.accounts.models import RoleGrant
        from buurtpreventie.areas.models import Municipality, Wijk
        from buurtpreventie.initiatives.models import Initiative, InitiativeStatus, Membership
        from buurtpreventie.patrols.models import PatrolReport, Round, RoundStatus
        from buurtpreventie.testing.factories import UserFactory
        from buurtpreventie.testing.helpers import login

        print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
        municipality, _ = Municipality.objects.get_or_create(code="GM0268", defaults={"name": "Nijmegen",
                                                                                      "slug": "nijmegen"})
        wijken = [Wijk.objects.get_or_create(municipality=municipality, code=f"WK0268{i:02d}",
                                             defaults={"name": f"Wijk {i}"})[0] for i in range(1, 9)]
        teams = []
        for i, wijk in enumerate(wijken):
            team, _ = Initiative.objects.get_or_create(municipality=municipality, name=f"Bench team {i}",
                                                       defaults={"status": InitiativeStatus.ACTIVE})
            team.wijken.add(wijk)
            teams.append(team)
        member = UserFactory(username="bench-lid")
        Membership.objects.get_or_create(user=member, initiative=teams[0], role="member")
        agent = UserFactory(username="bench-agent")
        RoleGrant.objects.get_or_create(user=agent, role="wijkagent", municipality=municipality, wijk=wijken[0])
        now = timezone.now()
        rounds = []
        for team, wijk in zip(teams, wijken, strict=True):
            r, _ = Round.objects.get_or_create(
                initiative=team, meeting_point="bench", defaults={
                    "wijk": wijk, "planned_start": now - timedelta(hours=3), "planned_end": now - timedelta(hours=1),
                    "status": RoundStatus.ENDED, "started_at": now - timedelta(hours=3),
                    "ended_at": now - timedelta(hours=1)})
            rounds.append(r)

        # --- 1. Fill the table to N rows (bulk; not part of any figure) ---------------------------
        existing = PatrolReport.objects.count()
        t0 = time.perf_counter()
        batch = 5000
        statuses = ["new", "triaged", "in_progress", "done"]
        while existing < args.reports:
            size = min(batch, args.reports - existing)
            rows = []
            for j in range(size):
                k = existing + j
                r = rounds[k % len(rounds)]
                at = now - timedelta(seconds=k * 37)
                rows.append(PatrolReport(
                    round=r, initiative_id=r.initiative_id, municipality=municipality, wijk_id=r.wijk_id,
                    author=member, started_at=at - timedelta(hours=2), ended_at=at, submitted_at=at,
                    route_streets=["Grote Markt", "Burchtstraat"], quality_score=(k * 7) % 101,
                    status=statuses[(k // len(rounds)) % 4], quiet=k % 3 == 0, observation_count=k % 2))
            with transaction.atomic():
                PatrolReport.objects.bulk_create(rows, batch_size=batch)
            existing += size
            if existing % 100_000 == 0:
                print(f"  filled {existing:,} rows ({time.perf_counter() - t0:.0f} s)", flush=True)
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("ANALYZE patrols_patrolreport")
        total = PatrolReport.objects.count()
        print(f"reports in table: {total:,} (fill {time.perf_counter() - t0:.1f} s)")

        # --- 2. Reports/s through the API vs a bare insert --------------------------------------
        client = Client()
        client.force_login(member)
        payload = {
            "round_id": rounds[0].pk, "started_at": (now - timedelta(hours=3)).isoformat(),
            "ended_at": (now - timedelta(hours=1)).isoformat(), "route_streets": [], "route_kind": "main",
            "walker_ids": [member.pk], "quiet": False, "spoke_to_people": False, "focus_points": ["Open deuren"],
            "observations": [{"observed_at": now.isoformat(), "place": "Grote Markt", "category": "nuisance",
                              "behaviour": "Groep maakte lawaai bij de fietsenstalling."}],
        }
        t0 = time.perf_counter()
        for _ in range(args.posts):
            response = client.post("/api/patrols/reports", {**payload, "client_uuid": str(uuid.uuid4())},
                                   content_type="application/json")
            assert response.status_code == 201, response.content
        api_rate = args.posts / (time.perf_counter() - t0)
        t0 = time.perf_counter()
        for _ in range(args.posts):
            with transaction.atomic():
                PatrolReport.objects.create(round=rounds[0], initiative_id=rounds[0].initiative_id,
                                            municipality=municipality, wijk_id=rounds[0].wijk_id, author=member,
                                            submitted_at=timezone.now() - timedelta(days=3650))
        bare_rate = args.posts / (time.perf_counter() - t0)
        print(f"API submit: {api_rate:8.1f} reports/s   (baseline bare ORM insert: {bare_rate:8.1f} rows/s; "
              f"{args.posts} each)")

        # --- 3. Inbox page p95 vs a bare COUNT(*) -----------------------------------------------
        agent_client = login(Client(), agent)
        first = agent_client.get("/loket/")
        assert first.status_code == 200, first.status_code
        deep = PatrolReport.objects.filter(wijk=wijken[0]).order_by("-submitted_at", "-id").values_list(
            "submitted_at", "id")[min(total // 16, 50_000)]
        variants = {
            "newest page": "/loket/",
            "status filter": "/loket/?status=new",
            "rare status": "/loket/?status=in_progress",
            "deep keyset page": f"/loket/?voor={deep[0].isoformat()}_{deep[1]}".replace("+", "%2B"),
        }
        for label, url in variants.items():
            for _ in range(3):  # warm-up: connection, template and query-plan caches
                agent_client.get(url)
            times = []
            for _ in range(args.requests):
                t = time.perf_counter()
                response = agent_client.get(url)
                times.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 200
            print(f"inbox {label:<17} p50 {statistics.median(times):7.1f} ms   p95 {pct(times, 0.95):7.1f} ms")
        counts = []
        for _ in range(max(5, args.requests // 4)):
            with connection.cursor() as cur:
                t = time.perf_counter()
                cur.execute("SELECT COUNT(*) FROM patrols_patrolreport")
                cur.fetchone()
                counts.append((time.perf_counter() - t) * 1000)
        print(f"baseline bare COUNT(*)  p50 {statistics.median(counts):7.1f} ms   p95 {pct(counts, 0.95):7.1f} ms "
              f"({total:,} rows)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=args.keepdb)


if __name__ == "__main__":
    main()

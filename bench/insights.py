"""Insights dashboard benchmark at the size of Amsterdam, on the configured database (DATABASE_URL).

Seeds one municipality with 100 teams (110 wijken: 10 without a team), 2,000 members, 200,000
patrol reports over 5 years (one round each, feedback on most, an observation with a point on a
fifth), a contact log and appreciation, then:

1. rebuilds the monthly aggregate rows (`refresh_insights --all`, timed once);
2. p50/p95 and queries of the pages a safety officer and a coordinator open: `/inzicht/` (12 and
   60 months, one wijk), the team view, the map JSON and a CSV — beside a trivial view (`/healthz`)
   measured in the same run.

Target: p95 < 300 ms for `/inzicht/`, with the same number of queries whatever the number of teams.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bp_insights .venv/bin/python bench/insights.py
    .venv/bin/python bench/insights.py --smoke      # CI: 10 teams, 200 members, 5,000 reports

The bench works in its own test database (Django's `test_<name>`, or in-memory SQLite), never in
your data; `--keepdb` keeps it so a second run skips the fill.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
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
    parser.add_argument("--teams", type=int, default=100)
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--reports", type=int, default=200_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--requests", type=int, default=40, help="page loads per variant")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--keepdb", action="store_true")
    args = parser.parse_args()
    if args.smoke:
        args.teams, args.members, args.reports, args.years, args.requests = 10, 200, 5000, 1, 10

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, reset_queries, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=args.keepdb, serialize=False)
    try:
        from buurtpreventie.accounts.models import RoleGrant, User
        from buurtpreventie.areas.models import Municipality, Wijk
        from buurtpreventie.engagement.models import Appreciation, ContactLog
        from buurtpreventie.feedback.models import Feedback
        from buurtpreventie.initiatives.models import Initiative, InitiativeStatus, Membership
        from buurtpreventie.insights.aggregation import refresh_all
        from buurtpreventie.patrols.models import Observation, PatrolReport, Round, RoundParticipant, RoundStatus
        from buurtpreventie.testing.helpers import login

        print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
        municipality, created = Municipality.objects.get_or_create(
            code="GM0363", defaults={"name": "Amsterdam", "slug": "amsterdam"})
        rng = random.Random(14)
        today = timezone.localdate()
        start = date(today.year - args.years, today.month, 1)
        span_days = (today - start).days
        if created or not PatrolReport.objects.filter(municipality=municipality).exists():
            t0 = time.perf_counter()
            wijken = []
            for i in range(args.teams + max(1, args.teams // 10)):
                lat, lon = 52.30 + (i // 11) * 0.012, 4.80 + (i % 11) * 0.02
                wijken.append(Wijk(municipality=municipality, code=f"WK36{i:04d}", name=f"Wijk {i}",
                                   inhabitants=rng.randint(4000, 20000), crime_last_12_months=rng.randint(100, 900),
                                   geometry={"type": "Polygon", "coordinates": [[[lon, lat], [lon + 0.02, lat],
                                             [lon + 0.02, lat + 0.012], [lon, lat + 0.012], [lon, lat]]]},
                                   min_lat=lat, max_lat=lat + 0.012, min_lon=lon, max_lon=lon + 0.02))
            Wijk.objects.bulk_create(wijken)
            wijken = list(Wijk.objects.filter(municipality=municipality).order_by("code"))
            teams = Initiative.objects.bulk_create([
                Initiative(municipality=municipality, name=f"Team {i:03d}", status=InitiativeStatus.ACTIVE,
                           kind="team" if i % 10 else "app_group",
                           created_at=timezone.make_aware(datetime(start.year, start.month, 1)))
                for i in range(args.teams)])
            teams = list(Initiative.objects.filter(municipality=municipality).order_by("name"))
            Initiative.wijken.through.objects.bulk_create([
                Initiative.wijken.through(initiative_id=t.pk, wijk_id=wijken[i].pk) for i, t in enumerate(teams)])
            users = User.objects.bulk_create([User(username=f"bench-m{i}", first_name="Lid", last_name=str(i))
                                              for i in range(args.members)])
            users = list(User.objects.filter(username__startswith="bench-m").order_by("pk"))
            members_of: dict[int, list[User]] = {t.pk: [] for t in teams}
            memberships = []
            for i, u in enumerate(users):
                team = teams[i % len(teams)]
                members_of[team.pk].append(u)
                joined = start + timedelta(days=rng.randint(0, span_days // 2))
                left = joined + timedelta(days=rng.randint(200, span_days)) if rng.random() < 0.2 else None
                memberships.append(Membership(initiative=team, user=u, joined_on=joined,
                                              left_on=left if left and left < today else None,
                                              role="coordinator" if len(members_of[team.pk]) == 1 else "member"))
            Membership.objects.bulk_create(memberships)
            batch = 5000
            made = 0
            while made < args.reports:
                size = min(batch, args.reports - made)
                rounds, picks = [], []
                for _ in range(size):
                    team = teams[rng.randrange(len(teams))]
                    day = start + timedelta(days=rng.randrange(span_days))
                    at = timezone.make_aware(datetime(day.year, day.month, day.day, 20))
                    rounds.append(Round(initiative=team, wijk_id=wijken[teams.index(team)].pk, planned_start=at,
                                        planned_end=at + timedelta(hours=2), status=RoundStatus.ENDED,
                                        started_at=at, ended_at=at + timedelta(hours=2)))
                    picks.append(team)
                with transaction.atomic():
                    Round.objects.bulk_create(rounds, batch_size=1000)
                    ids = list(Round.objects.filter(initiative__municipality=municipality)
                               .order_by("-pk").values_list("pk", flat=True)[:size])[::-1]
                    parts, reports = [], []
                    for rid, r, team in zip(ids, rounds, picks, strict=True):
                        walkers = members_of[team.pk][:2] or users[:1]
                        parts += [RoundParticipant(round_id=rid, user=w) for w in walkers]
                        reports.append(PatrolReport(
                            round_id=rid, initiative=team, municipality=municipality, wijk_id=r.wijk_id,
                            author=walkers[0], started_at=r.planned_start, ended_at=r.planned_end,
                            submitted_at=r.planned_end + timedelta(minutes=15),
                            route_streets=["Damrak", "Rokin"] if rng.random() < 0.7 else [],
                            quality_score=rng.randint(20, 100), observation_count=0))
                    RoundParticipant.objects.bulk_create(parts, batch_size=2000)
                    PatrolReport.objects.bulk_create(reports, batch_size=1000)
                    rep_ids = list(PatrolReport.objects.filter(municipality=municipality)
                                   .order_by("-pk").values_list("pk", "submitted_at", "wijk_id")[:size])
                    pro = users[0]
                    Feedback.objects.bulk_create([
                        Feedback(report_id=pk, author=pro, kind=rng.choice(["info", "action", "no_action", "arrest"]),
                                 body="Dank", created_at=at + timedelta(hours=rng.randint(1, 200)))
                        for pk, at, _w in rep_ids if rng.random() < 0.6], batch_size=2000)
                    Observation.objects.bulk_create([
                        Observation(report_id=pk, observed_at=at, place="plein", category="nuisance",
                                    behaviour="lawaai", lat=52.30 + rng.random() * 0.12, lon=4.80 + rng.random() * 0.22)
                        for pk, at, _w in rep_ids if rng.random() < 0.2], batch_size=2000)
                made += size
                if made % 50_000 == 0:
                    print(f"  filled {made:,} reports ({time.perf_counter() - t0:.0f} s)", flush=True)
            lead = users[0]
            logs, thanks = [], []
            for t in teams:
                m = start
                while m <= today:
                    if rng.random() < 0.8:
                        moment = timezone.make_aware(datetime(m.year, m.month, 5))
                        logs.append(ContactLog(municipality=municipality, initiative=t, contact_person=lead,
                                               kind="call", occurred_at=moment))
                    if m.month % 3 == 0:
                        thanks.append(Appreciation(initiative=t, kind="email", occurred_on=m.replace(day=10)))
                    m = (m.replace(day=28) + timedelta(days=5)).replace(day=1)
            ContactLog.objects.bulk_create(logs, batch_size=2000)
            Appreciation.objects.bulk_create(thanks, batch_size=2000)
            print(f"seeded {args.teams} teams, {args.members} members, {args.reports:,} reports over {args.years} "
                  f"years in {time.perf_counter() - t0:.0f} s")
            if connection.vendor == "postgresql":
                with connection.cursor() as cur:
                    cur.execute("ANALYZE")
        from buurtpreventie.insights.models import MunicipalityMonth

        if not MunicipalityMonth.objects.filter(municipality=municipality).exists():
            t0 = time.perf_counter()
            n = refresh_all(municipality=municipality)
            print(f"refresh_insights --all: {n:,} team-months in {time.perf_counter() - t0:.1f} s")
        from buurtpreventie.insights.aggregation import refresh_recent

        t0 = time.perf_counter()
        refresh_recent(municipality=municipality)
        print(f"refresh_insights (hourly: 2 months): {time.perf_counter() - t0:.2f} s")

        officer, _ = User.objects.get_or_create(username="bench-oov")
        RoleGrant.objects.get_or_create(user=officer, role="safety_officer", municipality=municipality)
        staff = login(Client(), officer)
        shown = Initiative.objects.filter(municipality=municipality, kind="team").order_by("name").first()
        assert shown is not None
        coordinator = Membership.objects.filter(initiative=shown, role="coordinator").first()
        coord_client = login(Client(), coordinator.user) if coordinator else staff
        wijk_id = shown.wijken.first().pk  # type: ignore[union-attr]
        variants = [
            ("trivial view /healthz", Client(), "/healthz"),
            ("/inzicht/ (12 months)", staff, "/inzicht/"),
            ("/inzicht/ (60 months)", staff, "/inzicht/?maanden=60"),
            ("/inzicht/ one wijk", staff, f"/inzicht/?wijk={wijk_id}"),
            ("map JSON", staff, "/inzicht/kaart.json"),
            ("CSV teams", staff, "/inzicht/csv/teams/"),
            ("team view (coordinator)", coord_client, f"/inzicht/team/{shown.pk}/"),
        ]
        results = {}
        for label, client, url in variants:
            for _ in range(3):  # warm-up: connection, templates, query plans
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
            times = []
            for _ in range(args.requests):
                began = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - began) * 1000)
            reset_queries()
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            results[label] = pct(times, 0.95)
            print(f"{label:<26} p50 {statistics.median(times):7.1f} ms   p95 {pct(times, 0.95):7.1f} ms   "
                  f"{len(ctx.captured_queries):3d} queries")
        target = results["/inzicht/ (12 months)"]
        print(f"dashboard p95 {target:.0f} ms (target < 300 ms): {'OK' if target < 300 else 'TOO SLOW'}; "
              f"{target / max(0.1, results['trivial view /healthz']):.1f}x the trivial view")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=args.keepdb)


if __name__ == "__main__":
    main()

"""Geo targeting benchmark: the app's own targeting functions (a circle of 1 km and 5 km) among
2,500,000 opted-in home locations placed where people live:
- `alerts.targeting.home_user_ids_within`, what an alert to residents reads (`select_targets`);
- `alerts.targeting.home_locations_within`, the same homes with their coordinates.

Points follow population, not a uniform box with sea in it:
- Nijmegen and Alkmaar: CBS inhabitants per wijk (the demo's kerncijfers 2024), placed uniformly
  inside each wijk's polygon;
- the rest of the country: the 40 largest municipalities by CBS inhabitants (2024), each a
  Gaussian around its centre (spread growing with its size), plus a rural background around
  them. A 5 km circle in a city centre then holds tens of thousands of homes.

Query centres are drawn population-weighted (a random home), plus the centres of the largest
cities (the worst case). Every query is checked against brute force over all points with the
app's own exact check (`core.geo.haversine_m`). Printed per function and radius: median/p90 ms
(each query's time the median of 3 calls after a warm-up), homes found, microseconds per home
found, recall, and the baseline measured in the same run: the bare index-only scan of the
circle's box (`SELECT count(*)` over the strip index, nothing sent), with the ratio app / scan.
Targets: < 10 ms up to ~2,500 homes in the circle; beyond that <= 2 us per home found and never
growing with the table size; recall exactly 1.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bp_perf .venv/bin/python bench/geo_targeting.py
    .venv/bin/python bench/geo_targeting.py                     # SQLite scratch file
    .venv/bin/python bench/geo_targeting.py --smoke             # 100,000 homes (CI)

The bench works in a database of its own (`<database>_geo_bench` on the PostgreSQL server, or a
scratch SQLite file), migrated from scratch and dropped afterwards.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / "buurtpreventie" / "demo" / "data"
NL_INHABITANTS = 17_950_000

# (name, lat, lon, inhabitants) — CBS, 1 January 2024, rounded.
CITIES = [
    ("Amsterdam", 52.3728, 4.8936, 931_000), ("Rotterdam", 51.9225, 4.4792, 670_000),
    ("Den Haag", 52.0799, 4.3113, 562_000), ("Utrecht", 52.0907, 5.1214, 374_000),
    ("Eindhoven", 51.4416, 5.4697, 246_000), ("Groningen", 53.2194, 6.5665, 238_000),
    ("Tilburg", 51.5555, 5.0913, 227_000), ("Almere", 52.3508, 5.2647, 222_000),
    ("Breda", 51.5719, 4.7683, 188_000), ("Apeldoorn", 52.2112, 5.9699, 168_000),
    ("Arnhem", 51.9851, 5.8987, 167_000), ("Haarlem", 52.3874, 4.6462, 164_000),
    ("Haarlemmermeer", 52.3030, 4.6890, 163_000), ("Amersfoort", 52.1561, 5.3878, 160_000),
    ("Enschede", 52.2215, 6.8937, 161_000), ("Zaanstad", 52.4550, 4.8130, 158_000),
    ("'s-Hertogenbosch", 51.6978, 5.3037, 160_000), ("Zwolle", 52.5168, 6.0830, 133_000),
    ("Leiden", 52.1601, 4.4970, 128_000), ("Zoetermeer", 52.0575, 4.4931, 127_000),
    ("Leeuwarden", 53.2012, 5.7999, 126_000), ("Maastricht", 50.8514, 5.6910, 122_000),
    ("Dordrecht", 51.8133, 4.6901, 121_000), ("Ede", 52.0402, 5.6649, 121_000),
    ("Alphen aan den Rijn", 52.1294, 4.6575, 114_000), ("Westland", 52.0000, 4.2000, 112_000),
    ("Emmen", 52.7792, 6.9069, 108_000), ("Delft", 52.0116, 4.3571, 104_000),
    ("Venlo", 51.3704, 6.1724, 102_000), ("Deventer", 52.2550, 6.1639, 102_000),
    ("Sittard-Geleen", 51.0000, 5.8690, 92_000), ("Helmond", 51.4793, 5.6570, 93_000),
    ("Oss", 51.7650, 5.5180, 93_000), ("Amstelveen", 52.3114, 4.8701, 92_000),
    ("Hilversum", 52.2292, 5.1669, 92_000), ("Heerlen", 50.8882, 5.9795, 87_000),
    ("Súdwest-Fryslân", 53.0300, 5.6600, 91_000), ("Hengelo", 52.2658, 6.7931, 82_000),
    ("Purmerend", 52.5050, 4.9590, 93_000), ("Roosendaal", 51.5308, 4.4653, 78_000),
]
MODELLED_ELSEWHERE = {"Nijmegen", "Alkmaar"}


def bench_database(url: str) -> tuple[str, Any]:
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        base, _sep, name = url.rpartition("/")
        bench_name = f"{name.split('?')[0] or 'postgres'}_geo_bench"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{bench_name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{bench_name}"')

        def drop() -> None:
            with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{bench_name}" WITH (FORCE)')

        return f"{base}/{bench_name}", drop
    tmp = tempfile.mkdtemp(prefix="bp-geo-")
    return f"sqlite:///{tmp}/geo.sqlite3", lambda: shutil.rmtree(tmp, ignore_errors=True)


def population_points(n: int, seed: int = 1) -> tuple[Any, Any]:
    """n (lat, lon) homes placed by population (see the module docstring)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    scale = n / NL_INHABITANTS
    lats: list[Any] = []
    lons: list[Any] = []
    from bench.support.population import wijk_points

    for municipality in ("nijmegen", "alkmaar"):  # where people really live: CBS inhabitants per wijk
        wijk_lats, wijk_lons = wijk_points(municipality, scale, rng)
        lats.append(wijk_lats)
        lons.append(wijk_lons)
    placed = sum(len(x) for x in lats)
    city_total = sum(c[3] for c in CITIES if c[0] not in MODELLED_ELSEWHERE)
    urban = int((n - placed) * 0.45)
    for _name, lat, lon, inhabitants in CITIES:
        count = round(urban * inhabitants / city_total)
        sigma_km = 2.2 * math.sqrt(inhabitants / 150_000)
        lats.append(lat + rng.normal(0, sigma_km / 111.2, count))
        lons.append(lon + rng.normal(0, sigma_km / (111.2 * math.cos(math.radians(lat))), count))
    rural = n - placed - sum(len(x) for x in lats[-len(CITIES):])
    which = rng.integers(0, len(CITIES), rural)
    centre_lat = np.array([c[1] for c in CITIES])[which]
    centre_lon = np.array([c[2] for c in CITIES])[which]
    lats.append(centre_lat + rng.normal(0, 18 / 111.2, rural))
    lons.append(centre_lon + rng.normal(0, 18 / 68.5, rural))
    all_lats, all_lons = np.concatenate(lats)[:n], np.concatenate(lons)[:n]
    return all_lats, all_lons


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--points", type=int, default=2_500_000)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    n = 100_000 if args.smoke else args.points
    queries = 12 if args.smoke else args.queries

    db_url, drop_db = bench_database(os.environ.get("DATABASE_URL", ""))
    os.environ.update(DATABASE_URL=db_url, DJANGO_SETTINGS_MODULE="config.settings.test", EVENT_BUS="memory")
    try:
        _run(n, queries)
    finally:
        from django.db import connections

        connections.close_all()
        drop_db()


def _run(n: int, queries: int) -> None:
    import django

    django.setup()
    import numpy as np
    from django.core.management import call_command
    from django.db import connection, transaction

    from buurtpreventie.alerts.models import HomeLocation, lon_cell
    from buurtpreventie.alerts.targeting import AlertArea, _box_where, home_locations_within, home_user_ids_within
    from buurtpreventie.areas.models import Municipality
    from buurtpreventie.core.geo import haversine_m, within_radius_mask

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    municipality = Municipality.objects.create(code="GM0268", name="Nijmegen", slug="nijmegen")
    lats, lons = population_points(n)
    table = HomeLocation._meta.db_table
    rows = [(i + 1, i + 1, municipality.pk, float(la), float(lo), lon_cell(float(lo)))
            for i, (la, lo) in enumerate(zip(lats.tolist(), lons.tolist(), strict=True))]
    cols = "id, user_id, municipality_id, lat, lon, lon_cell"
    with connection.cursor() as cur:
        # Homes without 2.5 M user rows: the bench switches off foreign-key checks for the load.
        if vendor == "postgresql":
            cur.execute("SET session_replication_role = replica")
            with cur.cursor.copy(f"COPY {table} ({cols}, opted_in_at) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row, "2026-01-01T00:00:00Z"))
            cur.execute("SET session_replication_role = DEFAULT")
            cur.execute(f"VACUUM ANALYZE {table}")
        else:
            cur.execute("PRAGMA foreign_keys = OFF")
            with transaction.atomic():  # one transaction, not one per row (7 min -> ~1 min)
                for start in range(0, n, 100_000):
                    cur.executemany(f"INSERT INTO {table} ({cols}, opted_in_at) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                                    [(*r, "2026-01-01 00:00:00") for r in rows[start:start + 100_000]])
            cur.execute(f"ANALYZE {table}")
    del rows
    print(f"{vendor}: {n:,} homes placed by population, loaded and indexed in {time.perf_counter() - t:.0f} s")

    rng = np.random.default_rng(7)
    picks = rng.integers(0, n, queries)
    centres = [(float(lats[i]), float(lons[i])) for i in picks]  # population-weighted
    centres[:4] = [(c[1], c[2]) for c in CITIES[:4]]  # and the worst case: big-city centres
    user_ids = np.arange(1, n + 1)

    def brute(lat: float, lon: float, radius: float) -> set[int]:
        mask = within_radius_mask(lat, lon, radius, lats, lons)
        chosen = set(user_ids[mask].tolist())
        # spot-check the vectorised brute force against the scalar definition
        for i in np.nonzero(mask)[0][:50].tolist():
            assert haversine_m(lat, lon, float(lats[i]), float(lons[i])) <= radius
        return chosen

    def scan(area: AlertArea) -> int:
        """Baseline: the bare index-only scan of the box, nothing sent back but a count."""
        where, params = _box_where(area)
        with connection.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM {table} WHERE {where}", params)  # noqa: S608 - our own SQL
            return int(cur.fetchone()[0])

    def timed(fn: Any, area: AlertArea) -> tuple[float, Any]:
        """Median of 3 calls after a warm-up (the page cache; a shared machine's hiccups)."""
        fn(area)
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            got = fn(area)
            times.append((time.perf_counter() - t0) * 1000)
        return statistics.median(times), got

    print(f"{'function':>22}{'radius':>7}{'median ms':>11}{'p90 ms':>9}{'max ms':>9}{'found med':>11}{'found max':>11}"
          f"{'us/home (>2,500)':>18}{'<=2,500: max ms':>17}{'recall':>8}{'scan med ms':>13}{'app/scan':>10}")
    ok = True
    functions = [
        ("home_user_ids_within", lambda area: home_user_ids_within(area, municipality_id=municipality.pk)),
        ("home_locations_within",
         lambda area: [u for u, _la, _lo in home_locations_within(area, municipality_id=municipality.pk)]),
    ]
    for radius in (1000.0, 5000.0):
        expected = [brute(lat, lon, radius) for lat, lon in centres]
        scans = [timed(scan, AlertArea(lat=lat, lon=lon, radius_m=radius))[0] for lat, lon in centres]
        for name, function in functions:
            times, found, per_point, small = [], [], [], []
            misses = 0
            for (lat, lon), expect in zip(centres, expected, strict=True):
                ms, got = timed(function, AlertArea(lat=lat, lon=lon, radius_m=radius))
                times.append(ms)
                found.append(len(got))
                if len(got) > 2500:
                    per_point.append(ms * 1000 / len(got))
                else:
                    small.append(ms)
                misses += len(expect ^ set(got)) + len(got) - len(set(got))
            recall = 1.0 if misses == 0 else 0.0
            print(f"{name:>22}{int(radius):>7}{statistics.median(times):>11.2f}"
                  f"{sorted(times)[int(0.9 * (len(times) - 1))]:>9.2f}"
                  f"{max(times):>9.1f}{int(statistics.median(found)):>11,}{max(found):>11,}"
                  f"{(statistics.median(per_point) if per_point else float('nan')):>18.2f}"
                  f"{(max(small) if small else float('nan')):>17.2f}{recall:>8.3f}"
                  f"{statistics.median(scans):>13.2f}{statistics.median(times) / statistics.median(scans):>10.1f}",
                  flush=True)
            ok &= misses == 0
    if not ok:
        raise SystemExit("FAILED: the app's selection differs from brute force")


if __name__ == "__main__":
    main()

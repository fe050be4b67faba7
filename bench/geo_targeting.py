"""Geo targeting benchmark: recipients within 1 km and 5 km among 2,500,000 registered
locations in the configured database (DATABASE_URL), the way `alerts.targeting` selects them:
a bounding box (from `core.geo.bounding_box`, same Earth radius as the check) and an exact
haversine refine. Two access paths, both indexes of `alerts.HomeLocation`:

- "lat,lon": the composite (lat, lon) index; a query reads every entry in its latitude band;
- "cell":    (lon_cell, lat, lon) with lon_cell = floor(lon / 0.05): the band is cut into
             ~3.4 km strips, so a query reads only the strips its box touches (what the app uses).

Recall is checked against brute force over all points, and a full scan with the same
predicate is measured beside it.

Target: median < 10 ms per query at 5 km, on SQLite and on PostgreSQL.

    DATABASE_URL=sqlite:////tmp/geo.sqlite3 .venv/bin/python bench/geo_targeting.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bp_bench .venv/bin/python bench/geo_targeting.py
    .venv/bin/python bench/geo_targeting.py --smoke     # 100,000 points (CI)

The bench creates and drops its own table `bench_geo_points` in that database (without
DATABASE_URL it uses a scratch SQLite file, never the development database under var/).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

TABLE = "bench_geo_points"
NL = (50.75, 53.55, 3.35, 7.2)  # lat/lon box of the Netherlands


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float, r: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--points", type=int, default=2_500_000)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    n = 100_000 if args.smoke else args.points
    queries = 20 if args.smoke else args.queries

    tmp = None
    if not os.environ.get("DATABASE_URL"):
        # No database configured: never write into the developer's var/ database; use a scratch file.
        import tempfile

        tmp = tempfile.TemporaryDirectory()
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp.name}/geo_bench.sqlite3"
        print(f"DATABASE_URL not set: using a scratch SQLite file ({os.environ['DATABASE_URL']})")

    import django

    django.setup()
    import numpy as np
    from django.db import connection

    from buurtpreventie.alerts.models import lon_cell
    from buurtpreventie.core.geo import EARTH_RADIUS_M, bounding_box

    vendor = connection.vendor
    rng = random.Random(42)
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cur.execute(f"CREATE TABLE {TABLE} (id integer PRIMARY KEY, user_id integer NOT NULL, "
                    "municipality_id integer NOT NULL, lat double precision NOT NULL, lon double precision NOT NULL, "
                    "lon_cell integer NOT NULL)")
    lats = np.random.default_rng(1).uniform(NL[0], NL[1], n)
    lons = np.random.default_rng(2).uniform(NL[2], NL[3], n)
    t = time.perf_counter()
    rows = [(i, i, 1, float(lats[i]), float(lons[i]), lon_cell(float(lons[i]))) for i in range(n)]
    with connection.cursor() as cur:
        if vendor == "postgresql":
            with cur.cursor.copy(f"COPY {TABLE} (id, user_id, municipality_id, lat, lon, lon_cell) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            for start in range(0, n, 100_000):
                cur.executemany(f"INSERT INTO {TABLE} VALUES (%s, %s, %s, %s, %s, %s)", rows[start:start + 100_000])
        # the same index as alerts.HomeLocation: (lat, lon) first, covering user and municipality
        cur.execute(f"CREATE INDEX {TABLE}_lat_lon ON {TABLE} (lat, lon, user_id, municipality_id)")
        cur.execute(f"CREATE INDEX {TABLE}_cell ON {TABLE} (lon_cell, lat, lon, user_id, municipality_id)")
        # PostgreSQL: VACUUM sets the visibility map so the covering indexes give index-only scans
        # (autovacuum does the same for the real table in production).
        cur.execute(f"VACUUM ANALYZE {TABLE}" if vendor == "postgresql" else f"ANALYZE {TABLE}")
    del rows
    print(f"{vendor}: {n:,} points loaded and indexed in {time.perf_counter() - t:.1f} s")

    cols = f"SELECT user_id, lat, lon, municipality_id FROM {TABLE}"
    box = "lat >= %s AND lat <= %s AND lon >= %s AND lon <= %s"
    plain_from = f"{TABLE} INDEXED BY {TABLE}_lat_lon" if vendor == "sqlite" else TABLE
    scan_from = f"{TABLE} NOT INDEXED" if vendor == "sqlite" else TABLE

    def select(cur, layout: str, lat: float, lon: float, radius: float) -> set[int]:  # type: ignore[no-untyped-def]
        b = bounding_box(lat, lon, radius)
        if layout == "cell":
            cells = list(range(lon_cell(b[2]), lon_cell(b[3]) + 1))
            marks = ", ".join(["%s"] * len(cells))
            cur.execute(f"{cols} WHERE lon_cell IN ({marks}) AND {box}", [*cells, *b])
        else:
            table = plain_from if layout == "lat,lon" else scan_from
            cur.execute(f"SELECT user_id, lat, lon, municipality_id FROM {table} WHERE {box}", b)
        return {u for u, la, lo, _m in cur.fetchall() if haversine_m(lat, lon, la, lo, EARTH_RADIUS_M) <= radius}

    def brute(lat: float, lon: float, radius: float) -> set[int]:
        p1, p2 = math.radians(lat), np.radians(lats)
        a = np.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(np.radians(lons - lon) / 2) ** 2
        d = 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(a)))
        return set(np.nonzero(d <= radius)[0].tolist())

    centres = [(rng.uniform(51.0, 53.3), rng.uniform(3.8, 6.9)) for _ in range(queries)]
    scan: dict[float, float] = {}
    with connection.cursor() as cur:
        if vendor == "postgresql":
            cur.execute("SET enable_indexscan = off; SET enable_bitmapscan = off; SET enable_indexonlyscan = off")
        for radius in (1000.0, 5000.0):
            times = []
            for lat, lon in centres[:3]:
                t0 = time.perf_counter()
                select(cur, "scan", lat, lon, radius)
                times.append((time.perf_counter() - t0) * 1000)
            scan[radius] = statistics.median(times)
        if vendor == "postgresql":
            cur.execute("RESET enable_indexscan; RESET enable_bitmapscan; RESET enable_indexonlyscan")
    print(f"{'index':>8}{'radius':>7}{'median ms':>11}{'p90 ms':>9}{'found (median)':>16}{'recall':>9}"
          f"{'full scan ms':>14}{'speed-up':>10}")
    ok = True
    layouts = ["cell", "lat,lon"]
    for layout in layouts:
        for radius in (1000.0, 5000.0):
            times, found, misses, total = [], [], 0, 0
            with connection.cursor() as cur:
                for i, (lat, lon) in enumerate(centres):
                    t0 = time.perf_counter()
                    got = select(cur, layout, lat, lon, radius)
                    times.append((time.perf_counter() - t0) * 1000)
                    found.append(len(got))
                    if i < 10:
                        expect = brute(lat, lon, radius)
                        misses += len(expect - got) + len(got - expect)
                        total += len(expect)
            med = statistics.median(times)
            recall = 1.0 if total == 0 else (total - misses) / total
            print(f"{layout:>8}{int(radius):>7}{med:>11.2f}{sorted(times)[int(0.9 * (len(times) - 1))]:>9.2f}"
                  f"{int(statistics.median(found)):>16}{recall:>9.4f}{scan[radius]:>14.1f}{scan[radius] / med:>10.1f}x",
                  flush=True)
            ok &= misses == 0
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {TABLE}")
    if not ok:
        raise SystemExit("FAILED: the indexed selection differs from brute force")


if __name__ == "__main__":
    main()

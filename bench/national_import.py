"""National import benchmark: all wijken of the Netherlands (342 municipalities, ~3,400 wijken) through
`import_areas --wijken`, the way CBS/PDOK ship them (EPSG:28992, RD New), on the configured database.

There is no national file in the repository, so the bench builds one of national size from the shipped
open data: the Nijmegen and Alkmaar (full-resolution) wijk polygons, copied to a 19 x 18 grid of
municipality positions across the country, half of them with alphanumeric wijk codes (WK1001AA, the
Amsterdam form). Figures, each beside a baseline measured in the same run:
1. first import (everything new), 2. the same file again (idempotent: nothing changes),
baseline: reading and parsing the file alone (json.load).

Target: each import < 30 s, on SQLite and on PostgreSQL.

    .venv/bin/python bench/national_import.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bp_bench .venv/bin/python bench/national_import.py
    .venv/bin/python bench/national_import.py --smoke       # CI: 30 municipalities

The bench works in its own test database (Django's `test_<name>`, or in-memory SQLite), never in your data.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DEBUG", "0")

DATA = ROOT / "buurtpreventie" / "demo" / "data"
TEMPLATES = [DATA / "nijmegen" / "wijken_2024_simplified.geojson",
             DATA / "alkmaar" / "wijken_2024_fullres_8wijken.geojson",
             DATA / "alkmaar" / "wijken_2024_simplified.geojson"]


def build_national_file(path: Path, municipalities: int) -> tuple[int, int]:
    """Write a national-size wijken file in RD New; returns (municipalities, wijken)."""
    import numpy as np
    import shapely
    from pyproj import Transformer
    from shapely.geometry import mapping, shape

    to_rd = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
    templates = []
    for template in TEMPLATES:
        features = json.loads(template.read_text())["features"]
        geoms = [shape(f["geometry"]) for f in features]
        centre = shapely.union_all(geoms).centroid
        templates.append([(f["properties"], g, centre) for f, g in zip(features, geoms, strict=True)])
    # Positions over the land part of the country, west to east and south to north.
    lons = np.linspace(4.2, 6.9, 19)
    lats = np.linspace(51.45, 53.2, 18)
    cells = [(lon, lat) for lat in lats for lon in lons]
    features = []
    for m in range(municipalities):
        gm = f"{1000 + m:04d}"
        lon, lat = cells[m % len(cells)]
        template = templates[m % len(templates)]
        for j, (props, geom, centre) in enumerate(template):
            moved = shapely.affinity.translate(geom, lon - centre.x, lat - centre.y)

            def rd(coords, _t=to_rd):
                x, y = _t.transform(coords[:, 0], coords[:, 1])
                return np.column_stack([x, y])

            moved = shapely.transform(moved, rd)
            alpha = m % 2 == 1
            code = f"WK{gm}{'ABCDEFGHJKLMNPQRSTUVWXYZ'[j // 10]}{'ABCDEFGHJK'[j % 10]}" if alpha else f"WK{gm}{j:02d}"
            properties = {k: v for k, v in props.items() if k not in ("wijkcode", "gemeentecode", "gemeentenaam",
                                                                       "wijkCode", "gemeenteCode", "gemeenteNaam")}
            properties.update(wijkcode=code, gemeentecode=f"GM{gm}", gemeentenaam=f"Gemeente {gm}")
            features.append({"type": "Feature", "properties": properties, "geometry": mapping(moved)})
    data = {"type": "FeatureCollection", "name": "wijken",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}, "features": features}
    path.write_text(json.dumps(data))
    return municipalities, len(features)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--municipalities", type=int, default=342)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    if args.smoke:
        args.municipalities = 30

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "wijken_nl_rd.geojson"
        t0 = time.perf_counter()
        n_municipalities, n_wijken = build_national_file(path, args.municipalities)
        print(f"database: {connection.vendor}; file: {n_municipalities} municipalities, {n_wijken} wijken, "
              f"{path.stat().st_size / 1e6:.1f} MB, EPSG:28992 (built in {time.perf_counter() - t0:.1f} s)")
        t0 = time.perf_counter()
        json.loads(path.read_text())
        baseline = time.perf_counter() - t0
        print(f"baseline  json.load of the file:          {baseline:6.2f} s")
        from buurtpreventie.areas.models import Wijk

        for label in ("first import (all new)", "second import (idempotent)"):
            out = StringIO()
            t0 = time.perf_counter()
            call_command("import_areas", wijken=path, stdout=out)
            seconds = time.perf_counter() - t0
            summary = [line.strip() for line in out.getvalue().splitlines() if "nieuw" in line]
            verdict = "OK" if seconds < 30 else "TOO SLOW"
            print(f"{label:<28} {seconds:6.2f} s  ({seconds / baseline:.0f}x baseline)  {verdict}  {summary[-1]}")
        assert Wijk.objects.count() == n_wijken
    connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()

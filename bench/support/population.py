"""Points placed where people live: CBS inhabitants per wijk (kerncijfers 2024), uniformly
inside each wijk's polygon. Shared by the fan-out bench (subscriptions of residents) and the
geo-targeting bench (home locations)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "buurtpreventie" / "demo" / "data"


def wijk_inhabitants(municipality: str) -> dict[str, int]:
    inhabitants: dict[str, int] = {}
    with open(DATA / municipality / "kerncijfers_wijken_buurten_2024.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row.get("type") == "wijk" and (row.get("inwoners") or "").isdigit():
                inhabitants[row["code"]] = int(row["inwoners"])
    return inhabitants


def wijk_points(municipality: str, scale: float, rng: Any) -> tuple[Any, Any]:
    """(lats, lons) numpy arrays: round(inhabitants * scale) points per wijk of `municipality`
    ("nijmegen", "alkmaar"), uniform inside the wijk's outline."""
    import numpy as np
    from shapely import contains_xy
    from shapely.geometry import shape

    inhabitants = wijk_inhabitants(municipality)
    geojson = json.loads((DATA / municipality / "wijken_2024_simplified.geojson").read_text())
    lats: list[Any] = []
    lons: list[Any] = []
    for feature in geojson["features"]:
        props = feature["properties"]
        code = props.get("statcode") or props.get("wijkcode") or props.get("code")
        count = round(inhabitants.get(str(code), 0) * scale)
        if count <= 0:
            continue
        geom = shape(feature["geometry"])
        min_lon, min_lat, max_lon, max_lat = geom.bounds
        got_lat: list[Any] = []
        got_lon: list[Any] = []
        have = 0
        while have < count:
            cand_lon = rng.uniform(min_lon, max_lon, count * 3)
            cand_lat = rng.uniform(min_lat, max_lat, count * 3)
            inside = contains_xy(geom, cand_lon, cand_lat)
            got_lat.append(cand_lat[inside])
            got_lon.append(cand_lon[inside])
            have += int(inside.sum())
        lats.append(np.concatenate(got_lat)[:count])
        lons.append(np.concatenate(got_lon)[:count])
    return np.concatenate(lats), np.concatenate(lons)

"""Route helpers: derive the ordered sequence of streets from recorded positions.

Every position is matched to the nearest street segment (shapely, in a local metric
projection so distances are metres). Points farther than `max_distance_m` from any street
are ignored (GPS noise in a courtyard); when two streets are equally near (a crossing, or
overlapping source geometry) the walker is assumed to stay on the current street; a street
seen in only one isolated point between two other streets is treated as a blip at a crossing
and dropped; consecutive repeats
collapse into one entry. A street may appear again later (walking back) — that is the route.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import shapely
from shapely.geometry import Point, shape
from shapely.strtree import STRtree

METRES_PER_DEGREE = 111_320.0


def _projector(ref_lat: float) -> Any:
    cos_lat = math.cos(math.radians(ref_lat))

    def project(x: Any, y: Any, z: Any = None) -> tuple[Any, Any]:
        return x * METRES_PER_DEGREE * cos_lat, y * METRES_PER_DEGREE

    return project


def derive_route(
    points: Sequence[tuple[float, float]],
    streets: Iterable[tuple[str, dict[str, Any]]],
    *,
    max_distance_m: float = 35.0,
    tie_tolerance_m: float = 3.0,
) -> list[str]:
    """Ordered street names walked, from (lat, lon) points and (name, GeoJSON geometry) streets."""
    if not points:
        return []
    street_list = list(streets)
    if not street_list:
        return []
    ref_lat = sum(p[0] for p in points) / len(points)
    project = _projector(ref_lat)
    names = [name for name, _geom in street_list]
    scale = [METRES_PER_DEGREE * math.cos(math.radians(ref_lat)), METRES_PER_DEGREE]
    geoms = [shapely.transform(shape(geom), lambda coords: coords * scale) for _name, geom in street_list]
    tree = STRtree(geoms)
    matched: list[str] = []
    for lat, lon in points:
        point = Point(*project(lon, lat))
        index = tree.nearest(point)
        if index is None:
            continue
        best = geoms[int(index)].distance(point)
        if best > max_distance_m:
            continue
        name = names[int(index)]
        # At crossings and where source geometries overlap, several streets are (almost) equally
        # near: stay on the street we were walking rather than hopping to a side street.
        if matched and matched[-1] != name:
            for candidate in tree.query(point.buffer(best + tie_tolerance_m)):
                if names[int(candidate)] == matched[-1] and (
                    geoms[int(candidate)].distance(point) <= best + tie_tolerance_m
                ):
                    name = matched[-1]
                    break
        matched.append(name)
    # Collapse runs, remembering how many points each run had.
    runs: list[list[Any]] = []
    for name in matched:
        if runs and runs[-1][0] == name:
            runs[-1][1] += 1
        else:
            runs.append([name, 1])
    # Drop single-point blips sandwiched between two runs (a crossing street touched once).
    if len(runs) > 2:
        runs = [runs[0]] + [r for r in runs[1:-1] if r[1] > 1] + [runs[-1]]
    route: list[str] = []
    for name, _count in runs:
        if not route or route[-1] != name:
            route.append(name)
    return route

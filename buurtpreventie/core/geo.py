"""Small geo helpers without GDAL. One Earth radius everywhere, so boxes and distances agree."""

from __future__ import annotations

import math
from typing import Any

EARTH_RADIUS_M = 6_371_008.8  # IUGG mean radius; used for both the bounding box and the exact check


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) that contains every point within radius_m.

    Slightly generous (a small margin) so no edge point is lost; callers refine exactly.
    """
    margin = 1.0001
    dlat = math.degrees(radius_m * margin / EARTH_RADIUS_M)
    cos_lat = max(math.cos(math.radians(lat)), 1e-9)
    dlon = math.degrees(radius_m * margin / (EARTH_RADIUS_M * cos_lat))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def within_radius_mask(lat: float, lon: float, radius_m: float, lats: Any, lons: Any) -> Any:
    """For many points at once: a numpy bool array, True where `haversine_m` <= radius_m.

    Vectorised (a few nanoseconds per point instead of a microsecond); points within a millimetre
    of the edge are decided by `haversine_m` itself, so the answer is exactly the scalar one.
    """
    import numpy as np

    la = np.asarray(lats, dtype=float)
    lo = np.asarray(lons, dtype=float)
    p1 = math.radians(lat)
    p2 = np.radians(la)
    a = np.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(np.radians(lo - lon) / 2) ** 2
    d = 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(a)))
    mask = d <= radius_m
    for i in np.nonzero(np.abs(d - radius_m) < 1e-3)[0].tolist():
        mask[i] = haversine_m(lat, lon, float(la[i]), float(lo[i])) <= radius_m
    return mask

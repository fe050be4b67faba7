"""Small geo helpers without GDAL. One Earth radius everywhere, so boxes and distances agree."""

from __future__ import annotations

import math

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

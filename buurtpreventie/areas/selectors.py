"""Reads about areas: point-in-wijk lookup, streets per wijk, wijken of a municipality."""

from __future__ import annotations

from functools import lru_cache

from django.db.models import QuerySet
from shapely.affinity import scale
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.prepared import PreparedGeometry, prep

from .models import Municipality, Street, Wijk


@lru_cache(maxsize=1)
def _all_wijk_shapes() -> dict[int, tuple[int, BaseGeometry, PreparedGeometry]]:
    result = {}
    for wijk in Wijk.objects.exclude(geometry=None).only("pk", "municipality_id", "geometry"):
        geom = shape(wijk.geometry)
        result[wijk.pk] = (wijk.municipality_id, geom, prep(geom))
    return result


# Municipalities seen without any wijk shape: {municipality_id: time.monotonic() when seen}. Trusted
# for SHAPELESS_TTL seconds, so every report of a municipality without imported shapes does not ask
# the database again (a fresh import is noticed within that time in every process, at once in this one).
_shapeless: dict[int, float] = {}
SHAPELESS_TTL = 60.0


def clear_geometry_cache() -> None:
    _all_wijk_shapes.cache_clear()
    _shapeless.clear()
    wijk_core.cache_clear()


def wijk_shapes(*, municipality_id: int | None = None) -> dict[int, tuple[int, BaseGeometry]]:
    return {
        pk: (mid, geom)
        for pk, (mid, geom, _prepared) in _all_wijk_shapes().items()
        if municipality_id is None or mid == municipality_id
    }


def wijk_geometry(wijk_id: int) -> BaseGeometry | None:
    entry = _all_wijk_shapes().get(wijk_id)
    return entry[1] if entry else None


def wijk_for_point(*, lat: float, lon: float, municipality_id: int | None = None) -> Wijk | None:
    """The wijk that contains the point (boundary counts as inside), or None."""
    candidates = Wijk.objects.filter(min_lat__lte=lat, max_lat__gte=lat, min_lon__lte=lon, max_lon__gte=lon)
    if municipality_id is not None:
        candidates = candidates.filter(municipality_id=municipality_id)
    point = Point(lon, lat)
    shapes = _all_wijk_shapes()
    for wijk in candidates:
        entry = shapes.get(wijk.pk)
        if entry is None:
            clear_geometry_cache()
            entry = _all_wijk_shapes().get(wijk.pk)
        if entry and (entry[2].contains(point) or entry[1].touches(point)):
            return wijk
    return None


def wijken_of(*, municipality: Municipality) -> QuerySet[Wijk]:
    return Wijk.objects.filter(municipality=municipality).order_by("code")


def streets_in_wijk(*, wijk: Wijk) -> QuerySet[Street]:
    return wijk.streets.all().order_by("name")


def streets_search(
    *, municipality_id: int, query: str, wijk_ids: list[int] | None = None, limit: int = 20
) -> QuerySet[Street]:
    qs = Street.objects.filter(municipality_id=municipality_id)
    if wijk_ids:
        qs = qs.filter(wijken__in=wijk_ids).distinct()
    if query:
        qs = qs.filter(name__icontains=query.strip())
    return qs.order_by("name")[:limit]


# --- one wijk per point, also where simplified outlines overlap or leave gaps ------------------

GAP_TOLERANCE_DEG = 0.0015  # ~100-170 m: a point in a gap between simplified outlines still gets a wijk
NEIGHBOUR_DISTANCE_DEG = 0.0005  # ~35-55 m: wijken this close share a border (touch, sliver or gap)


def wijk_id_at(*, lat: float, lon: float, municipality_id: int) -> int | None:
    """The one wijk of the municipality a point belongs to.

    Simplified CBS outlines of neighbouring wijken overlap in thin slivers and leave thin gaps,
    so "the first wijk that contains the point" is not one answer. Here every point gets exactly
    one wijk: of the wijken that contain it, the one it lies deepest inside (furthest from that
    wijk's boundary); in a gap, the nearest wijk within GAP_TOLERANCE_DEG; otherwise None.
    """
    point = Point(lon, lat)
    containing: list[tuple[float, int]] = []
    nearest: tuple[float, int] | None = None
    for pk, (mid, geom, prepared) in _all_wijk_shapes().items():
        if mid != municipality_id:
            continue
        min_x, min_y, max_x, max_y = geom.bounds
        if not (min_x - GAP_TOLERANCE_DEG <= lon <= max_x + GAP_TOLERANCE_DEG
                and min_y - GAP_TOLERANCE_DEG <= lat <= max_y + GAP_TOLERANCE_DEG):
            continue
        if prepared.covers(point):
            containing.append((geom.boundary.distance(point), pk))
        elif not containing:
            distance = geom.distance(point)
            if distance <= GAP_TOLERANCE_DEG and (nearest is None or distance < nearest[0]):
                nearest = (distance, pk)
    if containing:
        return max(containing)[1] if len(containing) > 1 else containing[0][1]
    return nearest[1] if nearest else None


def wijk_neighbour_ids(*, wijk_id: int) -> set[int]:
    """Wijken of the same municipality that border this one (sharing a border, overlapping in a
    sliver, or separated by a thin gap of simplified outlines)."""
    entry = _all_wijk_shapes().get(wijk_id)
    if entry is None:
        return set()
    mid, geom, _prepared = entry
    return {pk for pk, (other_mid, other, _p) in _all_wijk_shapes().items()
            if other_mid == mid and pk != wijk_id and geom.distance(other) <= NEIGHBOUR_DISTANCE_DEG}


@lru_cache(maxsize=256)
def wijk_core(wijk_id: int) -> BaseGeometry | None:
    """The wijk without the slivers it shares with neighbouring outlines: what surely is this wijk."""
    entry = _all_wijk_shapes().get(wijk_id)
    if entry is None:
        return None
    geom = entry[1]
    for other_id in wijk_neighbour_ids(wijk_id=wijk_id):
        geom = geom.difference(_all_wijk_shapes()[other_id][1])
    return geom
# The Netherlands (European part) in WGS84: (min_lat, min_lon, max_lat, max_lon).
NL_BBOX = (50.70, 3.20, 53.70, 7.30)


def point_in_netherlands(*, lat: float, lon: float) -> bool:
    return NL_BBOX[0] <= lat <= NL_BBOX[2] and NL_BBOX[1] <= lon <= NL_BBOX[3]


def point_in_municipality(*, lat: float, lon: float, municipality_id: int, margin_m: float = 500) -> bool:
    """Is the point inside the municipality (its wijken), allowing `margin_m` beyond the border?

    The one rule for coordinates that must lie in a municipality (the JSON API, Open311). Reads the
    process cache of wijk shapes, so checking many points (a report's observations) costs no
    queries. A municipality without imported wijk shapes accepts any point in the Netherlands."""
    import math

    if not point_in_netherlands(lat=lat, lon=lon):
        return False
    shapes = [(geom, prepared) for mid, geom, prepared in _all_wijk_shapes().values() if mid == municipality_id]
    if not shapes:
        import time

        seen = _shapeless.get(municipality_id)
        if seen is not None and time.monotonic() - seen < SHAPELESS_TTL:
            return True
        if not Wijk.objects.filter(municipality_id=municipality_id).exclude(geometry=None).exists():
            _shapeless[municipality_id] = time.monotonic()
            return True
        clear_geometry_cache()  # wijken imported since the cache was filled
        shapes = [(geom, prepared) for mid, geom, prepared in _all_wijk_shapes().values() if mid == municipality_id]
    # Degrees are not metres: scale longitude by the latitude so the margin is a distance.
    per_lat = 111_320.0
    per_lon = per_lat * math.cos(math.radians(lat))
    point = Point(lon, lat)
    scaled_point = Point(lon * per_lon / per_lat, lat)
    margin_deg = margin_m / per_lat
    for geom, prepared in shapes:
        min_x, min_y, max_x, max_y = geom.bounds
        if not (min_y - margin_deg <= lat <= max_y + margin_deg
                and min_x - margin_m / per_lon <= lon <= max_x + margin_m / per_lon):
            continue
        if prepared.covers(point):
            return True
        if scale(geom, xfact=per_lon / per_lat, yfact=1.0, origin=(0, 0)).distance(scaled_point) <= margin_deg:
            return True
    return False

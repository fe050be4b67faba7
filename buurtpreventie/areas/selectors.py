"""Reads about areas: point-in-wijk lookup, streets per wijk, wijken of a municipality."""

from __future__ import annotations

from functools import lru_cache

from django.db.models import QuerySet
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


def clear_geometry_cache() -> None:
    _all_wijk_shapes.cache_clear()


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


def streets_search(*, municipality_id: int, query: str, wijk_ids: list[int] | None = None, limit: int = 20):
    qs = Street.objects.filter(municipality_id=municipality_id)
    if wijk_ids:
        qs = qs.filter(wijken__in=wijk_ids).distinct()
    if query:
        qs = qs.filter(name__icontains=query.strip())
    return qs.order_by("name")[:limit]


MUNICIPALITY_MARGIN_DEGREES = 0.05  # about 3.5–5.5 km around the outermost wijk (GPS drift, border streets)


def point_in_municipality(*, municipality_id: int, lat: float, lon: float,
                          margin: float = MUNICIPALITY_MARGIN_DEGREES) -> bool:
    """Is the point within the municipality's wijken (their bounding boxes) plus a margin?

    A municipality without imported wijk shapes accepts any valid coordinate."""
    from django.db.models import Max, Min

    box = Wijk.objects.filter(municipality_id=municipality_id, min_lat__isnull=False).aggregate(
        a=Min("min_lat"), b=Max("max_lat"), c=Min("min_lon"), d=Max("max_lon"))
    if box["a"] is None:
        return True
    return (box["a"] - margin <= lat <= box["b"] + margin) and (box["c"] - margin <= lon <= box["d"] + margin)

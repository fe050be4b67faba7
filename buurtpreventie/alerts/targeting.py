"""Who an alert reaches: the area (circle, wijk or drawn polygon) and the people in it.

Radius selection uses a bounding box on a composite (lat, lon) index and an exact haversine
refine, both with `core.geo.EARTH_RADIUS_M`, so no one at the edge is silently dropped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from itertools import chain
from typing import Any

from django.db import connections
from django.db.models import Prefetch
from shapely.geometry import Point, Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from buurtpreventie.areas.models import Wijk
from buurtpreventie.areas.selectors import (
    GAP_TOLERANCE_DEG,
    wijk_core,
    wijk_geometry,
    wijk_id_at,
    wijk_neighbour_ids,
    wijk_shapes,
)
from buurtpreventie.core.geo import EARTH_RADIUS_M, bounding_box, haversine_m, within_radius_mask
from buurtpreventie.initiatives.models import Initiative, Membership
from buurtpreventie.patrols.models import Position, Round, RoundParticipant, RoundStatus

from .models import HomeLocation, RecipientReason, lon_cell


def circle_polygon(lat: float, lon: float, radius_m: float, segments: int = 72) -> Polygon:
    """A geodesic circle as a polygon (lon/lat), for intersecting with areas and drawing."""
    d = radius_m / EARTH_RADIUS_M
    p1, l1 = math.radians(lat), math.radians(lon)
    points = []
    for i in range(segments):
        bearing = 2 * math.pi * i / segments
        p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(bearing))
        l2 = l1 + math.atan2(math.sin(bearing) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
        points.append((math.degrees(l2), math.degrees(p2)))
    return Polygon(points)


@dataclass
class AlertArea:
    """Exactly one of: a circle (lat, lon, radius_m), a wijk, or a polygon (GeoJSON geometry).

    A wijk area is decided by containment, not by overlap of outlines: a point is in it when the
    point's one wijk (`areas.selectors.wijk_id_at`) is this wijk, or, with `include_neighbours`
    ("ook aangrenzende wijken"), one of the wijken bordering it.
    """

    lat: float | None = None
    lon: float | None = None
    radius_m: float | None = None
    wijk_id: int | None = None
    polygon: dict[str, Any] | None = None
    include_neighbours: bool = False
    _geom: BaseGeometry | None = field(default=None, repr=False)
    _targets: frozenset[int] | None = field(default=None, repr=False)

    def target_wijk_ids(self) -> frozenset[int]:
        """Wijk area: the wijk, plus its neighbours when ticked. Empty for circles and polygons."""
        if self._targets is None:
            if self.kind != "wijk" or not self.wijk_id:
                self._targets = frozenset()
            else:
                ids = {self.wijk_id}
                if self.include_neighbours:
                    ids |= wijk_neighbour_ids(wijk_id=self.wijk_id)
                self._targets = frozenset(ids)
        return self._targets

    def _municipality_id(self) -> int | None:
        entry = wijk_shapes().get(self.wijk_id or 0)
        return entry[0] if entry else None

    @property
    def kind(self) -> str:
        if self.polygon:
            return "polygon"
        if self.wijk_id:
            return "wijk"
        return "circle"

    def is_valid(self) -> bool:
        if self.kind == "circle":
            return self.lat is not None and self.lon is not None and bool(self.radius_m and self.radius_m > 0)
        return self.geometry() is not None and not self.geometry().is_empty  # type: ignore[union-attr]

    def geometry(self) -> BaseGeometry | None:
        """The area as a shapely geometry (lon, lat). Circles are approximated for drawing/overlap."""
        if self._geom is None:
            if self.kind == "polygon":
                try:
                    self._geom = shape(self.polygon).buffer(0)
                except (ValueError, TypeError, AttributeError, KeyError):
                    return None
            elif self.kind == "wijk":
                geoms = [g for g in (wijk_geometry(pk) for pk in sorted(self.target_wijk_ids())) if g is not None]
                self._geom = unary_union(geoms) if len(geoms) > 1 else (geoms[0] if geoms else None)
            elif self.lat is not None and self.lon is not None and self.radius_m:
                self._geom = circle_polygon(self.lat, self.lon, self.radius_m)
        return self._geom

    def contains(self, lat: float, lon: float) -> bool:
        """Exact membership (boundary counts as inside)."""
        if self.kind == "circle":
            assert self.lat is not None and self.lon is not None and self.radius_m is not None
            return haversine_m(self.lat, self.lon, lat, lon) <= self.radius_m
        if self.kind == "wijk":
            municipality_id = self._municipality_id()
            return municipality_id is not None and wijk_id_at(
                lat=lat, lon=lon, municipality_id=municipality_id) in self.target_wijk_ids()
        geom = self.geometry()
        return bool(geom is not None and geom.intersects(Point(lon, lat)))

    def bbox(self) -> tuple[float, float, float, float]:
        """(min_lat, max_lat, min_lon, max_lon) containing the whole area."""
        if self.kind == "circle":
            assert self.lat is not None and self.lon is not None and self.radius_m is not None
            return bounding_box(self.lat, self.lon, self.radius_m)
        geom = self.geometry()
        assert geom is not None
        min_lon, min_lat, max_lon, max_lat = geom.bounds
        eps = GAP_TOLERANCE_DEG if self.kind == "wijk" else 1e-9  # points in a gap next to the wijk
        return min_lat - eps, max_lat + eps, min_lon - eps, max_lon + eps

    def intersects(self, geom: BaseGeometry | None) -> bool:
        """Overlap with the area; merely sharing a border (neighbouring wijken) does not count."""
        area = self.geometry()
        return bool(geom is not None and area is not None and area.intersects(geom) and not area.touches(geom))

    def overlaps_wijk(self, wijk_id: int) -> bool:
        """A wijk area: the wijk is one of its wijken. A circle or polygon: it overlaps the part
        that surely is this wijk (slivers shared with neighbouring outlines do not count)."""
        if self.kind == "wijk":
            return wijk_id in self.target_wijk_ids()
        return self.intersects(wijk_core(wijk_id))

    def wijk_ids(self, *, municipality_id: int) -> list[int]:
        """Wijken the area covers (the scope used for wijk-bound professionals)."""
        if self.kind == "wijk" and self.wijk_id:
            return sorted(self.target_wijk_ids())
        shapes = wijk_shapes(municipality_id=municipality_id)
        return (sorted(pk for pk in shapes if self.overlaps_wijk(pk))
                or sorted(pk for pk, (_mid, geom) in shapes.items() if self.intersects(geom)))  # only a sliver

    def as_geojson(self) -> dict[str, Any] | None:
        geom = self.geometry()
        return geom.__geo_interface__ if geom is not None else None  # type: ignore[no-any-return]


def _columns(queries: Any, width: int) -> tuple[Any, ...]:
    """The rows of values_list queries (one, or several joined by UNION ALL: one round trip) as
    `width` columns, straight from the driver.

    The ORM builds the SQL; the rows skip the per-row Python of the queryset iterator (tens of
    thousands of rows in a city-centre circle). PostgreSQL sends them as arrays (one row),
    SQLite's fetchall is C already."""
    queries = queries if isinstance(queries, list) else [queries]
    connection = connections[queries[0].db]
    parts = [q.query.sql_with_params() for q in queries]
    params = [p for _sql, ps in parts for p in ps]
    empty: tuple[Any, ...] = tuple([] for _ in range(width))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            union = " UNION ALL ".join(f"({sql})" for sql, _ps in parts)
            cursor.execute(
                "SELECT " + ", ".join(f"array_agg(c{i})" for i in range(width))  # noqa: S608 - ORM SQL
                + f" FROM ({union}) AS box(" + ", ".join(f"c{i}" for i in range(width)) + ")", params)
            row = cursor.fetchone()
            return tuple(row) if row and row[0] else empty
        cursor.execute(" UNION ALL ".join(sql for sql, _ps in parts), params)
        rows = cursor.fetchall()
    return tuple(zip(*rows, strict=True)) if rows else empty


# --- Homes in a circle (what an alert to residents reads; ADR 0019) --------------------------------
#
# The box is read from the strip index `alert_home_cell` (lon_cell, lat, lon, user, municipality):
# one index range per ~3.4 km strip, index-only, never a latitude band across the country. What
# costs at population density (a city-centre 5 km circle holds 40,000-60,000 homes) is not the
# scan but moving one row per home into Python, so neither engine does that any more:
# - PostgreSQL aggregates the box into one binary string of (user, lat, lon) records
#   (`string_agg` of `int8send || float8send || float8send`, one row, binary protocol) that numpy
#   reads without a Python object per home; the exact check is `core.geo.within_radius_mask`.
# - SQLite has no cheap exact way to send a float as text, so it does the check itself (its
#   math functions: the haversine term `a`) and sends only the user ids, as one comma-separated
#   string. Homes whose `a` lies within a rounding margin of the threshold are sent separately
#   and decided by `core.geo.haversine_m`, so the answer is exactly the scalar check's.

HOME_INDEX = "alert_home_cell"
_HALF_RAD = math.pi / 360.0  # degrees -> half the angle in radians
_RAD = math.pi / 180.0


def _home_table() -> str:
    return HomeLocation._meta.db_table


def _box_where(area: AlertArea) -> tuple[str, list[Any]]:
    """WHERE clause (and params) for the area's bounding box on the strip index."""
    min_lat, max_lat, min_lon, max_lon = area.bbox()
    cells = list(range(lon_cell(min_lon), lon_cell(max_lon) + 1))
    sql = (f"lon_cell IN ({', '.join(['%s'] * len(cells))}) "
           "AND lat >= %s AND lat <= %s AND lon >= %s AND lon <= %s")
    return sql, [*cells, min_lat, max_lat, min_lon, max_lon]


_HOME_RECORD = [("user", ">i8"), ("lat", ">f8"), ("lon", ">f8")]  # int8send || float8send || float8send


def _binary_records(connection: Any, sql: str, params: list[Any], dtype: list[tuple[str, str]]) -> Any:
    """The one `bytea` value `sql` selects (an aggregate of fixed-size binary records), read over
    the binary protocol as a numpy record array: no Python object, no float printed and parsed
    again, per row."""
    import numpy as np
    import psycopg

    connection.ensure_connection()
    raw = psycopg.Cursor(connection.connection)
    raw.format = psycopg.pq.Format.BINARY
    cursor = connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)
    with cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return np.frombuffer(row[0] if row and row[0] is not None else b"", dtype=dtype)


def _box_arrays_postgresql(connection: Any, area: AlertArea, municipality_id: int | None) -> tuple[Any, Any, Any]:
    """(user, lat, lon) numpy arrays of the municipality's homes in the area's box: one binary
    string of 24-byte records over the binary protocol, no Python object per home. The
    municipality is an aggregate FILTER, so the strip index stays the only access path."""
    import numpy as np

    where, params = _box_where(area)
    only = ""
    if municipality_id is not None:
        only = " FILTER (WHERE municipality_id = %s)"
        params = [municipality_id, *params]
    sql = (f"SELECT string_agg(int8send(user_id) || float8send(lat) || float8send(lon), ''){only} "  # noqa: S608
           f"FROM {_home_table()} WHERE {where}")
    records = _binary_records(connection, sql, params, _HOME_RECORD)
    return records["user"].astype(np.int64), records["lat"].astype(float), records["lon"].astype(float)


@cache
def _sqlite_has_math() -> bool:
    """The sqlite3 library has its math functions (sin, cos, power; the default since 3.35).
    Asked of a scratch in-memory database, so it never counts as one of the page's queries."""
    import sqlite3

    try:
        sqlite3.connect(":memory:").execute("SELECT power(sin(0.5), 2) * cos(0.5)").close()
    except sqlite3.OperationalError:  # no such function
        return False
    return True


def _circle_ids_sqlite(connection: Any, area: AlertArea, municipality_id: int | None) -> list[int]:
    """User ids of the homes in a circle, decided in SQLite (see the comment above).

    `a` = sin²(dlat/2) + cos(lat0)·cos(lat)·sin²(dlon/2), the haversine term of `haversine_m`;
    a home is inside when a <= sin²(r / 2R). SQLite computes `a` with the same libm functions but
    in another order of operations, so a home within `margin` of the threshold (relative 1e-8,
    plus an absolute term for the rounding of the angle differences: micrometres) is decided by
    `haversine_m` itself."""
    import numpy as np

    assert area.lat is not None and area.lon is not None and area.radius_m is not None
    clat, clon, radius = area.lat, area.lon, area.radius_m
    threshold = math.sin(radius / (2 * EARTH_RADIUS_M)) ** 2
    margin = threshold * 1e-8 + 1e-15 * math.sqrt(threshold)
    where, params = _box_where(area)
    if municipality_id is not None:
        where += " AND +municipality_id = %s"  # unary +: a filter on the index entry, never an access path
        params.append(municipality_id)
    sql = (
        "SELECT group_concat(CASE WHEN a <= %s THEN user_id END), "  # noqa: S608
        "group_concat(CASE WHEN a > %s AND a <= %s THEN user_id END) FROM ("
        "SELECT user_id, power(sin((lat - %s) * %s), 2) + %s * cos(lat * %s) * power(sin((lon - %s) * %s), 2) AS a "
        f"FROM {_home_table()} INDEXED BY {HOME_INDEX} WHERE {where} LIMIT -1)"  # LIMIT: `a` computed once
    )
    low, high = threshold - margin, threshold + margin
    with connection.cursor() as cursor:
        cursor.execute(sql, [low, low, high, clat, _HALF_RAD, math.cos(math.radians(clat)), _RAD, clon, _HALF_RAD,
                             *params])
        inside, edge = cursor.fetchone()
        found: list[int] = np.fromstring(inside, dtype=np.int64, sep=",").tolist() if inside else []
        if edge:
            edge_ids = [int(x) for x in edge.split(",")]
            cursor.execute(f"SELECT user_id, lat, lon FROM {_home_table()} WHERE user_id IN "  # noqa: S608
                           f"({', '.join(['%s'] * len(edge_ids))})", edge_ids)
            found += [u for u, la, lo in cursor.fetchall() if haversine_m(clat, clon, la, lo) <= radius]
    return found


def _box_arrays(connection: Any, area: AlertArea, municipality_id: int | None) -> tuple[Any, Any, Any]:
    """(user, lat, lon) numpy arrays of the municipality's (or all) homes in the area's box."""
    import numpy as np

    if connection.vendor == "postgresql":
        return _box_arrays_postgresql(connection, area, municipality_id)
    where, params = _box_where(area)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT user_id, lat, lon, municipality_id FROM {_home_table()} WHERE {where}",  # noqa: S608
                       params)
        rows = cursor.fetchall()
    # float64 holds every id below 2**53 exactly
    table = np.fromiter(chain.from_iterable(rows), dtype=float, count=4 * len(rows)).reshape(-1, 4)
    if municipality_id is not None:
        table = table[table[:, 3] == municipality_id]
    return table[:, 0].astype(np.int64), table[:, 1], table[:, 2]


def _circle_mask(area: AlertArea, lats: Any, lons: Any) -> Any:
    assert area.lat is not None and area.lon is not None and area.radius_m is not None
    return within_radius_mask(area.lat, area.lon, area.radius_m, lats, lons)


def home_user_ids_within(area: AlertArea, *, municipality_id: int | None = None) -> list[int]:
    """User ids of opted-in home locations inside the area: what an alert to residents reads.

    A circle never brings one Python row per home: PostgreSQL sends the box as binary records
    checked with numpy, SQLite checks the distance itself and sends the ids (see above). The cost
    is proportional to the homes in the box (index-only scan over ~3.4 km strips), not to the
    table. Wijk and polygon areas go through `home_locations_within`."""
    connection = connections[HomeLocation.objects.db]
    if area.kind != "circle":
        return [u for u, _la, _lo in home_locations_within(area, municipality_id=municipality_id)]
    if connection.vendor == "sqlite" and _sqlite_has_math():
        return _circle_ids_sqlite(connection, area, municipality_id)
    users, lats, lons = _box_arrays(connection, area, municipality_id)
    result: list[int] = users[_circle_mask(area, lats, lons)].tolist()
    return result


def home_locations_within(area: AlertArea, *, municipality_id: int | None = None) -> list[tuple[int, float, float]]:
    """(user_id, lat, lon) of opted-in home locations inside the area.

    A circle: the box from the strip index as arrays (`_box_arrays`), the exact haversine check
    vectorised (`core.geo.within_radius_mask`, edge cases decided by `haversine_m`). A wijk or
    polygon: the box's rows, each checked with `AlertArea.contains`. The municipality never
    decides the access path (an aggregate FILTER on PostgreSQL, else a filter after the fetch), so
    the index range scan stays the only one. Alerts only need the ids: `home_user_ids_within`.
    """
    if area.kind == "circle":
        users, lats, lons = _box_arrays(connections[HomeLocation.objects.db], area, municipality_id)
        mask = _circle_mask(area, lats, lons)
        return list(zip(users[mask].tolist(), lats[mask].tolist(), lons[mask].tolist(), strict=True))
    min_lat, max_lat, min_lon, max_lon = area.bbox()
    cells = list(range(lon_cell(min_lon), lon_cell(max_lon) + 1))
    query = HomeLocation.objects.filter(
        lon_cell__in=cells, lat__gte=min_lat, lat__lte=max_lat, lon__gte=min_lon, lon__lte=max_lon
    ).values_list("user_id", "lat", "lon", "municipality_id").order_by()
    users, lats, lons, munis = _columns(query, 4)
    return [(u, la, lo) for u, la, lo, m in zip(users, lats, lons, munis, strict=True)
            if (municipality_id is None or m == municipality_id) and area.contains(la, lo)]


MAX_SUBSCRIPTION_RADIUS_M = 2000


def subscribers_within(area: AlertArea, *, municipality_id: int) -> list[int]:
    """Users whose alert subscription (a point with a radius) the area reaches.

    A wijk area reaches a subscription whose centre lies in the wijk (containment, like homes:
    never the neighbouring wijk); a circle or polygon reaches it when it overlaps the
    subscription's circle."""
    from shapely import affinity

    from .models import SUBSCRIPTION_RADII, AlertSubscription

    found: set[int] = set()
    queries = []
    for radius, _label in SUBSCRIPTION_RADII:
        # Per radius (a handful of fixed ones): only the box this radius can reach from the area,
        # so the candidates are about the subscriptions found, not every one within 2 km more.
        min_lat, max_lat, min_lon, max_lon = area.bbox()
        if area.kind != "wijk":
            dlat = math.degrees(radius * 1.0001 / EARTH_RADIUS_M)
            dlon = dlat / max(0.1, math.cos(math.radians(max(abs(min_lat), abs(max_lat)))))
            min_lat, max_lat, min_lon, max_lon = min_lat - dlat, max_lat + dlat, min_lon - dlon, max_lon + dlon
        queries.append(AlertSubscription.objects.filter(
            radius_m=radius, lon_cell__in=list(range(lon_cell(min_lon), lon_cell(max_lon) + 1)),
            lat__gte=min_lat, lat__lte=max_lat, lon__gte=min_lon, lon__lte=max_lon,
        ).values_list("user_id", "lat", "lon", "municipality_id", "radius_m").order_by())
    user_arr, lat_arr, lon_arr, radius_arr, mine = _subscription_arrays(queries, municipality_id)
    rows: list[tuple[int, float, float, int]] = []
    if len(user_arr):
        for radius, _label in SUBSCRIPTION_RADII:
            chosen = mine & (radius_arr == radius)
            if area.kind == "circle":
                assert area.lat is not None and area.lon is not None and area.radius_m is not None
                # Reached when the circles overlap: centre distance <= alert radius + own radius.
                chosen &= within_radius_mask(area.lat, area.lon, area.radius_m + radius, lat_arr, lon_arr)
                found.update(user_arr[chosen].tolist())
            else:
                rows += [(u, la, lo, radius) for u, la, lo in zip(
                    user_arr[chosen].tolist(), lat_arr[chosen].tolist(), lon_arr[chosen].tolist(), strict=True)]
    if area.kind == "circle":
        return sorted(found)
    geom = area.geometry()
    for user_id, lat, lon, radius in rows:
        if area.contains(lat, lon):
            found.add(user_id)
        elif area.kind == "polygon" and geom is not None:
            # Distance in metres in a local equirectangular frame around the subscription.
            scale = math.cos(math.radians(lat))
            local = affinity.scale(geom, xfact=scale, yfact=1.0, origin=(0, 0))
            metres = local.distance(Point(lon * scale, lat)) * math.radians(1) * EARTH_RADIUS_M
            if metres <= radius:
                found.add(user_id)
    return sorted(found)


_SUBSCRIPTION_RECORD = [("user", ">i8"), ("lat", ">f8"), ("lon", ">f8"), ("radius", ">i4")]


def _subscription_arrays(queries: list[Any], municipality_id: int) -> tuple[Any, Any, Any, Any, Any]:
    """(user, lat, lon, radius, in-the-municipality mask) numpy arrays of the per-radius box
    queries, in one round trip. PostgreSQL sends the municipality's rows as one binary string of
    28-byte records (as the homes: a city-centre alert reads ~10,000 subscriptions, whose text
    arrays cost more to print and parse than the scan); elsewhere the columns come as `_columns`."""
    import numpy as np

    connection = connections[queries[0].db]
    if connection.vendor == "postgresql":
        parts = [q.query.sql_with_params() for q in queries]
        union = " UNION ALL ".join(f"({sql})" for sql, _ps in parts)
        sql = ("SELECT string_agg(int8send(c0::bigint) || float8send(c1::float8) || float8send(c2::float8) "  # noqa: S608
               f"|| int4send(c4::integer), '') FILTER (WHERE c3 = %s) FROM ({union}) AS box(c0, c1, c2, c3, c4)")
        records = _binary_records(connection, sql, [municipality_id, *(p for _sql, ps in parts for p in ps)],
                                  _SUBSCRIPTION_RECORD)
        users = records["user"].astype(np.int64)
        return (users, records["lat"].astype(float), records["lon"].astype(float),
                records["radius"].astype(np.int64), np.ones(len(users), dtype=bool))
    users, lats, lons, munis, radii = _columns(queries, 5)
    return (np.asarray(users, dtype=np.int64), np.asarray(lats, dtype=float), np.asarray(lons, dtype=float),
            np.asarray(radii, dtype=np.int64), np.asarray(munis) == municipality_id)


@dataclass(slots=True)
class Target:
    user_id: int
    reason: str  # a `RecipientReason` value as a plain str (hashed and grouped in C, 10,000 at a time)
    initiative_id: int | None = None
    round_id: int | None = None


@dataclass
class TargetResult:
    """Who an alert reaches: walkers and coordinators as `Target`s (with their team and round), and
    residents as bare user ids (`resident_ids`: thousands in a city centre, no team or round, so no
    object per person while the sender waits)."""

    named: list[Target]
    rounds: list[Round]
    teams: list[dict[str, Any]]  # {"initiative": Initiative, "walkers": n, "round": Round | None}
    resident_ids: list[int] = field(default_factory=list)
    coordinators: int = 0

    @property
    def people(self) -> int:
        return len(self.named) + len(self.resident_ids)

    @property
    def residents(self) -> int:
        return len(self.resident_ids)

    @property
    def user_ids(self) -> list[int]:
        """Everyone reached, each once."""
        return [t.user_id for t in self.named] + self.resident_ids

    @property
    def targets(self) -> list[Target]:
        """Everyone reached as a `Target` (residents too): for reading, not for the hot path."""
        resident = RecipientReason.RESIDENT.value
        return self.named + [Target(user_id, resident) for user_id in self.resident_ids]


def _last_positions(round_ids: list[int]) -> dict[int, list[tuple[float, float]]]:
    """Latest position per walker per round."""
    latest: dict[tuple[int, int], tuple[Any, float, float]] = {}
    rows = Position.objects.filter(round_id__in=round_ids).values_list(
        "round_id", "user_id", "recorded_at", "lat", "lon")
    for round_id, user_id, at, lat, lon in rows:
        key = (round_id, user_id)
        if key not in latest or at > latest[key][0]:
            latest[key] = (at, lat, lon)
    result: dict[int, list[tuple[float, float]]] = {}
    for (round_id, _user), (_at, lat, lon) in latest.items():
        result.setdefault(round_id, []).append((lat, lon))
    return result


def round_in_area(rnd: Round, area: AlertArea, positions: list[tuple[float, float]]) -> bool:
    """A running round is in the area when a walker's last shared position is in it; without
    shared positions, when its planned route or (failing that) its wijk overlaps the area. For a
    wijk area, a round without positions counts by its planned wijk (or its team's wijken)."""
    if positions:
        return any(area.contains(lat, lon) for lat, lon in positions)
    wijk_ids = [rnd.wijk_id] if rnd.wijk_id else [w.pk for w in rnd.initiative.wijken.all()]
    if area.kind == "wijk":
        return any(pk in area.target_wijk_ids() for pk in wijk_ids)
    if rnd.planned_route:
        try:
            if area.intersects(shape(rnd.planned_route.get("geometry", rnd.planned_route))):
                return True
        except (ValueError, TypeError, AttributeError, KeyError):
            pass
    return any(area.overlaps_wijk(pk) for pk in wijk_ids)


def running_rounds(*, municipality_id: int) -> list[Round]:
    """Running rounds with what targeting reads of them: the planned route and wijk id, the team's
    name and wijk ids. Not the wijk outlines (GeoJSON, kilobytes each, parsed per row: they were
    most of this query's cost while the sender waited) nor the team's drawn area: a wijk is
    compared by id (`wijk_core`, cached per process)."""
    return list(
        Round.objects.filter(status=RoundStatus.RUNNING, initiative__municipality_id=municipality_id)
        .select_related("initiative")
        .only("pk", "initiative_id", "wijk_id", "planned_route", "status",
              "initiative__id", "initiative__name", "initiative__municipality_id")
        .prefetch_related(Prefetch("initiative__wijken", queryset=Wijk.objects.only("pk")))
    )


def initiative_in_area(initiative: Initiative, area: AlertArea) -> bool:
    """A wijk area reaches an initiative by its own wijk(en) (without one: by the centre of its
    drawn area); circles and polygons by overlap."""
    wijk_ids = [w.pk for w in initiative.wijken.all()]
    geometry: BaseGeometry | None = None
    if initiative.area_geometry:
        try:
            geometry = shape(initiative.area_geometry.get("geometry", initiative.area_geometry))
        except (ValueError, TypeError, AttributeError, KeyError):
            geometry = None
    if area.kind == "wijk":
        if wijk_ids:
            return any(pk in area.target_wijk_ids() for pk in wijk_ids)
        if geometry is None or geometry.is_empty:
            return False
        centre = geometry.representative_point()
        return area.contains(centre.y, centre.x)
    if geometry is not None and area.intersects(geometry):
        return True
    return any(area.overlaps_wijk(pk) for pk in wijk_ids)


def select_targets(
    *, municipality_id: int, area: AlertArea, include_coordinators: bool = False, include_residents: bool = False
) -> TargetResult:
    """Everyone an alert in `area` would reach now, each once (patrol > coordinator > resident)."""
    targets: dict[int, Target] = {}
    rounds = running_rounds(municipality_id=municipality_id)
    positions = _last_positions([r.pk for r in rounds])
    in_area = [r for r in rounds if round_in_area(r, area, positions.get(r.pk, []))]
    teams: dict[int, dict[str, Any]] = {}
    participants = RoundParticipant.objects.filter(
        round__in=in_area, cancelled_at__isnull=True
    ).values_list("round_id", "user_id")
    by_round = {r.pk: r for r in in_area}
    for r in in_area:
        teams.setdefault(r.initiative_id, {"initiative": r.initiative, "walkers": 0, "rounds": [], "others": 0})
        teams[r.initiative_id]["rounds"].append(r)
    patrol = RecipientReason.PATROL.value
    for round_id, user_id in participants:
        rnd = by_round[round_id]
        if user_id not in targets:
            targets[user_id] = Target(user_id, patrol, rnd.initiative_id, round_id)
            teams[rnd.initiative_id]["walkers"] += 1
    coordinators = 0
    if include_coordinators:
        initiatives = Initiative.objects.filter(municipality_id=municipality_id).prefetch_related("wijken")
        for initiative in initiatives:
            if not initiative_in_area(initiative, area):
                continue
            for user_id in Membership.objects.leads().filter(
                initiative=initiative
            ).values_list("user_id", flat=True):
                if user_id not in targets:
                    targets[user_id] = Target(user_id, RecipientReason.COORDINATOR.value, initiative.pk)
                    coordinators += 1
                    entry = teams.setdefault(initiative.pk, {"initiative": initiative, "walkers": 0, "rounds": [],
                                                             "others": 0})
                    entry["others"] += 1
    resident_ids: list[int] = []
    if include_residents:
        found = home_user_ids_within(area, municipality_id=municipality_id)
        found += subscribers_within(area, municipality_id=municipality_id)
        # Each once, in the order found, and not again when already reached as walker or coordinator.
        resident_ids = [user_id for user_id in dict.fromkeys(found) if user_id not in targets]
    team_list = sorted(teams.values(), key=lambda t: str(t["initiative"].name))
    return TargetResult(list(targets.values()), in_area, team_list, resident_ids=resident_ids,
                        coordinators=coordinators)

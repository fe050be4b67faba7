"""Targeting at realistic density: every path (PostgreSQL's binary arrays, SQLite's own distance
check, the row fallback) gives exactly the scalar answer of `core.geo.haversine_m`."""

from __future__ import annotations

import math
import random
from typing import Any

import pytest

from buurtpreventie.accounts.models import User
from buurtpreventie.alerts import targeting
from buurtpreventie.alerts.models import LON_CELL_DEGREES, HomeLocation, lon_cell
from buurtpreventie.alerts.targeting import AlertArea, home_locations_within, home_user_ids_within
from buurtpreventie.core.geo import EARTH_RADIUS_M, haversine_m, within_radius_mask
from buurtpreventie.testing.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db
CENTRE = (51.8475, 5.8625)


def _point_at(distance_m: float, bearing: float, centre: tuple[float, float] = CENTRE) -> tuple[float, float]:
    d = distance_m / EARTH_RADIUS_M
    p1, l1 = math.radians(centre[0]), math.radians(centre[1])
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(bearing))
    l2 = l1 + math.atan2(math.sin(bearing) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return math.degrees(p2), math.degrees(l2)


def _homes(points: list[tuple[float, float]], municipality: Any, other: Any = None) -> None:
    start = User.objects.count()
    users = User.objects.bulk_create([User(username=f"home{start + i}", password="!") for i in range(len(points))])
    HomeLocation.objects.bulk_create([
        HomeLocation(user=u, municipality=other if other is not None and i % 10 == 0 else municipality,
                     lat=la, lon=lo, lon_cell=lon_cell(lo))
        for i, (u, (la, lo)) in enumerate(zip(users, points, strict=True))])


def _brute(centre: tuple[float, float], radius: float, municipality_id: int | None) -> set[int]:
    return {u for u, la, lo, m in HomeLocation.objects.values_list("user_id", "lat", "lon", "municipality_id")
            if (municipality_id is None or m == municipality_id) and haversine_m(*centre, la, lo) <= radius}


def _assert_exact(area: AlertArea, municipality_id: int | None) -> set[int]:
    assert area.lat is not None and area.lon is not None and area.radius_m is not None
    brute = _brute((area.lat, area.lon), area.radius_m, municipality_id)
    ids = home_user_ids_within(area, municipality_id=municipality_id)
    assert len(ids) == len(set(ids))  # each home once
    assert set(ids) == brute
    located = home_locations_within(area, municipality_id=municipality_id)
    assert {u for u, _la, _lo in located} == brute
    stored = {u: (la, lo) for u, la, lo in HomeLocation.objects.values_list("user_id", "lat", "lon")}
    assert all(stored[u] == (la, lo) for u, la, lo in located)  # the stored floats, bit for bit
    assert all(isinstance(u, int) for u in ids)
    return brute


@pytest.fixture(params=["engine", "rows"])
def path(request: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """'engine': the engine's own fast path; 'rows': SQLite without its math functions."""
    if request.param == "rows":
        monkeypatch.setattr(targeting, "_sqlite_has_math", lambda: False)
    return str(request.param)


def test_dense_circle_matches_brute_force_including_the_edge(municipality, path):
    other = MunicipalityFactory(code="GM0202", name="Arnhem", slug="arnhem")
    rng = random.Random(11)
    radius = 2000.0
    points = [_point_at(rng.uniform(0, 2600), rng.uniform(0, 2 * math.pi)) for _ in range(1500)]
    # Homes exactly on the edge and a hair beyond it.
    points += [_point_at(radius, rng.uniform(0, 2 * math.pi)) for _ in range(50)]
    points += [_point_at(radius + 0.01, rng.uniform(0, 2 * math.pi)) for _ in range(50)]
    _homes(points, municipality, other)
    area = AlertArea(lat=CENTRE[0], lon=CENTRE[1], radius_m=radius)
    for municipality_id in (None, municipality.pk, other.pk):
        assert len(_assert_exact(area, municipality_id)) > 50


def test_home_exactly_on_the_boundary_is_inside_and_one_ulp_beyond_is_not(municipality, path):
    rng = random.Random(3)
    on_edge = _point_at(1234.5, rng.uniform(0, 2 * math.pi))
    radius = haversine_m(*CENTRE, *on_edge)  # this home is at exactly the radius
    beyond = on_edge
    while haversine_m(*CENTRE, *beyond) <= radius:  # the nearest representable home just outside
        beyond = (math.nextafter(beyond[0], 90.0 if beyond[0] > CENTRE[0] else -90.0), beyond[1])
    assert haversine_m(*CENTRE, *beyond) - radius < 1e-6
    _homes([on_edge, beyond, CENTRE], municipality)
    found = _assert_exact(AlertArea(lat=CENTRE[0], lon=CENTRE[1], radius_m=radius), municipality.pk)
    assert len(found) == 2  # the centre and the home on the edge


def test_near_zero_radius(municipality, path):
    points = [CENTRE, _point_at(0.004, 1.0), _point_at(0.006, 2.0), _point_at(0.02, 3.0), _point_at(5, 4.0)]
    _homes(points, municipality)
    found = _assert_exact(AlertArea(lat=CENTRE[0], lon=CENTRE[1], radius_m=0.005), None)
    assert len(found) == 2  # the home at the centre and the one 4 mm away


def test_circle_across_strip_boundaries(municipality, path):
    """Centre on a strip boundary: the circle reads several strips, and homes on both sides of
    each boundary (and exactly on one) are found once each."""
    boundary = round(CENTRE[1] / LON_CELL_DEGREES) * LON_CELL_DEGREES
    centre = (CENTRE[0], boundary)
    rng = random.Random(5)
    points = [_point_at(rng.uniform(0, 5200), rng.uniform(0, 2 * math.pi), centre) for _ in range(1200)]
    points += [(centre[0] + rng.uniform(-0.04, 0.04), boundary + k * LON_CELL_DEGREES + d)
               for k in (-1, 0, 1) for d in (-1e-12, 0.0, 1e-12) for _ in range(10)]
    _homes(points, municipality)
    area = AlertArea(lat=centre[0], lon=centre[1], radius_m=5000)
    min_lat, max_lat, min_lon, max_lon = area.bbox()
    assert lon_cell(max_lon) - lon_cell(min_lon) >= 3
    assert len(_assert_exact(area, municipality.pk)) > 900


def test_empty_circle_and_other_municipality(municipality, other_municipality, path):
    _homes([_point_at(3000, 0.5)], municipality)
    assert home_user_ids_within(AlertArea(lat=CENTRE[0], lon=CENTRE[1], radius_m=100)) == []
    assert home_locations_within(AlertArea(lat=CENTRE[0], lon=CENTRE[1], radius_m=100)) == []
    area = AlertArea(lat=CENTRE[0], lon=CENTRE[1], radius_m=5000)
    assert home_user_ids_within(area, municipality_id=other_municipality.pk) == []
    assert len(home_user_ids_within(area, municipality_id=municipality.pk)) == 1


def test_mask_agrees_with_the_scalar_check_at_the_boundary():
    rng = random.Random(5)
    radius = 5000.0
    pts = [_point_at(radius + rng.uniform(-0.002, 0.002), rng.uniform(0, 2 * math.pi)) for _ in range(2000)]
    mask = within_radius_mask(CENTRE[0], CENTRE[1], radius, [p[0] for p in pts], [p[1] for p in pts])
    assert mask.tolist() == [haversine_m(CENTRE[0], CENTRE[1], la, lo) <= radius for la, lo in pts]

"""Targeting at realistic density: the vectorised refine gives exactly the scalar answer."""

from __future__ import annotations

import math
import random

import pytest

from buurtpreventie.accounts.models import User
from buurtpreventie.alerts.models import HomeLocation, lon_cell
from buurtpreventie.alerts.targeting import VECTOR_REFINE_FROM, AlertArea, home_locations_within
from buurtpreventie.core.geo import EARTH_RADIUS_M, haversine_m, within_radius_mask
from buurtpreventie.testing.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db
CENTRE = (51.8475, 5.8625)


def _point_at(distance_m: float, bearing: float) -> tuple[float, float]:
    d = distance_m / EARTH_RADIUS_M
    p1, l1 = math.radians(CENTRE[0]), math.radians(CENTRE[1])
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(bearing))
    l2 = l1 + math.atan2(math.sin(bearing) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return math.degrees(p2), math.degrees(l2)


def test_dense_circle_matches_brute_force_including_the_edge(municipality):
    other = MunicipalityFactory(code="GM0202", name="Arnhem", slug="arnhem")
    rng = random.Random(11)
    radius = 2000.0
    points = [_point_at(rng.uniform(0, 2600), rng.uniform(0, 2 * math.pi)) for _ in range(1500)]
    # Homes exactly on the edge and a hair beyond it.
    points += [_point_at(radius, rng.uniform(0, 2 * math.pi)) for _ in range(50)]
    points += [_point_at(radius + 0.01, rng.uniform(0, 2 * math.pi)) for _ in range(50)]
    users = User.objects.bulk_create([User(username=f"dense{i}", password="!") for i in range(len(points))])
    HomeLocation.objects.bulk_create([
        HomeLocation(user=u, municipality=other if i % 10 == 0 else municipality, lat=la, lon=lo, lon_cell=lon_cell(lo))
        for i, (u, (la, lo)) in enumerate(zip(users, points, strict=True))])
    area = AlertArea(lat=CENTRE[0], lon=CENTRE[1], radius_m=radius)
    homes = list(HomeLocation.objects.values_list("user_id", "lat", "lon", "municipality_id"))
    for municipality_id in (None, municipality.pk):
        found = home_locations_within(area, municipality_id=municipality_id)
        brute = {u for u, la, lo, m in homes if (municipality_id is None or m == municipality_id)
                 and haversine_m(CENTRE[0], CENTRE[1], la, lo) <= radius}
        assert len(found) >= VECTOR_REFINE_FROM  # the vectorised path ran
        assert {u for u, _la, _lo in found} == brute
        assert all(isinstance(u, int) and isinstance(la, float) for u, la, _lo in found)


def test_mask_agrees_with_the_scalar_check_at_the_boundary():
    rng = random.Random(5)
    radius = 5000.0
    pts = [_point_at(radius + rng.uniform(-0.002, 0.002), rng.uniform(0, 2 * math.pi)) for _ in range(2000)]
    mask = within_radius_mask(CENTRE[0], CENTRE[1], radius, [p[0] for p in pts], [p[1] for p in pts])
    assert mask.tolist() == [haversine_m(CENTRE[0], CENTRE[1], la, lo) <= radius for la, lo in pts]

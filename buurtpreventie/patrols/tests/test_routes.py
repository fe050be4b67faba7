"""Route derivation on the real Nijmegen centre streets (NWB)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from shapely.geometry import shape

from buurtpreventie.areas.models import Street
from buurtpreventie.patrols import services
from buurtpreventie.patrols.models import Position, RoundStatus
from buurtpreventie.patrols.routes import derive_route
from buurtpreventie.testing.factories import RoundFactory

pytestmark = pytest.mark.django_db


def _walk(street: Street, n: int = 5, jitter: float = 0.0) -> list[tuple[float, float]]:
    """Points along the longest part of a street that no other street overlaps (NWB has overlaps)."""
    geom = shape(street.geometry)
    others = [shape(s.geometry) for s in Street.objects.exclude(pk=street.pk)]

    def unshared(part) -> bool:
        middle = part.interpolate(0.5, normalized=True)
        return all(o.distance(middle) > 0.0001 for o in others)  # ~7 m

    parts = [g for g in getattr(geom, "geoms", [geom]) if unshared(g)] or list(getattr(geom, "geoms", [geom]))
    line = max(parts, key=lambda g: g.length)
    points = []
    for i in range(n):
        p = line.interpolate(0.15 + 0.7 * i / (n - 1), normalized=True)
        points.append((p.y + jitter, p.x))
    return points


def test_derive_route_from_positions_on_nijmegen_streets(nijmegen_streets):
    names = ["Broerstraat", "Grote Markt", "Houtstraat"]
    streets = {s.name: s for s in Street.objects.filter(name__in=names)}
    assert len(streets) == 3, "the Nijmegen centre streets must be imported"
    points = _walk(streets["Broerstraat"]) + _walk(streets["Grote Markt"]) + _walk(streets["Houtstraat"])
    all_streets = [(s.name, s.geometry) for s in nijmegen_streets]
    assert derive_route(points, all_streets) == names


def test_noise_far_from_streets_and_single_blips_are_ignored(nijmegen_streets):
    streets = {s.name: s for s in Street.objects.filter(name__in=["Broerstraat", "Grote Markt", "Ziekerstraat"])}
    all_streets = [(s.name, s.geometry) for s in nijmegen_streets]
    far_away = [(51.80, 5.80)]  # kilometres outside the centre
    blip = _walk(streets["Ziekerstraat"], n=3)[1:2]
    points = _walk(streets["Broerstraat"]) + far_away + blip + _walk(streets["Grote Markt"])
    assert derive_route(points, all_streets) == ["Broerstraat", "Grote Markt"]
    assert derive_route([], all_streets) == []


def test_walking_back_keeps_order(nijmegen_streets):
    streets = {s.name: s for s in Street.objects.filter(name__in=["Broerstraat", "Grote Markt"])}
    all_streets = [(s.name, s.geometry) for s in nijmegen_streets]
    b, g = _walk(streets["Broerstraat"]), _walk(streets["Grote Markt"])
    assert derive_route(b + g + list(reversed(b)), all_streets) == ["Broerstraat", "Grote Markt", "Broerstraat"]


def test_report_form_prefills_derived_route_and_api(member, team, wijk, nijmegen_streets, client_for):
    start = timezone.now() - timedelta(hours=2)
    round = RoundFactory(initiative=team, wijk=wijk, status=RoundStatus.ENDED, planned_start=start,
                         planned_end=start + timedelta(hours=1), started_at=start, ended_at=start + timedelta(hours=1))
    streets = {s.name: s for s in Street.objects.filter(name__in=["Grote Markt", "Broerstraat"])}
    for i, (lat, lon) in enumerate(_walk(streets["Grote Markt"]) + _walk(streets["Broerstraat"])):
        Position.objects.create(round=round, user=member, lat=lat, lon=lon, recorded_at=start + timedelta(minutes=i))
    assert services.route_derive_for_round(actor=member, round=round) == ["Grote Markt", "Broerstraat"]
    client = client_for(member)
    assert client.get(f"/api/patrols/rounds/{round.pk}/derived-route").json() == {
        "streets": ["Grote Markt", "Broerstraat"]}
    page = client.get(f"/rondes/{round.pk}/verslag/").content.decode()
    assert "Grote Markt\nBroerstraat</textarea>" in page

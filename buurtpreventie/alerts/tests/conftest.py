from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from buurtpreventie.areas.selectors import clear_geometry_cache
from buurtpreventie.core import eventbus
from buurtpreventie.patrols.models import Position, RoundParticipant
from buurtpreventie.testing.factories import InitiativeFactory, RoundFactory, WijkFactory
from buurtpreventie.testing.helpers import make_member

EAST_SQUARE = {
    "type": "Polygon",
    "coordinates": [[[5.88, 51.83], [5.91, 51.83], [5.91, 51.86], [5.88, 51.86], [5.88, 51.83]]],
}
CENTRE = (51.845, 5.865)  # middle of the default test wijk (WijkFactory SQUARE)
EAST_POINT = (51.845, 5.90)


@pytest.fixture(autouse=True)
def _fresh_bus_and_shapes() -> Any:
    eventbus.reset_bus()
    clear_geometry_cache()
    yield
    clear_geometry_cache()
    eventbus.reset_bus()


@pytest.fixture
def east_wijk(municipality: Any) -> Any:
    return WijkFactory(municipality=municipality, code="WK026802", name="Nijmegen-Oost", geometry=EAST_SQUARE,
                       min_lat=51.83, max_lat=51.86, min_lon=5.88, max_lon=5.91, centroid_lat=51.845,
                       centroid_lon=5.895)


@pytest.fixture
def east_team(municipality: Any, east_wijk: Any) -> Any:
    return InitiativeFactory(municipality=municipality, name="Team Oost", wijken=[east_wijk])


def start_round(initiative: Any, walkers: list[Any], *, at: tuple[float, float] | None, wijk: Any = None,
                status: str = "running") -> Any:
    now = timezone.now()
    rnd = RoundFactory(initiative=initiative, status=status, started_at=now - timedelta(minutes=10), wijk=wijk,
                       planned_start=now - timedelta(minutes=15))
    for user in walkers:
        RoundParticipant.objects.create(round=rnd, user=user, shares_position=True)
        if at is not None:
            Position.objects.create(round=rnd, user=user, lat=at[0], lon=at[1], recorded_at=now - timedelta(seconds=30))
    return rnd


@pytest.fixture
def walker2(team: Any) -> Any:
    return make_member(team, username="lid2")


@pytest.fixture
def east_member(east_team: Any) -> Any:
    return make_member(east_team, username="lid-oost")

"""The live board (page and JSON) costs a fixed number of queries, however many rounds, walkers,
positions and active alerts there are."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from buurtpreventie.alerts.services import alert_send
from buurtpreventie.alerts.targeting import AlertArea
from buurtpreventie.patrols.models import Position, RoundParticipant, RoundStatus
from buurtpreventie.testing.factories import InitiativeFactory, RoundFactory
from buurtpreventie.testing.helpers import make_member
from buurtpreventie.testing.querycount import queries_for

from .conftest import CENTRE

pytestmark = pytest.mark.django_db
BOARD_BUDGET = 19
DATA_BUDGET = 12


def _add_running_rounds(municipality, wijk, n: int, tag: str) -> None:
    now = timezone.now()
    for i in range(n):
        team = InitiativeFactory(municipality=municipality, name=f"Team {tag}{i}", wijken=[wijk])
        rnd = RoundFactory(initiative=team, wijk=wijk, status=RoundStatus.RUNNING, started_at=now,
                           planned_start=now - timedelta(minutes=5), planned_end=now + timedelta(hours=2))
        for j in range(3):
            walker = make_member(team, username=f"loper-{tag}{i}-{j}")
            RoundParticipant.objects.create(round=rnd, user=walker, shares_position=True)
            Position.objects.bulk_create([
                Position(round=rnd, user=walker, lat=CENTRE[0] + k / 10000, lon=CENTRE[1], recorded_at=now)
                for k in range(3)])


def test_live_board_query_count_is_fixed(municipality, wijk, dispatcher, client_for, django_assert_max_num_queries):
    client = client_for(dispatcher)
    _add_running_rounds(municipality, wijk, 1, "a")
    alert_send(actor=dispatcher, municipality=municipality, area=AlertArea(lat=CENTRE[0], lon=CENTRE[1],
               radius_m=2000), situation="Inbraak", instructions="Let op")
    counts = {url: queries_for(client, url) for url in ("/alarm/live/", "/alarm/live/data/")}
    _add_running_rounds(municipality, wijk, 9, "b")  # ten times as many rounds, walkers and positions
    for _ in range(3):
        alert_send(actor=dispatcher, municipality=municipality, area=AlertArea(lat=CENTRE[0], lon=CENTRE[1],
                   radius_m=2000), situation="Inbraak", instructions="Let op")
    for url, (status, few) in counts.items():
        status2, many = queries_for(client, url)
        assert status == status2 == 200
        assert many == few, (url, few, many)
    with django_assert_max_num_queries(BOARD_BUDGET):
        client.get("/alarm/live/")
    with django_assert_max_num_queries(DATA_BUDGET):
        client.get("/alarm/live/data/")

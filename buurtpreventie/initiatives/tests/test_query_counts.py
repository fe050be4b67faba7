"""A team's page costs a fixed number of queries, however many members, rounds and reports."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from buurtpreventie.patrols.models import RoundStatus
from buurtpreventie.testing.factories import RoundFactory
from buurtpreventie.testing.helpers import make_member
from buurtpreventie.testing.querycount import queries_for

pytestmark = pytest.mark.django_db
TEAM_PAGE_BUDGET = 17


def _grow(team, wijk, n: int, tag: str) -> None:
    now = timezone.now()
    for i in range(n):
        make_member(team, username=f"lid-{tag}{i}")
        RoundFactory(initiative=team, wijk=wijk, status=RoundStatus.PLANNED,
                     planned_start=now + timedelta(days=i + 1), planned_end=now + timedelta(days=i + 1, hours=2))


@pytest.mark.parametrize("viewer", ["coordinator", "safety_officer"])
def test_team_page_query_count_is_fixed(viewer, request, team, wijk, client_for, django_assert_max_num_queries):
    client = client_for(request.getfixturevalue(viewer))
    url = f"/initiatieven/{team.pk}/"
    _grow(team, wijk, 1, "a")
    status, few = queries_for(client, url)
    assert status == 200
    _grow(team, wijk, 9, "b")  # ten times as many members and planned rounds
    status, many = queries_for(client, url)
    assert status == 200 and many == few, (few, many)
    with django_assert_max_num_queries(TEAM_PAGE_BUDGET):
        client.get(url)

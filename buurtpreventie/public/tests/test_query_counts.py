"""The public dossier page costs a fixed number of queries, however many teams and wijken."""

from __future__ import annotations

import pytest

from buurtpreventie.testing.factories import InitiativeFactory, WijkFactory
from buurtpreventie.testing.helpers import make_member
from buurtpreventie.testing.querycount import queries_for

pytestmark = pytest.mark.django_db
DOSSIER_BUDGET = 15


def _add_teams(municipality, n: int, tag: str) -> None:
    for i in range(n):
        wijk = WijkFactory(municipality=municipality, code=f"WK0268{tag}{i}", name=f"Wijk {tag}{i}")
        team = InitiativeFactory(municipality=municipality, name=f"Team {tag}{i}", wijken=[wijk])
        make_member(team, role="coordinator", username=f"coord-{tag}{i}")
        make_member(team, username=f"lid-{tag}{i}")


def test_public_dossier_query_count_is_fixed(municipality, client, django_assert_max_num_queries):
    url = f"/gemeente/{municipality.slug}/"
    _add_teams(municipality, 1, "a")
    status, few = queries_for(client, url)
    assert status == 200
    _add_teams(municipality, 8, "b")
    status, many = queries_for(client, url)
    assert status == 200 and many == few, (few, many)
    with django_assert_max_num_queries(DOSSIER_BUDGET):
        client.get(url)

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
    _add_teams(municipality, 9, "b")  # ten times as many teams, wijken and members
    status, many = queries_for(client, url)
    assert status == 200 and many == few, (few, many)
    with django_assert_max_num_queries(DOSSIER_BUDGET):
        client.get(url)


def test_blank_form_fields_are_cached_but_tokens_are_fresh(municipality, client, monkeypatch):
    import re

    from buurtpreventie.public import views

    _add_teams(municipality, 1, "a")
    url = f"/gemeente/{municipality.slug}/"
    first, second = client.get(url).content.decode(), client.get(url).content.decode()
    assert "Team a0" in first and "Team a0" in second
    started = re.findall(r'name="started" value="([^"]+)"', first + second)
    assert len(started) == 2 and started[0] != started[1]  # the signed start time is per request
    _add_teams(municipality, 1, "b")
    assert "Team b0" not in client.get(url).content.decode().split('id="application-form"')[1]  # within the TTL
    assert "Team b0" in client.get(url + "?meedoen=1").content.decode().split('id="application-form"')[1]
    monkeypatch.setattr(views, "BLANK_FORM_TTL", -1.0)
    assert "Team b0" in client.get(url).content.decode().split('id="application-form"')[1]

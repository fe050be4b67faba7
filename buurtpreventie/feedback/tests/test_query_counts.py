"""The one counter and Open311 cost a fixed number of queries, however many reports there are."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from buurtpreventie.patrols.models import Defect, ForwardState, PatrolReport, RoundStatus
from buurtpreventie.testing.factories import RoundFactory
from buurtpreventie.testing.helpers import make_member
from buurtpreventie.testing.querycount import queries_for

pytestmark = pytest.mark.django_db
LOKET_BUDGET = 10
OPEN311_BUDGET = 3


def _add_reports(team, wijk, municipality, n: int) -> None:
    now = timezone.now()
    rnd = RoundFactory(initiative=team, wijk=wijk, status=RoundStatus.ENDED, planned_start=now - timedelta(hours=3),
                       planned_end=now - timedelta(hours=1), started_at=now - timedelta(hours=3),
                       ended_at=now - timedelta(hours=1))
    authors = [make_member(team, username=f"schrijver{PatrolReport.objects.count()}-{i}") for i in range(n)]
    reports = PatrolReport.objects.bulk_create([
        PatrolReport(round=rnd, initiative=team, municipality=municipality, wijk=wijk, author=authors[i],
                     submitted_at=now - timedelta(minutes=i), quality_score=50, observation_count=1)
        for i in range(n)])
    Defect.objects.bulk_create([
        Defect(report=r, municipality=municipality, wijk=wijk, reporter=r.author, category="street_light",
               place=f"Burchtstraat {r.pk}", lat=51.847, lon=5.865, forward_state=ForwardState.NOT_CONFIGURED)
        for r in reports])


def test_loket_query_count_is_fixed(team, wijk, municipality, wijkagent, client_for,
                                    django_assert_max_num_queries):
    client = client_for(wijkagent)
    _add_reports(team, wijk, municipality, 1)
    status, few = queries_for(client, "/loket/")
    assert status == 200
    _add_reports(team, wijk, municipality, 12)
    status, many = queries_for(client, "/loket/")
    assert status == 200 and many == few, (few, many)
    with django_assert_max_num_queries(LOKET_BUDGET):
        client.get("/loket/")


def test_open311_requests_query_count_is_fixed(team, wijk, municipality, client, django_assert_max_num_queries):
    url = f"/open311/v2/requests.json?jurisdiction_id={municipality.code}"
    _add_reports(team, wijk, municipality, 1)
    status, few = queries_for(client, url)
    assert status == 200
    _add_reports(team, wijk, municipality, 12)
    status, many = queries_for(client, url)
    assert status == 200 and many == few, (few, many)
    with django_assert_max_num_queries(OPEN311_BUDGET):
        client.get(url)

"""insert_graph stores exactly what the ORM stores, in one prepared statement (PostgreSQL only:
other databases keep the ORM path, which the report tests cover on both engines)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.forms.models import model_to_dict

from buurtpreventie.core import graphinsert
from buurtpreventie.core.models import AuditEntry
from buurtpreventie.patrols.models import Defect, ForwardState, Observation, PatrolReport, RoundStatus
from buurtpreventie.testing.factories import RoundFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="insert_graph is the PostgreSQL path"),
]

ODD = datetime(2026, 3, 29, 1, 59, 59, 123456, tzinfo=UTC)  # the night the clocks change


def _report(round, member, **extra):
    return PatrolReport(
        round=round, initiative_id=round.initiative_id, municipality_id=round.initiative.municipality_id,
        wijk_id=round.wijk_id, author=member, client_uuid=uuid.uuid4(), started_at=ODD,
        ended_at=ODD + timedelta(hours=2), route_streets=["Grote Markt", "Sint Annastraat", "’s-Gravensingel"],
        route_kind="", quiet=False, spoke_to_people=None, conversation_topics="Fietsen \"op\" de stoep\nen 'meer'",
        focus_points=[], extra_answers={"vraag": "ja", "leeg": None}, notes="Ĳsbaan — 10% 😀 %s %(x)s \\",
        quality_score=7, quality_missing=["route"], submitted_at=ODD, observation_count=2, defect_count=1, **extra)


def _children(report, round, member):
    observations = [
        Observation(observed_at=ODD, place="Grote Markt", lat=51.847234567891234, lon=None, category="nuisance",
                    behaviour="Groep gooide flessen kapot."),
        Observation(observed_at=ODD + timedelta(microseconds=1), place="Burchtstraat", category="suspicious",
                    behaviour="Iemand probeerde deurklinken.", person_clothing="groene jas"),
    ]
    defects = [Defect(municipality_id=report.municipality_id, wijk_id=round.wijk_id, reporter=member,
                      category="street_light", description="", place="Burchtstraat 12", lat=-0.0, lon=5.8655,
                      forward_state=ForwardState.PENDING, forward_next_at=ODD)]
    audit = AuditEntry(actor=member, action="report.submit", object_type="patrols.patrolreport",
                       municipality_id=report.municipality_id, detail={"quality": 7, "nested": {"a": [1, None]}})
    return observations, defects, audit


def _comparable(obj, *skip):
    data = model_to_dict(obj)
    for name in ("id", "report", "round", "client_uuid", "object_id", *skip):
        data.pop(name, None)
    return data


def test_rows_are_stored_as_the_orm_stores_them(member, team, wijk):
    round = RoundFactory(initiative=team, wijk=wijk, status=RoundStatus.ENDED)
    walker = PatrolReport.walkers.through
    # The ORM's way.
    twin = _report(round, member)
    twin.save()
    obs, defects, audit = _children(twin, round, member)
    for o in obs:
        o.report = twin
        o.save()
    for d in defects:
        d.report = twin
        d.save()
    audit.object_id = str(twin.pk)
    audit.save()
    walker.objects.create(patrolreport=twin, user=member)
    # One statement.
    report = _report(round, member)
    obs2, defects2, audit2 = _children(report, round, member)
    report_id, (_w, _o, defect_ids, _a) = graphinsert.insert_graph(report, [
        graphinsert.Children(walker, [walker(user_id=member.pk)], parent_field="patrolreport_id"),
        graphinsert.Children(Observation, obs2, parent_field="report_id"),
        graphinsert.Children(Defect, defects2, parent_field="report_id", returning=True),
        graphinsert.Children(AuditEntry, [audit2], parent_field="object_id", parent_as_text=True),
    ])
    assert report.pk == report_id and defect_ids == [defects2[0].pk]
    stored, orm = PatrolReport.objects.get(pk=report_id), PatrolReport.objects.get(pk=twin.pk)
    assert _comparable(stored, "walkers") == _comparable(orm, "walkers")
    assert stored.extra_answers == {"vraag": "ja", "leeg": None} and stored.spoke_to_people is None
    assert list(stored.walkers.all()) == [member]
    got = [_comparable(o) for o in Observation.objects.filter(report_id=report_id).order_by("pk")]
    assert got == [_comparable(o) for o in Observation.objects.filter(report=twin).order_by("pk")]
    assert Observation.objects.filter(report_id=report_id, lon__isnull=True).count() == 2  # NULL, not JSON null
    stamps = ("created_at", "updated_at")  # auto_now(_add): the moment of each insert
    assert [_comparable(d, *stamps) for d in Defect.objects.filter(report_id=report_id)] == [
        _comparable(d, *stamps) for d in Defect.objects.filter(report=twin)]
    entry = AuditEntry.objects.get(object_id=str(report_id))
    assert _comparable(entry, "at") == _comparable(AuditEntry.objects.get(object_id=str(twin.pk)), "at")


def test_the_statement_is_prepared_once_and_a_duplicate_leaves_nothing(member, team, wijk):
    round = RoundFactory(initiative=team, wijk=wijk, status=RoundStatus.ENDED)

    def insert(report, n):
        observations = [Observation(observed_at=ODD, place=f"Plek {i}", category="nuisance", behaviour="Lawaai.")
                        for i in range(n)]
        return graphinsert.insert_graph(report, [graphinsert.Children(Observation, observations,
                                                                       parent_field="report_id")])

    for n in (0, 1, 5):
        insert(_report(round, member), n)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                       ["%jsonb_populate_recordset%"])
        assert cursor.fetchone()[0] == 1  # one text for every number of rows
    duplicate = _report(round, member)
    duplicate.client_uuid = PatrolReport.objects.first().client_uuid
    before = Observation.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():  # the test's transaction lives on
        insert(duplicate, 3)
    assert Observation.objects.count() == before

"""The report hot path: a fixed number of queries however big the report, the idempotency check on
the unique client_uuid (also outside a transaction, as in production), cached reference data."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from buurtpreventie.areas.models import Street
from buurtpreventie.patrols import services
from buurtpreventie.patrols.models import Defect, Observation, PatrolReport, RoundStatus
from buurtpreventie.testing.factories import InitiativeFactory, RoundFactory
from buurtpreventie.testing.helpers import make_member


def _ended_round(team, wijk):
    start = timezone.now() - timedelta(hours=3)
    return RoundFactory(initiative=team, wijk=wijk, planned_start=start, planned_end=start + timedelta(hours=2),
                        status=RoundStatus.ENDED, started_at=start, ended_at=start + timedelta(hours=2))


def _payload(round, walkers, n):
    return {
        "round_id": round.pk, "client_uuid": str(uuid.uuid4()), "started_at": round.started_at.isoformat(),
        "ended_at": round.ended_at.isoformat(), "route_streets": ["Grote Markt", "Burchtstraat"][: max(1, n)],
        "walker_ids": [w.pk for w in walkers[:n]], "spoke_to_people": False,
        "observations": [{"observed_at": round.started_at.isoformat(), "place": f"Grote Markt {i}",
                          "category": "nuisance", "behaviour": "Groep gooide flessen kapot op straat."}
                         for i in range(n)],
        "defects": [{"category": "street_light", "place": f"Burchtstraat {i}", "lat": 51.8472, "lon": 5.8655}
                    for i in range(n)],
    }


@pytest.mark.django_db
def test_report_queries_do_not_grow_with_its_rows(member, team, wijk, nijmegen_streets, client_for):
    round = _ended_round(team, wijk)
    walkers = [member] + [make_member(team, username=f"loper{i}") for i in range(7)]
    client = client_for(member)
    assert client.post("/api/patrols/reports", _payload(round, walkers, 1),
                       content_type="application/json").status_code == 201  # warm the caches
    counts = []
    for n in (1, 8):
        with CaptureQueriesContext(connection) as ctx:
            response = client.post("/api/patrols/reports", _payload(round, walkers, n),
                                   content_type="application/json")
        assert response.status_code == 201, response.content
        counts.append(len(ctx.captured_queries))
        report = PatrolReport.objects.get(pk=response.json()["id"])
        assert report.walkers.count() == n and report.observations.count() == n
        assert Defect.objects.filter(report=report).count() == n
    assert counts[0] == counts[1], counts
    assert counts[1] <= 16, counts


@pytest.mark.django_db
def test_report_hot_path_has_a_fixed_query_budget(member, team, wijk, nijmegen_streets, client_for,
                                                  django_assert_max_num_queries):
    round = _ended_round(team, wijk)
    walkers = [member] + [make_member(team, username=f"loper{i}") for i in range(3)]
    client = client_for(member)
    client.post("/api/patrols/reports", _payload(round, walkers, 1), content_type="application/json")
    with django_assert_max_num_queries(16):
        assert client.post("/api/patrols/reports", _payload(round, walkers, 4),
                           content_type="application/json").status_code == 201


@pytest.mark.django_db(transaction=True)
def test_resent_draft_returns_the_stored_report_outside_a_transaction(member, team, wijk):
    """In production the service is not inside a request transaction: the unique index answers."""
    round = _ended_round(team, wijk)
    key = uuid.uuid4()
    data = services.ReportInput(started_at=round.started_at, ended_at=round.ended_at, client_uuid=key,
                                observations=[services.ObservationInput(
                                    observed_at=round.started_at, place="Grote Markt", category="nuisance",
                                    behaviour="Groep gooide flessen kapot op straat.")])
    first = services.report_submit(actor=member, round=round, data=data)
    second = services.report_submit(actor=member, round=round, data=data)
    assert first.pk == second.pk
    assert PatrolReport.objects.count() == 1 and Observation.objects.count() == 1
    other = make_member(team, username="ander")
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=other, round=round, data=data)
    assert PatrolReport.objects.count() == 1


@pytest.mark.django_db
def test_street_names_come_from_a_cache_that_never_refuses_a_fresh_import(member, team, wijk, municipality,
                                                                         nijmegen_streets):
    round = _ended_round(team, wijk)

    def submit(streets):
        return services.report_submit(actor=member, round=round, data=services.ReportInput(
            started_at=round.started_at, ended_at=round.ended_at, route_streets=streets, quiet=True))

    submit(["Grote Markt"])  # the cache now holds the municipality's streets
    geometry = {"type": "LineString", "coordinates": [[5.86, 51.84], [5.861, 51.841]]}
    # An import writes in bulk (no signals): the cache does not know the new street yet.
    Street.objects.bulk_create([Street(municipality=municipality, name="Nieuwe Straat", geometry=geometry,
                                       min_lat=51.84, max_lat=51.841, min_lon=5.86, max_lon=5.861)])
    assert submit(["Grote Markt", "Nieuwe Straat"]).route_streets == ["Grote Markt", "Nieuwe Straat"]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Nergensstraat"):
        submit(["Nergensstraat"])


@pytest.mark.django_db(transaction=True)
def test_report_and_its_rows_go_in_together_with_the_audit_entry_and_forwarding(member, team, wijk):
    """PostgreSQL: one statement (one round trip, atomic by itself); SQLite: one multi-row INSERT per
    table in a transaction. Either way the same rows, the audit entry names the report, and the
    forwarding task gets the new defects' ids."""
    from buurtpreventie.core.models import AuditEntry
    from buurtpreventie.patrols.signals import defects_created

    round = _ended_round(team, wijk)
    walker = make_member(team, username="loper")
    outsider = make_member(InitiativeFactory(municipality=team.municipality, name="Ander team"), username="ander")
    data = services.ReportInput(
        started_at=round.started_at, ended_at=round.ended_at, client_uuid=uuid.uuid4(),
        walker_ids=[member.pk, walker.pk, outsider.pk], spoke_to_people=True, conversation_topics="Fietsen",
        observations=[
            services.ObservationInput(observed_at=round.started_at, place="Grote Markt", category="nuisance",
                                      behaviour="Groep gooide flessen kapot op straat."),
            services.ObservationInput(observed_at=round.started_at, place="Burchtstraat", category="suspicious",
                                      behaviour="Iemand probeerde deurklinken.",
                                      person={"person_clothing": " groene jas ", "person_age": "30-40",
                                              "person_height": "lang"}),
        ],
        defects=[services.DefectInput(category="street_light", place=f"Burchtstraat {i}", lat=51.8472, lon=5.8655)
                 for i in range(3)],
    )
    forwarded: list[list[int]] = []

    def receiver(sender, defect_ids, **kwargs):
        forwarded.append(list(defect_ids))

    defects_created.connect(receiver, weak=False, dispatch_uid="test-forwarded")
    try:
        with CaptureQueriesContext(connection) as ctx:
            report = services.report_submit(actor=member, round=round, data=data)
    finally:
        defects_created.disconnect(dispatch_uid="test-forwarded")
    writes = [q["sql"] for q in ctx.captured_queries
              if q["sql"].lstrip().upper().startswith(("INSERT", "WITH")) and "patrols_" in q["sql"]]
    assert len(writes) == (1 if connection.vendor == "postgresql" else 4), writes
    stored = PatrolReport.objects.get(pk=report.pk)
    assert stored.client_uuid == data.client_uuid and stored.author_id == member.pk
    assert set(stored.walkers.values_list("pk", flat=True)) == {member.pk, walker.pk}  # not the outsider
    observations = list(stored.observations.order_by("pk"))
    assert [o.place for o in observations] == ["Grote Markt", "Burchtstraat"]
    assert observations[1].person_clothing == "groene jas" and observations[1].person_age == "30-40"
    defects = list(Defect.objects.filter(report=stored).order_by("pk"))
    assert [d.place for d in defects] == ["Burchtstraat 0", "Burchtstraat 1", "Burchtstraat 2"]
    assert all(d.municipality_id == team.municipality_id and d.reporter_id == member.pk for d in defects)
    assert forwarded == [[d.pk for d in defects]]
    entry = AuditEntry.objects.get(action="report.submit")
    assert (entry.object_type, entry.object_id, entry.actor_id) == ("patrols.patrolreport", str(report.pk),
                                                                   member.pk)
    assert entry.detail == {"quality": stored.quality_score}


@pytest.mark.django_db
def test_walkers_are_checked_against_the_team_kept_in_memory(member, team, wijk, other_team):
    from buurtpreventie.initiatives.selectors import current_member_ids

    walker = make_member(team, username="loper")
    stranger = make_member(other_team, username="buitenstaander")
    with CaptureQueriesContext(connection) as first:
        assert current_member_ids(initiative_id=team.pk, among=[member.pk, walker.pk, stranger.pk]) == {
            member.pk, walker.pk}
    # The team is loaded once; asking again about known members costs nothing.
    with CaptureQueriesContext(connection) as again:
        assert current_member_ids(initiative_id=team.pk, among=[walker.pk]) == {walker.pk}
    assert len(again.captured_queries) == 0 < len(first.captured_queries)
    # Someone who joined a moment ago counts at once (an unknown id is asked of the database) ...
    newcomer = make_member(team, username="nieuw")
    assert current_member_ids(initiative_id=team.pk, among=[newcomer.pk, stranger.pk]) == {newcomer.pk}
    # ... and a report's walkers keep only current team members.
    round = _ended_round(team, wijk)
    report = services.report_submit(actor=member, round=round, data=services.ReportInput(
        client_uuid=uuid.uuid4(), started_at=round.started_at, ended_at=round.ended_at,
        walker_ids=[member.pk, newcomer.pk, stranger.pk], quiet=True))
    assert set(report.walkers.values_list("pk", flat=True)) == {member.pk, newcomer.pk}

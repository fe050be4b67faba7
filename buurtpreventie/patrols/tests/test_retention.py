"""Retention (issue 9, AVG): stale rounds end, old personal data goes, per category, from one command."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from buurtpreventie.core.models import AuditEntry
from buurtpreventie.engagement.models import ContactLog
from buurtpreventie.initiatives.models import Application, ApplicationStatus
from buurtpreventie.initiatives.services import application_submit
from buurtpreventie.patrols.models import Observation, PatrolReport, Position, Round, RoundParticipant
from buurtpreventie.testing.factories import RoundFactory

pytestmark = pytest.mark.django_db


def test_purge_retention_per_category(municipality, wijk, team, member, coordinator, wijkagent, settings):
    now = timezone.now()
    old = now - timedelta(days=800)
    # A round somebody forgot to end, with positions
    stale = RoundFactory(initiative=team, wijk=wijk, status="running", started_at=now - timedelta(days=3),
                         planned_start=now - timedelta(days=3))
    RoundParticipant.objects.create(round=stale, user=member, shares_position=True)
    Position.objects.create(round=stale, user=member, lat=51.845, lon=5.865,
                            recorded_at=now - timedelta(days=3) + timedelta(minutes=30))
    fresh = RoundFactory(initiative=team, wijk=wijk, status="running", started_at=now - timedelta(minutes=20),
                         planned_start=now - timedelta(minutes=30))
    ended = RoundFactory(initiative=team, wijk=wijk, status="ended", started_at=old, ended_at=old,
                         planned_start=old)
    report = PatrolReport.objects.create(round=ended, initiative=team, municipality=municipality, wijk=wijk,
                                         author=member, submitted_at=old, notes="Jan van nr. 4 was thuis",
                                         conversation_topics="buren")
    Observation.objects.create(report=report, observed_at=old, place="Markt", category="nuisance",
                               behaviour="Flessen gegooid", person_clothing="rode jas")
    application = application_submit(municipality=municipality, kind="join", initiative=team, full_name="Piet Bos",
                                      email="piet@example.org", motivation="Ik wil meehelpen")
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.DECLINED, submitted_at=old)
    ContactLog.objects.create(municipality=municipality, initiative=team, professional=wijkagent, contact_person=coordinator, kind="call",
                              occurred_at=now - timedelta(days=2000))
    AuditEntry.objects.filter(pk__in=AuditEntry.objects.values("pk")).update(at=now - timedelta(days=2000))

    call_command("purge_retention")

    stale.refresh_from_db()
    assert stale.status == "ended" and stale.ended_at is not None
    assert Round.objects.get(pk=fresh.pk).status == "running"  # a round that just started keeps running
    report.refresh_from_db()
    assert report.notes == "" and report.conversation_topics == ""  # anonymised, numbers kept
    assert not Observation.objects.exists()
    application.refresh_from_db()
    assert application.full_name == "(verwijderd)" and "piet" not in application.email
    assert not ContactLog.objects.exists()
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["retention.purge"]


def test_categories_configurable_and_zero_keeps(municipality, wijk, team, member, settings):
    old = timezone.now() - timedelta(days=800)
    ended = RoundFactory(initiative=team, wijk=wijk, status="ended", started_at=old, ended_at=old, planned_start=old)
    report = PatrolReport.objects.create(round=ended, initiative=team, municipality=municipality, wijk=wijk,
                                         author=member, submitted_at=old, notes="tekst")
    Observation.objects.create(report=report, observed_at=old, place="Markt", category="nuisance", behaviour="x")
    settings.BUURTPREVENTIE = {**settings.BUURTPREVENTIE, "RETENTION_DAYS": {"observations": 0, "reports": 1000}}
    call_command("purge_retention")
    report.refresh_from_db()
    assert report.notes == "tekst" and Observation.objects.count() == 1


def test_purge_retention_is_scheduled(settings):
    from buurtpreventie.core import scheduling

    assert "core.purge_retention" in {job.name for job in scheduling.jobs()}

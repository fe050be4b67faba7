from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from buurtpreventie.alerts import services
from buurtpreventie.alerts.models import AlertAcknowledgement, AlertHistory, AlertStatus, CoveredStreet
from buurtpreventie.alerts.targeting import AlertArea
from buurtpreventie.core.eventbus import get_bus
from buurtpreventie.core.models import AuditEntry
from buurtpreventie.patrols.models import Position
from buurtpreventie.testing.factories import StreetFactory
from buurtpreventie.testing.helpers import make_professional

from .conftest import CENTRE, EAST_POINT, start_round

pytestmark = pytest.mark.django_db(transaction=True)  # events are published on commit

CIRCLE = AlertArea(lat=CENTRE[0], lon=CENTRE[1], radius_m=500)


def send(actor, municipality, area=CIRCLE, **kw):
    return services.alert_send(actor=actor, municipality=municipality, area=area, situation="Overval",
                               instructions="Grijp niet in", **kw)


def events(kind=None):
    return [e for _c, e in get_bus().published if kind is None or e["type"] == kind]


def test_dispatcher_sends_to_walkers_and_event_reaches_only_them(municipality, dispatcher, team, member, east_team,
                                                                 east_member, east_wijk):
    start_round(team, [member], at=CENTRE)
    start_round(east_team, [east_member], at=EAST_POINT)
    alert = send(dispatcher, municipality)
    assert list(alert.recipients.values_list("user_id", flat=True)) == [member.pk]
    [event] = events("alert")
    assert event["audience"] == [member.pk]
    assert get_bus().published[-1][0] == f"municipality:{municipality.pk}:alerts"
    assert AuditEntry.objects.filter(action="alert.send", object_id=str(alert.pk)).exists()
    assert AlertHistory.objects.filter(alert=alert, kind="sent").exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [member.email]  # no push subscription: e-mail fallback


def test_only_dispatcher_and_wijkagent_may_send(municipality, wijk, east_wijk, dispatcher, wijkagent, member,
                                                 coordinator, safety_officer, other_municipality):
    send(dispatcher, municipality)
    send(wijkagent, municipality)  # the circle lies inside the wijkagent's own wijk
    east = AlertArea(lat=EAST_POINT[0], lon=EAST_POINT[1], radius_m=300)
    with pytest.raises(PermissionDenied):
        send(wijkagent, municipality, area=east)  # outside their wijk
    boa = make_professional("boa", municipality, username="boa")
    other_dispatcher = make_professional("dispatcher", other_municipality, username="meldkamer-alkmaar")
    for user in (member, coordinator, safety_officer, boa, other_dispatcher):
        with pytest.raises(PermissionDenied):
            send(user, municipality)


def test_acknowledgement_flow(municipality, dispatcher, team, member, walker2):
    start_round(team, [member, walker2], at=CENTRE)
    alert = send(dispatcher, municipality)
    services.alert_acknowledge(actor=member, alert=alert, kind="received")
    services.alert_acknowledge(actor=member, alert=alert, kind="safe")
    assert list(AlertAcknowledgement.objects.filter(alert=alert).values_list("kind", flat=True)) == ["received", "safe"]
    acks = events("alert_ack")
    assert [e["kind"] for e in acks] == ["received", "safe"]
    assert acks[-1]["user_id"] == member.pk and "audience" not in acks[-1] and acks[-1]["team"] == team.name
    assert AuditEntry.objects.filter(action="alert.acknowledge").count() == 2
    with pytest.raises(PermissionDenied):
        services.alert_acknowledge(actor=dispatcher, alert=alert, kind="safe")  # not a recipient


def test_escalation_timer_warns_once_about_teams_without_answer(municipality, dispatcher, team, member, east_team,
                                                               east_member, east_wijk):
    start_round(team, [member], at=CENTRE)
    start_round(east_team, [east_member], at=(51.845, 5.8805))
    alert = send(dispatcher, municipality, area=AlertArea(lat=51.845, lon=5.873, radius_m=1500),
                 escalate_after_minutes=3)
    assert alert.recipients.count() == 2
    services.alert_acknowledge(actor=member, alert=alert, kind="safe")
    assert services.alert_escalations_check(now=timezone.now() + timedelta(minutes=2)) == []
    later = timezone.now() + timedelta(minutes=4)
    [(escalated, teams)] = services.alert_escalations_check(now=later)
    assert escalated.pk == alert.pk and teams == [east_team.name]
    assert events("alert_escalated")[-1]["teams"] == [east_team.name]
    assert services.alert_escalations_check(now=later + timedelta(minutes=1)) == []  # only once


def test_escalation_runs_in_the_periodic_job_not_on_page_loads(client_for, municipality, dispatcher, team, member,
                                                               east_team, east_member):
    from django.urls import reverse

    from buurtpreventie.alerts.models import Alert, AlertRecipient
    from buurtpreventie.core import scheduling

    start_round(team, [member], at=CENTRE)
    start_round(east_team, [east_member], at=(51.845, 5.8805))
    alert = send(dispatcher, municipality, area=AlertArea(lat=51.845, lon=5.873, radius_m=1500),
                 escalate_after_minutes=3)
    services.alert_acknowledge(actor=member, alert=alert, kind="safe")
    Alert.objects.filter(pk=alert.pk).update(sent_at=timezone.now() - timedelta(minutes=4))  # deadline passed
    c = client_for(dispatcher)
    board = c.get(reverse("alerts:board_alerts"))
    assert board.status_code == 200 and "team-late" in board.content.decode()  # the board shows it at once
    assert c.get(reverse("alerts:status", args=[alert.pk])).status_code == 200
    assert not AlertRecipient.objects.filter(alert=alert, escalated_at__isnull=False).exists()  # pages only read
    [job] = [j for j in scheduling.jobs() if j.name == "alerts.escalations"]
    assert job.every <= timedelta(minutes=1)  # timely: within a minute of the deadline
    job.func()
    assert list(AlertRecipient.objects.filter(alert=alert, escalated_at__isnull=False)
                .values_list("initiative__name", flat=True)) == [east_team.name]
    assert events("alert_escalated")[-1]["teams"] == [east_team.name]
    job.func()
    assert len(events("alert_escalated")) == 1  # warned once


def test_clear_and_outcome_reach_everyone(municipality, dispatcher, wijkagent, team, member):
    start_round(team, [member], at=CENTRE)
    alert = send(dispatcher, municipality)
    with pytest.raises(PermissionDenied):
        services.alert_clear(actor=member, alert=alert, outcome="Klaar")
    with pytest.raises(ValidationError):
        services.alert_clear(actor=wijkagent, alert=alert, outcome="  ")  # all-clear needs an outcome text
    services.alert_clear(actor=wijkagent, alert=alert, outcome="Verdachte weg.")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLEARED
    services.alert_outcome_publish(actor=dispatcher, alert=alert, outcome="Twee aanhoudingen.")
    cleared, outcome = events("alert_cleared")[-1], events("alert_outcome")[-1]
    assert cleared["audience"] == [member.pk] and outcome["outcome"] == "Twee aanhoudingen."
    assert any("Twee aanhoudingen." in m.body for m in mail.outbox)


def test_positions_purged_after_retention_and_streets_kept(municipality, team, member, walker2, settings):
    running = start_round(team, [member], at=CENTRE)
    ended = start_round(team, [walker2], at=(51.845, 5.865), status="ended")
    street = StreetFactory(municipality=municipality, geometry={"type": "LineString",
                           "coordinates": [[5.86, 51.845], [5.87, 51.845]]}, min_lat=51.845, max_lat=51.845)
    old = timezone.now() - timedelta(days=31)
    Position.objects.update(recorded_at=old)
    assert services.positions_purge() == 1
    assert not Position.objects.filter(round=ended).exists()
    assert Position.objects.filter(round=running).exists()  # a running round keeps its positions
    assert CoveredStreet.objects.filter(round=ended, street=street).exists()
    assert services.positions_purge(retention_days=60) == 0


def test_purge_command(municipality, team, member):
    from django.core.management import call_command

    ended = start_round(team, [member], at=CENTRE, status="ended")
    Position.objects.update(recorded_at=timezone.now() - timedelta(days=40))
    call_command("purge_positions")
    assert not Position.objects.filter(round=ended).exists()


def test_the_scheduler_runs_the_escalation_check(municipality, dispatcher, team, member, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    from buurtpreventie.alerts.models import Alert

    start_round(team, [member], at=CENTRE)
    alert = send(dispatcher, municipality, escalate_after_minutes=1)
    Alert.objects.filter(pk=alert.pk).update(sent_at=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_scheduler", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert events("alert_escalated")[-1]["teams"] == [team.name]
    assert AlertHistory.objects.filter(alert=alert, kind="escalated").count() == 1


def test_no_garbage_collection_starts_while_an_alert_is_sent_and_published(municipality, dispatcher, team, member):
    """core/heap.py: a full pass on a process with thousands of streams would delay the alert."""
    import gc

    from django.db.models.signals import pre_save

    from buurtpreventie.alerts.models import Alert

    start_round(team, [member], at=CENTRE)
    seen: list[tuple[str, bool]] = []

    def on_save(**_kwargs):
        seen.append(("stored", gc.isenabled()))

    publish = get_bus().publish

    def on_publish(channel, event):
        seen.append(("published", gc.isenabled()))
        return publish(channel, event)

    pre_save.connect(on_save, sender=Alert)
    bus = get_bus()
    bus.publish = on_publish  # type: ignore[method-assign]
    try:
        assert gc.isenabled()
        send(dispatcher, municipality)
    finally:
        pre_save.disconnect(on_save, sender=Alert)
        del bus.publish
    assert ("stored", False) in seen and ("published", False) in seen
    assert gc.isenabled()  # and on again once it is sent

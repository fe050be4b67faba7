"""Delivery state per recipient: a crash never loses an alert delivery, and a crashed delivery
is redelivered exactly once."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from buurtpreventie.alerts import delivery, services
from buurtpreventie.alerts.models import AlertDelivery, AlertRecipient, DeliveryChannel, DeliveryState
from buurtpreventie.alerts.targeting import AlertArea
from buurtpreventie.testing.helpers import make_member, make_professional

from .conftest import CENTRE, start_round

pytestmark = pytest.mark.django_db(transaction=True)


class WorkerKilled(BaseException):
    """kill -9 in the middle of sending: nothing after this line runs."""


class CrashOnSecondMail(EmailBackend):
    calls = 0

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        type(self).calls += 1
        if type(self).calls == 2:
            raise WorkerKilled
        return super().send_messages(messages)


def send(dispatcher, municipality):
    return services.alert_send(actor=dispatcher, municipality=municipality, situation="Overval",
                               instructions="Grijp niet in",
                               area=AlertArea(lat=CENTRE[0], lon=CENTRE[1], radius_m=500))


@pytest.fixture
def no_worker(monkeypatch):
    """The alert is committed, but no worker runs its delivery task (it died, or we crash it by hand)."""
    monkeypatch.setattr(services, "_enqueue_delivery", lambda alert_id, kind: None)


@pytest.fixture
def walkers(team):
    people = [make_member(team, username=f"loper{i}") for i in range(4)]
    start_round(team, people, at=CENTRE)
    return people


def test_a_worker_crash_mid_batch_loses_nothing_and_sends_nothing_twice(municipality, dispatcher, walkers, settings,
                                                                       no_worker):
    alert = send(dispatcher, municipality)  # the task is not run: we crash it by hand below
    settings.EMAIL_BACKEND = "buurtpreventie.alerts.tests.test_delivery.CrashOnSecondMail"
    CrashOnSecondMail.calls = 0
    with pytest.raises(WorkerKilled):
        delivery.deliver(alert.pk, "alert")
    states = Counter(AlertDelivery.objects.filter(channel=DeliveryChannel.EMAIL).values_list("state", flat=True))
    assert states == {DeliveryState.SENT: 1, DeliveryState.SENDING: 1, DeliveryState.PENDING: 2}
    assert len(mail.outbox) == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    delivery.redrive()  # the worker restarts: pending ones go, the crashed one waits for its lease
    assert len(mail.outbox) == 3
    later = timezone.now() + delivery.LEASE + timedelta(seconds=1)
    delivery.redrive(now=later)
    delivery.redrive(now=later + timedelta(minutes=5))  # and again: nothing more
    assert sorted(m.to[0] for m in mail.outbox) == sorted(w.email for w in walkers)  # each exactly once
    assert set(AlertDelivery.objects.filter(channel=DeliveryChannel.EMAIL).values_list("state", flat=True)) == {
        DeliveryState.SENT}
    crashed = AlertDelivery.objects.get(channel=DeliveryChannel.EMAIL, attempts=2)
    assert crashed.sent_at is not None


def test_a_crashed_delivery_is_claimed_by_exactly_one_worker(municipality, dispatcher, walkers, no_worker):
    alert = send(dispatcher, municipality)
    delivery.plan(alert.pk, "alert")
    row = AlertDelivery.objects.filter(channel=DeliveryChannel.EMAIL).first()
    assert row is not None
    now = timezone.now()
    assert delivery.claim(row.pk, now=now)
    assert not delivery.claim(row.pk, now=now)  # held
    later = now + delivery.LEASE + timedelta(seconds=1)
    assert [delivery.claim(row.pk, now=later) for _ in range(3)] == [True, False, False]


def test_planning_interrupted_by_a_crash_is_redriven_once(municipality, dispatcher, walkers, no_worker):
    alert = send(dispatcher, municipality)  # committed, but the worker died before the task
    assert not AlertDelivery.objects.exists()
    delivery.redrive()
    delivery.redrive()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(w.email for w in walkers)
    assert AlertDelivery.objects.filter(channel=DeliveryChannel.SSE).count() == len(walkers)
    alert.refresh_from_db()
    assert alert.deliveries_planned == ["alert"]


def test_smtp_failure_is_retried(municipality, dispatcher, walkers, settings, no_worker):
    alert = send(dispatcher, municipality)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1  # nothing listens
    delivery.deliver(alert.pk, "alert")
    assert set(AlertDelivery.objects.filter(channel=DeliveryChannel.EMAIL).values_list("state", flat=True)) == {
        DeliveryState.RETRY}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    delivery.redrive(now=timezone.now() + timedelta(minutes=1))
    assert len(mail.outbox) == len(walkers)


def test_dispatcher_sees_delivered_seen_answered(client, municipality, dispatcher, team, member, walker2):
    from buurtpreventie.testing.helpers import login

    start_round(team, [member, walker2], at=CENTRE)
    alert = send(dispatcher, municipality)
    login(client, member)
    assert client.post(f"/alarm/{alert.pk}/ontvangst/", {"stage": "delivered"}).status_code == 204
    assert client.post(f"/alarm/{alert.pk}/ontvangst/", {"stage": "seen"}).status_code == 204
    client.post(f"/alarm/{alert.pk}/antwoord/", {"kind": "safe"})
    receipt = AlertRecipient.objects.get(alert=alert, user=member)
    assert receipt.delivered_at and receipt.seen_at
    assert AlertDelivery.objects.get(recipient=receipt, channel=DeliveryChannel.SSE).state == DeliveryState.DELIVERED
    client.logout()
    agent = make_professional("dispatcher", municipality, username="meldkamer2")
    login(client, agent)
    html = client.get(f"/alarm/{alert.pk}/status/").content.decode()
    assert 'data-person-state="answered"' in html and 'data-person-state="sent"' in html
    # Someone who did not receive the alert cannot confirm it.
    client.logout()
    login(client, make_member(team, username="buiten"))
    assert client.post(f"/alarm/{alert.pk}/ontvangst/", {"stage": "seen"}).status_code == 404


def test_all_clear_asks_confirmation_and_an_outcome(client, municipality, dispatcher, team, member):
    from buurtpreventie.alerts.models import AlertStatus
    from buurtpreventie.testing.helpers import login

    start_round(team, [member], at=CENTRE)
    alert = send(dispatcher, municipality)
    login(client, dispatcher)
    assert 'name="confirm"' in client.get(f"/alarm/{alert.pk}/").content.decode()
    client.post(f"/alarm/{alert.pk}/opheffen/", {"outcome": "Verdachte aangehouden."})  # not confirmed
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACTIVE
    client.post(f"/alarm/{alert.pk}/opheffen/", {"outcome": "", "confirm": "1"})  # no outcome text
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACTIVE
    client.post(f"/alarm/{alert.pk}/opheffen/", {"outcome": "Verdachte aangehouden.", "confirm": "1"})
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLEARED and alert.outcome == "Verdachte aangehouden."
    assert any("Verdachte aangehouden." in m.body for m in mail.outbox if member.email in m.to)

"""Web Push against a local push-service stand-in (push_service.py): Urgency, TTL, encryption,
VAPID, and what 404/410/429/5xx do to the delivery and the subscription."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from buurtpreventie.alerts import delivery, services
from buurtpreventie.alerts.models import (
    AlertDelivery,
    AlertRecipient,
    DeliveryChannel,
    DeliveryState,
    PushSubscription,
)
from buurtpreventie.alerts.push import ACUTE_TTL_SECONDS, INFO_TTL_SECONDS, generate_vapid_key, push_enabled
from buurtpreventie.alerts.targeting import AlertArea

from .conftest import CENTRE, start_round
from .push_service import PushService

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def vapid(monkeypatch, tmp_path, settings):
    settings.VAR_DIR = tmp_path  # no key file to fall back on
    private, public = generate_vapid_key()
    monkeypatch.setenv("VAPID_PRIVATE_KEY", private)
    monkeypatch.setenv("VAPID_SUBJECT", "mailto:meldkamer@example.nl")
    return public


@pytest.fixture
def service():
    with PushService() as s:
        yield s


def subscribe(service, user, name):
    endpoint, sub = service.subscribe(name)
    return PushSubscription.objects.create(user=user, endpoint=endpoint, p256dh=sub.p256dh, auth=sub.auth)


def send(dispatcher, municipality):
    return services.alert_send(actor=dispatcher, municipality=municipality, situation="Overval",
                               instructions="Grijp niet in",
                               area=AlertArea(lat=CENTRE[0], lon=CENTRE[1], radius_m=500))


def push_row(alert, user):
    return AlertDelivery.objects.get(recipient__alert=alert, recipient__user=user, channel=DeliveryChannel.PUSH,
                                     kind="alert")


def test_acute_alert_goes_high_urgency_short_ttl_encrypted(vapid, service, municipality, dispatcher, team, member):
    subscribe(service, member, "lid")
    start_round(team, [member], at=CENTRE)
    alert = send(dispatcher, municipality)
    assert service.errors == []
    [got] = service.for_path("lid")
    assert got["urgency"] == "high" and got["ttl"] == ACUTE_TTL_SECONDS <= 600
    assert got["payload"]["alert_id"] == alert.pk and got["payload"]["body"] == "Grijp niet in"
    assert push_row(alert, member).state == DeliveryState.DELIVERED  # the push service accepted it (201)
    reached = AlertRecipient.objects.get(alert=alert, user=member)
    assert reached.pushed_at is not None and reached.delivered_at is not None and reached.seen_at is None
    assert mail.outbox == []  # push worked: no e-mail for the alert itself

    services.alert_clear(actor=dispatcher, alert=alert, outcome="Verdachte aangehouden.")
    cleared = service.for_path("lid")[-1]
    assert cleared["urgency"] == "normal" and cleared["ttl"] == INFO_TTL_SECONDS
    assert cleared["payload"]["kind"] == "cleared"
    assert [m.to for m in mail.outbox] == [[member.email]]  # all-clear also by e-mail


@pytest.mark.parametrize("status", [404, 410])
def test_only_404_and_410_end_a_subscription(vapid, service, municipality, dispatcher, team, member, status):
    sub = subscribe(service, member, "weg")
    service.answer("weg", status)
    start_round(team, [member], at=CENTRE)
    alert = send(dispatcher, municipality)
    sub.refresh_from_db()
    assert sub.failed_at is not None
    assert push_row(alert, member).state == DeliveryState.ESCALATED
    assert [m.to for m in mail.outbox] == [[member.email]]  # escalated to e-mail, once
    delivery.redrive(now=timezone.now() + timedelta(hours=1))
    assert len(mail.outbox) == 1


def test_429_is_retried_after_retry_after_and_keeps_the_subscription(vapid, service, municipality, dispatcher, team,
                                                                     member):
    sub = subscribe(service, member, "druk")
    service.answer("druk", (429, {"Retry-After": "120"}))
    start_round(team, [member], at=CENTRE)
    alert = send(dispatcher, municipality)
    row = push_row(alert, member)
    assert row.state == DeliveryState.RETRY and row.attempts == 1
    assert row.next_attempt_at >= timezone.now() + timedelta(seconds=100)
    sub.refresh_from_db()
    assert sub.failed_at is None
    delivery.redrive(now=timezone.now() + timedelta(seconds=30))  # not due yet
    assert len(service.for_path("druk")) == 1
    delivery.redrive(now=timezone.now() + timedelta(seconds=130))
    assert len(service.for_path("druk")) == 2
    assert push_row(alert, member).state == DeliveryState.DELIVERED
    assert mail.outbox == []


def test_5xx_is_retried_with_backoff_then_escalated_to_email(vapid, service, municipality, dispatcher, team, member):
    sub = subscribe(service, member, "stuk")
    service.answer("stuk", *([500] * delivery.MAX_ATTEMPTS))
    start_round(team, [member], at=CENTRE)
    alert = send(dispatcher, municipality)
    now = timezone.now()
    waits = []
    for _ in range(delivery.MAX_ATTEMPTS - 1):
        row = push_row(alert, member)
        assert row.state == DeliveryState.RETRY
        waits.append(row.next_attempt_at)
        now = row.next_attempt_at + timedelta(seconds=1)
        delivery.redrive(now=now)
    assert len(service.for_path("stuk")) == delivery.MAX_ATTEMPTS
    gaps = [(b - a).total_seconds() for a, b in zip(waits, waits[1:], strict=False)]
    assert gaps == sorted(gaps) and gaps[-1] > gaps[0]  # backoff grows
    assert push_row(alert, member).state == DeliveryState.ESCALATED
    sub.refresh_from_db()
    assert sub.failed_at is None  # a broken push service does not end the subscription
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_other_refusals_keep_the_subscription_and_fall_back_to_email(vapid, service, municipality, dispatcher, team,
                                                                    member):
    sub = subscribe(service, member, "fout")
    service.answer("fout", 413)
    start_round(team, [member], at=CENTRE)
    alert = send(dispatcher, municipality)
    sub.refresh_from_db()
    assert sub.failed_at is None and "413" in sub.last_error
    assert push_row(alert, member).state == DeliveryState.ESCALATED
    assert len(mail.outbox) == 1


def test_keys_come_from_the_environment_and_are_never_generated(monkeypatch, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("VAPID_PRIVATE_KEY", raising=False)
    monkeypatch.delenv("VAPID_PRIVATE_KEY_FILE", raising=False)
    assert not push_enabled()
    assert list(tmp_path.iterdir()) == []  # nothing generated behind our back
    call_command("vapid_keys", "--write")
    assert push_enabled() and (tmp_path / "vapid_private.pem").exists()
    private, _public = generate_vapid_key()
    monkeypatch.setenv("VAPID_PRIVATE_KEY", private)
    from buurtpreventie.alerts.push import vapid_public_key

    assert vapid_public_key() == _public


def test_service_worker_reports_the_shown_notification_as_seen(vapid, service, municipality, dispatcher, team,
                                                                member, client):
    """The push payload carries a signed receipt; the service worker posts it back after
    `showNotification`, without session or CSRF token, and the dispatcher sees 'Gezien'."""
    import json

    from django.urls import reverse

    from buurtpreventie.alerts.selectors import alert_recipient_rows

    subscribe(service, member, "lid")
    start_round(team, [member], at=CENTRE)
    alert = send(dispatcher, municipality)
    [got] = service.for_path("lid")
    token = got["payload"]["receipt"]
    [row] = alert_recipient_rows(alert=alert)
    assert row["state"] == "delivered"

    url = reverse("alerts:push_receipt")
    assert client.post(url, json.dumps({"receipt": token[:-2] + "xx"}), content_type="application/json"
                       ).status_code == 400  # a forged token marks nothing
    assert client.post(url, "not json", content_type="application/json").status_code == 400
    assert AlertRecipient.objects.get(alert=alert, user=member).seen_at is None
    assert client.post(url, json.dumps({"receipt": token}), content_type="application/json").status_code == 204
    assert AlertRecipient.objects.get(alert=alert, user=member).seen_at is not None
    [row] = alert_recipient_rows(alert=alert)
    assert row["state"] == "seen"

    services.alert_clear(actor=dispatcher, alert=alert, outcome="Voorbij.")
    assert "receipt" not in service.for_path("lid")[-1]["payload"]  # only the alert itself asks for one


def test_service_worker_posts_the_receipt_after_showing(client):
    from django.urls import reverse

    body = client.get(reverse("alerts:service_worker")).content.decode()
    assert "showNotification" in body and reverse("alerts:push_receipt") in body
    assert body.index("showNotification") < body.index(reverse("alerts:push_receipt"))

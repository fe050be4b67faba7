"""Delivery of alert messages per recipient and channel, with state that survives a crash.

A message is one of "alert", "cleared" or "outcome-<history id>". `plan` writes one
`AlertDelivery` row per recipient and channel (idempotent): the live stream (SSE: published by
the service; the phone confirms), Web Push to every active subscription, e-mail where there is
no push (the alert itself) or always (all-clear, outcome). `process_due` claims due rows one by
one with a conditional UPDATE, so two workers never send the same row, and a row left in
`sending` by a crashed worker is claimed again after `LEASE`, by exactly one worker. Transient
failures (push 429/5xx, network, SMTP) are retried with backoff; when push gives up or the
subscription is gone, the delivery is escalated to e-mail.

`redrive` (every 30 s beside the streams, and `manage.py alert_deliveries`) plans messages
whose planning a crash interrupted and processes whatever is due.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from buurtpreventie.notifications.email import send_now

from .models import (
    Alert,
    AlertDelivery,
    AlertEventKind,
    AlertPreference,
    AlertRecipient,
    AlertStatus,
    DeliveryChannel,
    DeliveryState,
    PushSubscription,
)

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)  # a row in "sending" longer than this belonged to a crashed worker
BACKOFF_SECONDS = (10, 30, 120, 600)
MAX_ATTEMPTS = 5
REDRIVE_WINDOW = timedelta(hours=24)


def message_kind(key: str) -> str:
    return "outcome" if key.startswith("outcome") else key


def expected_messages(alert: Alert) -> list[str]:
    keys = ["alert"]
    if alert.status == AlertStatus.CLEARED:
        keys.append("cleared")
    keys += [f"outcome-{pk}" for pk in alert.history.filter(kind=AlertEventKind.OUTCOME).values_list("pk", flat=True)]
    return keys


def plan(alert_id: int, key: str, *, now: datetime | None = None) -> int:
    """Create the delivery rows of one message (idempotent); the number of rows created."""
    from .recipients import write_pending

    now = now or timezone.now()
    write_pending(alert_id)  # an alert to many people: its rows are written here, after the request
    recipients = list(AlertRecipient.objects.filter(alert_id=alert_id).values_list("pk", "user_id", "user__email"))
    user_ids = [u for _r, u, _e in recipients]
    with_push = set(PushSubscription.objects.filter(
        user_id__in=user_ids, failed_at__isnull=True).values_list("user_id", flat=True))
    prefs = {p.user_id: p for p in AlertPreference.objects.filter(user_id__in=user_ids)}
    followup = key != "alert"
    rows = []
    for recipient_id, user_id, email in recipients:
        rows.append(AlertDelivery(recipient_id=recipient_id, kind=key, channel=DeliveryChannel.SSE,
                                  state=DeliveryState.SENT, sent_at=now, next_attempt_at=now))
        pref = prefs.get(user_id) or AlertPreference(user_id=user_id)
        if followup and not pref.followups:
            continue  # the person asked for the alarm itself only
        # Acute alerts always pass quiet hours; the all-clear and outcome wait for the morning.
        due = (pref.quiet_end(now) or now) if followup else now
        push = pref.push and user_id in with_push
        if push:
            rows.append(AlertDelivery(recipient_id=recipient_id, kind=key, channel=DeliveryChannel.PUSH,
                                      next_attempt_at=due))
        if email and pref.email and (not push or followup):
            rows.append(AlertDelivery(recipient_id=recipient_id, kind=key, channel=DeliveryChannel.EMAIL,
                                      next_attempt_at=due))
        if pref.sms and pref.sms_number:
            rows.append(AlertDelivery(recipient_id=recipient_id, kind=key, channel=DeliveryChannel.SMS,
                                      next_attempt_at=due))
    created = AlertDelivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert_id)
        if key not in alert.deliveries_planned:
            alert.deliveries_planned = [*alert.deliveries_planned, key]
            alert.save(update_fields=["deliveries_planned"])
    return len(created)


def _due(now: datetime) -> Q:
    return (Q(state__in=[DeliveryState.PENDING, DeliveryState.RETRY], next_attempt_at__lte=now)
            | Q(state=DeliveryState.SENDING, claimed_at__lt=now - LEASE))


def claim(pk: int, *, now: datetime) -> bool:
    """Take one row for sending; True for exactly one caller."""
    return AlertDelivery.objects.filter(pk=pk).filter(_due(now)).update(
        state=DeliveryState.SENDING, claimed_at=now, attempts=F("attempts") + 1) == 1


def process_due(*, now: datetime | None = None, alert_id: int | None = None, limit: int = 2000) -> dict[str, int]:
    """Send every due push/e-mail delivery (of one alert, or all)."""
    now = now or timezone.now()
    rows = AlertDelivery.objects.filter(_due(now)).exclude(channel=DeliveryChannel.SSE)
    if alert_id is not None:
        rows = rows.filter(recipient__alert_id=alert_id)
    counts: dict[str, int] = {}
    tried: set[int] = set()
    for _round in range(3):  # a second pass sends the e-mails that escalations just planned
        due = [pk for pk in rows.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit]
               if pk not in tried]
        if not due:
            break
        for pk in due:
            tried.add(pk)
            if not claim(pk, now=now):
                continue  # another worker has it
            state = deliver_one(pk, claimed_at=now)
            counts[state] = counts.get(state, 0) + 1
    return counts


def _finish(pk: int, claimed_at: datetime, **values: Any) -> bool:
    """Record the result, only if the row is still ours (not reclaimed after a lease)."""
    return AlertDelivery.objects.filter(pk=pk, state=DeliveryState.SENDING, claimed_at=claimed_at).update(
        **values) == 1


def _retry_or(pk: int, delivery: AlertDelivery, claimed_at: datetime, error: str, *,
              retry_after: int | None = None, final: str = DeliveryState.FAILED) -> str:
    if delivery.attempts < MAX_ATTEMPTS:
        wait = BACKOFF_SECONDS[min(delivery.attempts - 1, len(BACKOFF_SECONDS) - 1)]
        if retry_after is not None:
            wait = max(wait, min(retry_after, 3600))
        _finish(pk, claimed_at, state=DeliveryState.RETRY, last_error=error[:200],
                next_attempt_at=timezone.now() + timedelta(seconds=wait))
        return DeliveryState.RETRY
    _finish(pk, claimed_at, state=final, last_error=error[:200])
    return final


def _escalate_to_email(delivery: AlertDelivery, at: datetime) -> None:
    """Push did not reach the person: e-mail instead (if they have an address and did not switch
    e-mail off), due at once."""
    pref = AlertPreference.objects.filter(user_id=delivery.recipient.user_id).first()
    if delivery.recipient.user.email and (pref is None or pref.email):
        AlertDelivery.objects.bulk_create([AlertDelivery(
            recipient_id=delivery.recipient_id, kind=delivery.kind, channel=DeliveryChannel.EMAIL,
            next_attempt_at=at)], ignore_conflicts=True)


def deliver_one(pk: int, *, claimed_at: datetime) -> str:
    from .tasks import subject_and_body

    delivery = AlertDelivery.objects.select_related("recipient__user", "recipient__alert").get(pk=pk)
    recipient = delivery.recipient
    alert = recipient.alert
    kind = message_kind(delivery.kind)
    with translation.override(recipient.user.language or "nl"):
        subject, body = subject_and_body(alert, kind)
    if delivery.channel == DeliveryChannel.PUSH:
        return _deliver_push(delivery, claimed_at, alert, kind, subject)
    if delivery.channel == DeliveryChannel.EMAIL:
        try:
            send_now(to=[recipient.user.email], subject=subject, body=body, fail_silently=False)
        except Exception as exc:  # SMTP down, refused: retry later
            return _retry_or(pk, delivery, claimed_at, f"{type(exc).__name__}: {exc}")
        _finish(pk, claimed_at, state=DeliveryState.SENT, sent_at=timezone.now(), last_error="")
        if kind == "alert":
            AlertRecipient.objects.filter(pk=recipient.pk).update(emailed_at=timezone.now())
        return DeliveryState.SENT
    if delivery.channel == DeliveryChannel.SMS:
        return _deliver_sms(delivery, claimed_at, alert, kind, subject)
    _finish(pk, claimed_at, state=DeliveryState.FAILED, last_error="unknown channel")
    return DeliveryState.FAILED


def _deliver_sms(delivery: AlertDelivery, claimed_at: datetime, alert: Alert, kind: str, subject: str) -> str:
    from . import sms

    pref = AlertPreference.objects.filter(user_id=delivery.recipient.user_id).first()
    text = f"{subject}. {alert.instructions if kind == 'alert' else alert.outcome}".strip()
    base = str(getattr(settings, "BUURTPREVENTIE", {}).get("PUBLIC_BASE_URL", "")).rstrip("/")
    text = f"{text} {base}/alarm/{alert.pk}/" if base else text
    try:
        sms.send_sms(to=pref.sms_number if pref else "", text=text)
    except sms.SmsRejected as exc:
        _finish(delivery.pk, claimed_at, state=DeliveryState.FAILED, last_error=str(exc)[:200])
        return DeliveryState.FAILED
    except Exception as exc:  # gateway down, timeouts: retry
        return _retry_or(delivery.pk, delivery, claimed_at, f"{type(exc).__name__}: {exc}")
    _finish(delivery.pk, claimed_at, state=DeliveryState.SENT, sent_at=timezone.now(), last_error="")
    return DeliveryState.SENT


def _deliver_push(delivery: AlertDelivery, claimed_at: datetime, alert: Alert, kind: str, subject: str) -> str:
    from . import push

    now = timezone.now()
    subs = list(PushSubscription.objects.filter(user_id=delivery.recipient.user_id, failed_at__isnull=True))
    payload = {"title": subject, "body": alert.instructions if kind == "alert" else alert.outcome,
               "url": f"/alarm/{alert.pk}/", "alert_id": alert.pk, "kind": kind}
    if kind == "alert":  # the service worker posts this back once the notification is shown ("seen")
        payload["receipt"] = push_receipt_token(delivery.recipient_id)
    results = []
    for sub in subs:
        result = push.send_push(sub, payload, acute=kind == "alert")
        results.append(result)
        if result.outcome == "gone":  # only 404/410 (or unusable keys) end a subscription
            PushSubscription.objects.filter(pk=sub.pk).update(failed_at=now, last_error=result.detail[:200])
        elif result.outcome == "failed":
            PushSubscription.objects.filter(pk=sub.pk).update(last_error=f"{result.status} {result.detail}"[:200])
    if any(r.outcome == "sent" for r in results):
        # The push service accepted it (201): it holds the message for the phone and hands it over
        # when the phone is reachable, so the person counts as reached ("delivered").
        _finish(delivery.pk, claimed_at, state=DeliveryState.DELIVERED, sent_at=now, last_error="")
        if kind == "alert":
            AlertRecipient.objects.filter(pk=delivery.recipient_id).update(pushed_at=now)
            AlertRecipient.objects.filter(pk=delivery.recipient_id, delivered_at__isnull=True).update(
                delivered_at=now)
        return DeliveryState.DELIVERED
    retry = [r for r in results if r.outcome == "retry"]
    error = "; ".join(f"{r.status or ''} {r.detail}".strip() for r in results)[:200] or "no push subscription"
    if retry:
        waits = [r.retry_after for r in retry if r.retry_after is not None]
        state = _retry_or(delivery.pk, delivery, claimed_at, error, retry_after=max(waits) if waits else None,
                          final=DeliveryState.ESCALATED)
        if state == DeliveryState.ESCALATED:
            _escalate_to_email(delivery, claimed_at)
        return state
    _finish(delivery.pk, claimed_at, state=DeliveryState.ESCALATED, last_error=error)
    _escalate_to_email(delivery, claimed_at)
    return DeliveryState.ESCALATED


def deliver(alert_id: int, key: str) -> dict[str, int]:
    """Plan one message and send what is due of this alert (the task after each send/clear/outcome)."""
    plan(alert_id, key)
    return process_due(alert_id=alert_id)


def redrive(*, now: datetime | None = None) -> dict[str, int]:
    """After a crash: plan messages that were never planned; send what is due or stuck."""
    now = now or timezone.now()
    for alert in Alert.objects.filter(sent_at__gte=now - REDRIVE_WINDOW).only(
            "pk", "status", "deliveries_planned"):
        for key in expected_messages(alert):
            if key not in alert.deliveries_planned:
                plan(alert.pk, key, now=now)
    return process_due(now=now)


PUSH_RECEIPT_SALT = "alerts.push-receipt"
PUSH_RECEIPT_MAX_AGE = 2 * 24 * 3600  # a phone that was off for a weekend still reports


def push_receipt_token(recipient_id: int) -> str:
    """A signed token naming one recipient row: the service worker has no CSRF token or session
    of its own, so its 'shown' report is authenticated by this token alone (it only marks 'seen')."""
    from django.core import signing

    return signing.dumps(recipient_id, salt=PUSH_RECEIPT_SALT, compress=True)


def recipient_for_push_receipt(token: str) -> AlertRecipient | None:
    from django.core import signing

    try:
        pk = signing.loads(token, salt=PUSH_RECEIPT_SALT, max_age=PUSH_RECEIPT_MAX_AGE)
    except signing.BadSignature:
        return None
    return AlertRecipient.objects.filter(pk=pk).first() if isinstance(pk, int) else None


def confirm(*, recipient: AlertRecipient, stage: str) -> None:
    """The phone reports that it received (`delivered`) or showed (`seen`) the alert."""
    now = timezone.now()
    if stage == "seen":
        AlertRecipient.objects.filter(pk=recipient.pk, seen_at__isnull=True).update(seen_at=now)
    AlertRecipient.objects.filter(pk=recipient.pk, delivered_at__isnull=True).update(delivered_at=now)
    AlertDelivery.objects.filter(recipient=recipient, kind="alert", channel=DeliveryChannel.SSE).exclude(
        state=DeliveryState.DELIVERED).update(state=DeliveryState.DELIVERED)

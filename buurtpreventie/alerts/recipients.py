"""Who an alert reached, as `AlertRecipient` rows: written in one statement, and for an alert to
many people after the sending request instead of inside it.

An alert to `DEFER_FROM` people or more stores its targets on the alert as column arrays
(`Alert.recipients_pending`, one value) and the rows are written by the delivery task right after
commit (`write_pending`, idempotent, one writer under a row lock). Every read that needs the rows
before the task ran writes them first (`ensure`): a recipient answering, the dispatcher's
per-person list, the member's own alerts. So the request that sends an alert to 10,000 people
does not wait for 10,000 row inserts, index entries and foreign-key checks, and nobody ever sees
an alert without its recipients.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import connection, transaction

from .models import Alert, AlertRecipient

DEFER_FROM = 500  # recipients; below this the rows are written in the request (a few ms)


def pending_payload(targets: Sequence[Any]) -> dict[str, list[Any]]:
    """Targets (`targeting.Target`) as column arrays for `Alert.recipients_pending`."""
    return {"u": [t.user_id for t in targets], "r": [str(t.reason) for t in targets],
            "i": [t.initiative_id for t in targets], "ro": [t.round_id for t in targets]}


def insert_rows(alert_id: int, columns: dict[str, list[Any]]) -> None:
    """All recipient rows of an alert in one statement (existing ones are kept).

    PostgreSQL gets the columns as arrays (`unnest`), SQLite as one JSON document (`json_each`);
    either way one round trip, parsed in C, no model instance per row."""
    users = columns["u"]
    if not users:
        return
    table = AlertRecipient._meta.db_table
    cols = "alert_id, user_id, reason, initiative_id, round_id"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} ({cols}) "  # noqa: S608 - table name from the model
                "SELECT %s, u, r, i, ro FROM unnest(%s::bigint[], %s::text[], %s::bigint[], %s::bigint[]) "
                "AS t(u, r, i, ro) ON CONFLICT (alert_id, user_id) DO NOTHING",
                [alert_id, users, columns["r"], columns["i"], columns["ro"]],
            )
        elif connection.vendor == "sqlite":
            rows = json.dumps([list(row) for row in zip(users, columns["r"], columns["i"], columns["ro"],
                                                        strict=True)], separators=(",", ":"))
            cursor.execute(
                f"INSERT OR IGNORE INTO {table} ({cols}) "  # noqa: S608 - table name from the model
                "SELECT %s, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), "
                "json_extract(value, '$[3]') FROM json_each(%s)",
                [alert_id, rows],
            )
        else:  # pragma: no cover - the project runs on PostgreSQL and SQLite
            AlertRecipient.objects.bulk_create([
                AlertRecipient(alert_id=alert_id, user_id=u, reason=r, initiative_id=i, round_id=ro)
                for u, r, i, ro in zip(users, columns["r"], columns["i"], columns["ro"], strict=True)
            ], ignore_conflicts=True, batch_size=500)


def write_pending(alert_id: int) -> bool:
    """Write the pending recipient rows of one alert; False when there was nothing to write."""
    with transaction.atomic():
        alert = (Alert.objects.select_for_update().filter(pk=alert_id, recipients_pending__isnull=False)
                 .only("pk", "recipients_pending").first())
        if alert is None or alert.recipients_pending is None:
            return False
        insert_rows(alert.pk, alert.recipients_pending)
        Alert.objects.filter(pk=alert.pk).update(recipients_pending=None)
    return True


def ensure(alerts: Iterable[Alert]) -> None:
    """Before reading recipient rows: write those still pending (usually none)."""
    for alert in alerts:
        if alert.recipients_pending is not None:
            write_pending(alert.pk)
            alert.recipients_pending = None


def ensure_since(since: datetime) -> None:
    """Write the pending rows of every alert sent since `since` (a member's own alert list)."""
    for pk in Alert.objects.filter(recipients_pending__isnull=False, sent_at__gte=since).values_list("pk", flat=True):
        write_pending(pk)


def count(alert: Alert) -> int:
    if alert.recipients_pending is not None:
        return len(alert.recipients_pending["u"])
    return alert.recipients.count()

"""Who an alert reached, as `AlertRecipient` rows: written in one statement, and for an alert to
many people after the sending request instead of inside it.

An alert to `DEFER_FROM` people or more stores its targets on the alert, grouped by reason, team
and round (`Alert.recipients_pending`, one value: about one number per person), and the rows are
written by the delivery task right after commit (`write_pending`, idempotent, one writer under a
row lock). Every read that needs the rows before the task ran writes them first (`ensure`): a
recipient answering, the dispatcher's per-person list, the member's own alerts. So the request
that sends an alert to 10,000 people does not wait for 10,000 row inserts, index entries and
foreign-key checks, and nobody ever sees an alert without its recipients.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from operator import attrgetter
from typing import Any

from django.db import connection, transaction

from .models import Alert, AlertRecipient

DEFER_FROM = 500  # recipients; below this the rows are written in the request (a few ms)


_group_key = attrgetter("reason", "initiative_id", "round_id")
_user_id = attrgetter("user_id")


def pending_payload(targets: Sequence[Any]) -> dict[str, Any]:
    """Targets (`targeting.Target`) for `Alert.recipients_pending`, grouped by (reason, team,
    round): `{"g": [[reason, initiative_id, round_id, [user ids]], ...]}`.

    An alert to many people reaches mostly residents (no team, no round), so the document is about
    one number per person: a quarter of the column arrays it replaces, which the sending request
    encodes and PostgreSQL parses into jsonb while the sender waits."""
    groups: defaultdict[tuple[str, int | None, int | None], list[int]] = defaultdict(list)
    for key, user_id in zip(map(_group_key, targets), map(_user_id, targets), strict=True):
        groups[key].append(user_id)
    return {"g": [[str(reason), initiative, rnd, users] for (reason, initiative, rnd), users in groups.items()]}


def payload_columns(payload: dict[str, Any]) -> dict[str, list[Any]]:
    """A pending payload as column arrays, one value per row (also the older, ungrouped form)."""
    if "g" not in payload:
        return payload  # stored as column arrays by an earlier version
    columns: dict[str, list[Any]] = {"u": [], "r": [], "i": [], "ro": []}
    for reason, initiative, rnd, users in payload["g"]:
        columns["u"] += users
        columns["r"] += [reason] * len(users)
        columns["i"] += [initiative] * len(users)
        columns["ro"] += [rnd] * len(users)
    return columns


def payload_user_ids(payload: dict[str, Any]) -> list[int]:
    """Everyone a pending payload reaches."""
    if "g" not in payload:
        return list(payload["u"])
    return [user for group in payload["g"] for user in group[3]]


def insert_rows(alert_id: int, payload: dict[str, Any]) -> None:
    """All recipient rows of an alert (a `pending_payload`) in one statement (existing ones are kept).

    PostgreSQL gets the columns as arrays (`unnest`), SQLite as one JSON document (`json_each`);
    either way one round trip, parsed in C, no model instance per row."""
    columns = payload_columns(payload)
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
        return len(payload_user_ids(alert.recipients_pending))
    return alert.recipients.count()

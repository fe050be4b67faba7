"""Who an alert reached, as `AlertRecipient` rows: written in one statement, and for an alert to
many people after the sending request instead of inside it.

An alert to `DEFER_FROM` people or more stores its targets on the alert, grouped by reason, team
and round, each group's user ids packed into one string (`Alert.recipients_pending`, about two
bytes per person), and the rows are written by the delivery task right after commit
(`write_pending`, idempotent, one writer under a row lock). Every read that needs the rows before
the task ran writes them first (`ensure`): a recipient answering, the dispatcher's per-person
list, the member's own alerts. So the request that sends an alert to 10,000 people does not wait
for 10,000 row inserts, index entries and foreign-key checks, and nobody ever sees an alert
without its recipients.
"""

from __future__ import annotations

import base64
import json
import sys
import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from itertools import accumulate
from operator import attrgetter, sub
from typing import Any

from django.db import connection, transaction

from .models import Alert, AlertRecipient, RecipientReason

DEFER_FROM = 500  # recipients; below this the rows are written in the request (a few ms)


_group_key = attrgetter("reason", "initiative_id", "round_id")
_user_id = attrgetter("user_id")
RESIDENT = RecipientReason.RESIDENT.value


def pack_ids(user_ids: Iterable[int]) -> str:
    """User ids as one short string: sorted, as differences (small numbers), 64-bit little-endian,
    zlib, base64. 10,000 ids become ~20 KB of text that PostgreSQL stores as one jsonb string,
    instead of 10,000 jsonb numbers it parses one by one while the sender waits."""
    ids = sorted(user_ids)
    deltas = array("q", ids[:1])
    deltas.extend(map(sub, ids[1:], ids[:-1]))
    if sys.byteorder == "big":  # pragma: no cover - stored little-endian everywhere
        deltas.byteswap()
    return base64.b64encode(zlib.compress(deltas.tobytes(), 1)).decode("ascii")


def unpack_ids(packed: str) -> list[int]:
    deltas = array("q")
    deltas.frombytes(zlib.decompress(base64.b64decode(packed)))
    if sys.byteorder == "big":  # pragma: no cover
        deltas.byteswap()
    return list(accumulate(deltas))


def pending_payload(targets: Sequence[Any], resident_ids: Sequence[int] = ()) -> dict[str, Any]:
    """Targets (`targeting.Target`) and residents (bare user ids) for `Alert.recipients_pending`,
    grouped by (reason, team, round), each group's people packed (`pack_ids`):
    `{"p": [[reason, initiative_id, round_id, packed ids], ...]}`.

    An alert to many people reaches mostly residents (no team, no round): one group, one string."""
    groups: defaultdict[tuple[str, int | None, int | None], list[int]] = defaultdict(list)
    for key, user_id in zip(map(_group_key, targets), map(_user_id, targets), strict=True):
        groups[key].append(user_id)
    if resident_ids:
        groups[(RESIDENT, None, None)].extend(resident_ids)
    return {"p": [[str(reason), initiative, rnd, pack_ids(users)]
                  for (reason, initiative, rnd), users in groups.items()]}


def _groups(payload: dict[str, Any]) -> list[tuple[str, int | None, int | None, list[int]]]:
    """The (reason, team, round, user ids) groups of a pending payload in any stored form."""
    if "p" in payload:
        return [(reason, initiative, rnd, unpack_ids(packed)) for reason, initiative, rnd, packed in payload["p"]]
    if "g" in payload:  # grouped, ids as numbers (before packing)
        return [(reason, initiative, rnd, users) for reason, initiative, rnd, users in payload["g"]]
    # column arrays, one value per row (before grouping)
    return [(r, i, ro, [u]) for u, r, i, ro in zip(payload["u"], payload["r"], payload["i"], payload["ro"],
                                                   strict=True)]


def payload_columns(payload: dict[str, Any]) -> dict[str, list[Any]]:
    """A pending payload (any stored form) as column arrays, one value per row."""
    columns: dict[str, list[Any]] = {"u": [], "r": [], "i": [], "ro": []}
    for reason, initiative, rnd, users in _groups(payload):
        columns["u"] += users
        columns["r"] += [reason] * len(users)
        columns["i"] += [initiative] * len(users)
        columns["ro"] += [rnd] * len(users)
    return columns


def payload_user_ids(payload: dict[str, Any]) -> list[int]:
    """Everyone a pending payload reaches."""
    return [user for group in _groups(payload) for user in group[3]]


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

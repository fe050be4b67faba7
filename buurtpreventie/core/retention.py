"""Retention (AVG): how long each category of personal data is kept, and one command that purges.

Apps register a purge function per category in their `AppConfig.ready()`:

    retention.register("reports", purge_reports)   # fn(*, cutoff: datetime, now: datetime) -> int

`manage.py purge_retention` (in the scheduler's `PERIODIC_COMMANDS`) calls each with the cutoff
`now - settings.BUURTPREVENTIE["RETENTION_DAYS"][category]` days. A category set to 0 or missing
is kept. core imports no domain app: the registry is how it reaches them. Live positions have
their own, shorter retention (`POSITION_RETENTION_DAYS`, `manage.py purge_positions`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

PurgeFn = Callable[..., int]
_registry: dict[str, list[PurgeFn]] = {}

DEFAULT_DAYS = {
    "stale_rounds": 1,      # a round still "running" after this many days is ended automatically
    "observations": 365,    # observations in patrol reports (people described!)
    "reports": 730,         # free texts of patrol reports; the report itself stays, anonymised
    "applications": 365,    # declined/withdrawn applications of residents
    "contacts": 1095,       # contact log between professionals and teams
    "audit": 1825,          # audit log
}


def register(category: str, fn: PurgeFn) -> None:
    fns = _registry.setdefault(category, [])
    if fn not in fns:
        fns.append(fn)


def retention_days() -> dict[str, int]:
    configured: Any = settings.BUURTPREVENTIE.get("RETENTION_DAYS", {})
    return {**DEFAULT_DAYS, **{k: int(v) for k, v in dict(configured).items()}}


def purge_all(*, now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    days = retention_days()
    done: dict[str, int] = {}
    for category, fns in _registry.items():
        keep = days.get(category, 0)
        if keep <= 0:
            continue
        cutoff = now - timedelta(days=keep)
        done[category] = sum(fn(cutoff=cutoff, now=now) for fn in fns)
    if any(done.values()):
        from .audit import audit_record

        audit_record(actor=None, action="retention.purge", detail=done)
    return done

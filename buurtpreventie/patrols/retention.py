"""Retention of patrol data (registered with core.retention in apps.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max

from .models import Observation, PatrolReport, Round, RoundStatus


def end_stale_rounds(*, cutoff: datetime, now: datetime) -> int:
    """Rounds still "running" since before the cutoff were forgotten: end them, so their positions
    fall under the position retention (positions of a running round are never purged)."""
    count = 0
    for rnd in Round.objects.filter(status=RoundStatus.RUNNING, started_at__lt=cutoff):
        last = rnd.positions.aggregate(last=Max("recorded_at"))["last"]  # type: ignore[attr-defined]
        ended = last or min(now, (rnd.started_at or now) + timedelta(hours=4))
        with transaction.atomic():
            count += Round.objects.filter(pk=rnd.pk, status=RoundStatus.RUNNING).update(
                status=RoundStatus.ENDED, ended_at=ended)
    return count


def purge_observations(*, cutoff: datetime, now: datetime) -> int:
    deleted, _ = Observation.objects.filter(observed_at__lt=cutoff).delete()
    return deleted


def anonymise_reports(*, cutoff: datetime, now: datetime) -> int:
    """Old reports keep their numbers (route, quality, counts) but lose their free texts."""
    return PatrolReport.objects.filter(submitted_at__lt=cutoff).exclude(
        notes="", conversation_topics="", extra_answers={}).update(notes="", conversation_topics="", extra_answers={})

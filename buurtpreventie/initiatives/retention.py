"""Retention of residents' applications (registered with core.retention in apps.py)."""

from __future__ import annotations

from datetime import datetime

from .models import Application, ApplicationStatus

REMOVED = "(verwijderd)"


def anonymise_closed_applications(*, cutoff: datetime, now: datetime) -> int:
    """Declined and withdrawn applications lose the applicant's personal data after the retention."""
    return Application.objects.filter(
        status__in=[ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN], submitted_at__lt=cutoff,
    ).exclude(full_name=REMOVED).update(full_name=REMOVED, email="verwijderd@example.invalid", phone="",
                                        motivation="", intake_notes="", intake_why="")

"""Contact-rhythm arithmetic (F12). Pure functions; dates are local dates in Europe/Amsterdam.

A contact's moment is stored in UTC. What counts is the *local* calendar date in the
municipality's time zone (settings.TIME_ZONE, Europe/Amsterdam): a call at 00:30 on 1 March
local time (23:30 UTC on 28 February) was a March contact. The next contact is due the same
day of the month `months` later (clamped to the month's last day: 31 January + 1 month = 28 or
29 February). A contact is overdue from the day *after* its due date. DST changes do not matter
because we compare local dates, never durations.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_date(moment: datetime) -> date:
    """The calendar date of an aware datetime in the municipality's time zone."""
    return moment.astimezone(local_zone()).date()


def today_local(now: datetime | None = None) -> date:
    from django.utils import timezone

    return local_date(now or timezone.now())


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def due_on(last: date, months: int) -> date:
    return add_months(last, months)


def days_overdue(due: date, today: date) -> int:
    """0 when not overdue; otherwise the number of days past the due date."""
    return max(0, (today - due).days)

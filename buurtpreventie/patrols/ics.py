"""The personal round calendar (RFC 5545), written by the `icalendar` library so escaping, line folding
and CRLF endings are right for strict parsers (a meeting point with a line break used to break the feed).
UIDs are qualified with the installation's host, so two installations never collide in one calendar."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.urls import reverse
from icalendar import Calendar, Event

from .models import Round


def _host(base_url: str) -> str:
    return urlsplit(base_url).hostname or "buurtpreventie.invalid"


def _clean(text: str) -> str:
    """One line ending style (icalendar escapes \\n; a bare \\r would survive into the value)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def calendar_for_rounds(rounds: Iterable[Round], *, base_url: str, uid_host: str | None = None) -> str:
    host = uid_host or _host(base_url)
    calendar = Calendar()
    calendar.add("prodid", "-//Buurtpreventie//Looprondes//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Looprondes")
    now = datetime.now(tz=UTC)
    for r in rounds:
        url = base_url + reverse("patrols:round_detail", args=[r.pk])
        event = Event()
        event.add("uid", f"round-{r.pk}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", r.planned_start.astimezone(UTC))
        event.add("dtend", r.planned_end.astimezone(UTC))
        event.add("summary", _clean("Loopronde " + r.initiative.name))
        if r.meeting_point:
            event.add("location", _clean(r.meeting_point))
        event.add("description", url)
        event.add("url", url)
        event.add("status", "CANCELLED" if r.status == "cancelled" else "CONFIRMED")
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical.decode("utf-8")

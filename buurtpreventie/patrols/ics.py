"""A minimal RFC 5545 writer for the personal round calendar (no extra dependency)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.urls import reverse

from .models import Round


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold lines longer than 75 octets (RFC 5545 3.1)."""
    raw = line.encode()
    if len(raw) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > 74:
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_for_rounds(rounds: Iterable[Round], *, base_url: str) -> str:
    now = datetime.now(tz=UTC)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Buurtpreventie//Looprondes//NL",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Looprondes"]
    for r in rounds:
        url = base_url + reverse("patrols:round_detail", args=[r.pk])
        lines += [
            "BEGIN:VEVENT",
            f"UID:round-{r.pk}@buurtpreventie",
            f"DTSTAMP:{_stamp(now)}",
            f"DTSTART:{_stamp(r.planned_start)}",
            f"DTEND:{_stamp(r.planned_end)}",
            f"SUMMARY:{_escape('Loopronde ' + r.initiative.name)}",
            f"LOCATION:{_escape(r.meeting_point)}",
            f"DESCRIPTION:{_escape(url)}",
            f"URL:{url}",
            "STATUS:" + ("CANCELLED" if r.status == "cancelled" else "CONFIRMED"),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"

"""Dutch (and English) formats through Django's localisation: {% load bp_format %}.

    {{ 12705|number }}        → 12.705 (nl) / 12,705 (en)
    {{ amount|euro }}         → € 120,00 (nl) / €120.00 (en)
    {{ date|shortdate }}      → 2 dec. 2026, 31 mei 2027 (nl) / 2 Dec 2026 (en)
    {{ moment|shortdatetime }} → 2 dec. 2026 21:30 (nl) / 2 Dec 2026 21:30 (en); ":s" adds seconds
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import formats, timezone, translation

register = template.Library()


@register.filter
def number(value: Any) -> str:
    """A whole number with the thousands separator of the active language."""
    if value is None or value == "":
        return ""
    try:
        return formats.number_format(int(value), force_grouping=True)
    except (TypeError, ValueError):
        return str(value)


@register.filter
def euro(value: Any) -> str:
    """An amount in euros with two decimals in the style of the active language."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = formats.number_format(amount, decimal_pos=2, force_grouping=True)
    return f"€ {text}" if translation.get_language() == "nl" else f"€{text}"


@register.filter
def shortdate(value: date | datetime | None) -> str:
    """Day, abbreviated month and year: "2 dec. 2026" ("mei" has no abbreviation, so no full stop)."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if translation.get_language() != "nl":
        return formats.date_format(value, "j M Y")
    month = formats.date_format(value, "b")  # "dec", "mei"
    full = formats.date_format(value, "F").lower()
    dot = "" if month == full else "."
    return f"{value.day} {month}{dot} {value.year}"


@register.filter
def shortdatetime(value: datetime | None, seconds: str = "") -> str:
    """`shortdate` with the time of day (local time): "2 dec. 2026 21:30"."""
    if value is None or value == "":
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{shortdate(value)} {formats.time_format(value, 'H:i:s' if seconds == 's' else 'H:i')}"


@register.filter
def has_required_fields(form: Any) -> bool:
    """Whether a form shows a required field (then the page explains the `*`)."""
    visible = getattr(form, "visible_fields", None)
    if not callable(visible):
        return False
    return any(field.field.required for field in visible())

"""Dutch (and English) formats through Django's localisation: {% load bp_format %}.

    {{ 12705|number }}        → 12.705 (nl) / 12,705 (en)
    {{ amount|euro }}         → € 120,00 (nl) / €120.00 (en)
    {{ date|shortdate }}      → 2 dec. 2026, 31 mei 2027 (nl) / 2 Dec 2026 (en)
    {{ moment|shortdatetime }} → 2 dec. 2026 21:30 (nl) / 2 Dec 2026 21:30 (en); ":s" adds seconds
"""

from __future__ import annotations

import functools
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


@functools.lru_cache(maxsize=256)
def _month_text(language: str | None, month: int) -> str:
    """The month as shortdate writes it ("dec.", "mei"; "Dec" in English), per language: a page
    of 50 inbox rows formats 100 dates, and the month names never change while running."""
    sample = date(2000, month, 1)
    if language != "nl":
        return formats.date_format(sample, "M")
    short = formats.date_format(sample, "b")  # "dec", "mei"
    full = formats.date_format(sample, "F").lower()
    return short if short == full else f"{short}."


@register.filter
def shortdate(value: date | datetime | None) -> str:
    """Day, abbreviated month and year: "2 dec. 2026" ("mei" has no abbreviation, so no full stop)."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.day} {_month_text(translation.get_language(), value.month)} {value.year}"


@register.filter
def shortdatetime(value: datetime | None, seconds: str = "") -> str:
    """`shortdate` with the time of day (local time): "2 dec. 2026 21:30"."""
    if value is None or value == "":
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{shortdate(value)} {value:%H:%M:%S}" if seconds == "s" else f"{shortdate(value)} {value:%H:%M}"


@register.filter
def has_required_fields(form: Any) -> bool:
    """Whether a form shows a required field (then the page explains the `*`)."""
    visible = getattr(form, "visible_fields", None)
    if not callable(visible):
        return False
    return any(field.field.required for field in visible())

"""SMS gateway interface. A municipality plugs in its provider by naming a backend class in
`BUURTPREVENTIE["SMS_BACKEND"]` (dotted path); the default writes messages to the log and keeps
them in `outbox` (development, tests). A backend implements `send(*, to, text) -> str` (the
provider's message id) and raises `SmsError` (temporary: retried with backoff) or
`SmsRejected` (the number is wrong: not retried). See docs/operations.md, "SMS".
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

outbox: list[dict[str, str]] = []
MAX_LENGTH = 459  # three concatenated GSM-7 parts


class SmsError(Exception):
    """Temporary failure (gateway down, rate limited): retry later."""


class SmsRejected(Exception):
    """Permanent failure (invalid number, opted out at the operator): do not retry."""


def normalise_number(number: str) -> str:
    """Dutch mobile numbers to E.164 (+316...); other international numbers kept; '' when invalid."""
    digits = re.sub(r"[\s\-().]", "", number or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if digits.startswith("06") and len(digits) == 10:
        digits = "+31" + digits[1:]
    return digits if re.fullmatch(r"\+[1-9]\d{7,14}", digits) else ""


class ConsoleSmsBackend:
    """Development and tests: log the message and keep it in `outbox`."""

    def send(self, *, to: str, text: str) -> str:
        outbox.append({"to": to, "text": text})
        logger.info("SMS to %s: %s", to, text)
        return f"console-{len(outbox)}"


def get_backend() -> Any:
    path = str(getattr(settings, "BUURTPREVENTIE", {}).get("SMS_BACKEND", "")
               or "buurtpreventie.alerts.sms.ConsoleSmsBackend")
    return import_string(path)()


def send_sms(*, to: str, text: str) -> str:
    number = normalise_number(to)
    if not number:
        raise SmsRejected(f"invalid number {to!r}")
    return str(get_backend().send(to=number, text=text[:MAX_LENGTH]))

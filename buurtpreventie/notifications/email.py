"""The only place that hands e-mail to Django's mail API (a test keeps it that way)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.mail import EmailMultiAlternatives


def send_now(
    *,
    to: Sequence[str],
    subject: str,
    body: str,
    html: str = "",
    reply_to: Sequence[str] = (),
    headers: Mapping[str, str] | None = None,
    fail_silently: bool = False,
) -> bool:
    """Send one rendered message now. Callers use `notify`; a task that already renders per
    recipient and must know the outcome (alert delivery) may call this directly."""
    recipients = [address for address in to if address]
    if not recipients:
        return False
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        to=recipients,
        reply_to=list(reply_to),
        headers=dict(headers or {}),
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send(fail_silently=fail_silently) > 0

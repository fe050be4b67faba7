"""E-mails to applicants and coordinators. Sent after commit, in the recipient's language."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from .models import Application


def absolute(path: str) -> str:
    return str(settings.BUURTPREVENTIE.get("PUBLIC_BASE_URL", "")).rstrip("/") + path


def status_link(application: Application) -> str:
    return absolute(
        reverse(
            "public:application_status",
            kwargs={"slug": application.municipality.slug, "token": application.token},
        )
    )


def mail_on_commit(*, to: list[str], language: str, build: Callable[[], tuple[str, str]]) -> None:
    """Build subject and body in `language` and send once the transaction has committed."""
    recipients = [r for r in to if r]
    if not recipients:
        return

    def _send() -> None:
        with translation.override(language or "nl"):
            subject, body = build()
        send_mail(subject, body, None, recipients, fail_silently=True)

    transaction.on_commit(_send)

"""Background work (django-tasks): e-mail goes out from the task worker, after the commit."""

from __future__ import annotations

from django_tasks import task

from .email import send_now


@task()
def send_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    html: str = "",
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> bool:
    """Send one message that `notify` rendered in the recipient's language. A failure is raised,
    so the worker records the task as failed instead of losing the message silently."""
    return send_now(to=to, subject=subject, body=body, html=html, reply_to=reply_to or (), headers=headers)

"""notify(recipients, template, context, channels): every notice and e-mail of the platform.

- Rendered per recipient, in the recipient's language (`user.language`, or the language an
  applicant without an account chose).
- E-mail: `<template>_subject.txt`, `<template>.txt` and, when it exists, `<template>.html`
  (text templates use `{% autoescape off %}`). Rendered now (inside the caller's transaction,
  so the context may hold model instances) and handed to the `send_email` task after the commit;
  nothing is sent for a transaction that rolls back.
- Notice (in-app): stored as template name + JSON parameters (`<template>_notice.txt`), rendered
  when read, in the reader's language. Written inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation

from .links import absolute_url
from .models import Notice

if TYPE_CHECKING:
    # The project's user model, named without importing `accounts` (core and notifications sit below
    # it): django-stubs' plugin expands these aliases to AUTH_USER_MODEL (| AnonymousUser).
    from django.contrib.auth.models import _User

EMAIL = "email"
NOTICE = "notice"
CHANNELS = frozenset({EMAIL, NOTICE})


@dataclass(frozen=True)
class Recipient:
    """Who gets a notification. `user` is needed for notices; `context` holds personal parts
    (a personal link, an unsubscribe token) and `headers` per-recipient e-mail headers."""

    email: str = ""
    language: str = "nl"
    name: str = ""
    user: _User | None = None
    context: Mapping[str, Any] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)


def recipient(target: Any, **context: Any) -> Recipient:
    """A `Recipient` for a user (or an existing Recipient), with personal context added."""
    if isinstance(target, Recipient):
        return Recipient(
            email=target.email,
            language=target.language,
            name=target.name,
            user=target.user,
            context={**target.context, **context},
            headers=target.headers,
        )
    return Recipient(
        email=getattr(target, "email", "") or "",
        language=getattr(target, "language", "") or "nl",
        name=str(target),
        user=target,
        context=context,
    )


def _render_email(template: str, context: Mapping[str, Any]) -> dict[str, str]:
    subject = " ".join(render_to_string(f"{template}_subject.txt", dict(context)).split())
    body = render_to_string(f"{template}.txt", dict(context)).strip() + "\n"
    try:
        html = get_template(f"{template}.html").render(dict(context))
    except TemplateDoesNotExist:
        html = ""
    return {"subject": subject, "body": body, "html": html}


def _enqueue_after_commit(message: dict[str, Any]) -> None:
    from .tasks import send_email

    transaction.on_commit(lambda: send_email.enqueue(**message))


def notify(
    recipients: Iterable[Any],
    template: str,
    context: Mapping[str, Any] | None = None,
    channels: Iterable[str] = (EMAIL,),
    *,
    url: str = "",
    reply_to: Sequence[str] = (),
    per_recipient: Callable[[Recipient], Mapping[str, Any]] | None = None,
) -> int:
    """Notify each recipient (a user or a `Recipient`) on the given channels; returns how many
    recipients were reached on at least one channel.

    `context` is shared; `per_recipient(r)` may add personal parts. For the notice channel the
    context must be JSON (it is stored and rendered again when read).
    """
    wanted = set(channels)
    unknown = wanted - CHANNELS
    if unknown:
        raise ValueError(f"unknown channels: {sorted(unknown)}")
    shared = dict(context or {})
    reached = 0
    for target in recipients:
        person = recipient(target)
        personal = {**shared, **person.context, **(per_recipient(person) if per_recipient else {})}
        done = False
        if NOTICE in wanted and person.user is not None:
            params = json.loads(json.dumps(personal))  # only JSON is stored; fails loudly otherwise
            with translation.override("nl"):  # the source text, for search and as a fallback
                source = " ".join(render_to_string(f"{template}_notice.txt", params).split())
            Notice.objects.create(
                user=person.user, text=source[:300], template=template, params=params, url=url[:300]
            )
            done = True
        if EMAIL in wanted and person.email:
            with translation.override(person.language or "nl"):
                link = absolute_url(url) if url else ""
                rendered = _render_email(template, {"link": link, **personal, "recipient": person})
            _enqueue_after_commit(
                {
                    "to": [person.email],
                    **rendered,
                    "reply_to": list(reply_to),
                    "headers": dict(person.headers),
                }
            )
            done = True
        reached += int(done)
    return reached


def notices_mark_read(*, actor: _User) -> int:
    from django.utils import timezone

    return Notice.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())

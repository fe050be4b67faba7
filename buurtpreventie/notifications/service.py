"""notify(recipients, template, context, channels): every notice and e-mail of the platform.

- Rendered per recipient, in the recipient's language (`user.language`, or the language an
  applicant without an account chose).
- E-mail: `<template>_subject.txt`, `<template>.txt` and, when it exists, `<template>.html`
  (text templates use `{% autoescape off %}`). Rendered now (inside the caller's transaction,
  so the context may hold model instances) and handed to the `send_email` task after the commit;
  nothing is sent for a transaction that rolls back.
- Notice (in-app): stored as template name + JSON parameters (`<template>_notice.txt`), rendered
  when read, in the reader's language. Written inside the caller's transaction.
- Message type (`message_type=`, a `MessageType`): a person who switched that type off gets
  nothing; a message without a type (own application, account, membership) always goes.
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

from buurtpreventie.core.audit import audit_record

from .links import absolute_url
from .models import MessageType, MessageTypeOptOut, Notice

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
    message_type: str | None = None,
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
    people = [recipient(target) for target in recipients]
    muted = opted_out_user_ids([p.user.pk for p in people if p.user is not None], message_type)
    reached = 0
    for person in people:
        if person.user is not None and person.user.pk in muted:
            continue  # the person switched this type of message off
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


def opted_out_user_ids(user_ids: Iterable[int], message_type: str | None) -> set[int]:
    """Who of these people switched `message_type` off (none for a message without a type)."""
    if message_type is None:
        return set()
    if message_type not in MessageType.values:
        raise ValueError(f"unknown message type: {message_type}")
    ids = list(user_ids)
    if not ids:
        return set()
    return set(MessageTypeOptOut.objects.filter(user_id__in=ids, message_type=message_type)
               .values_list("user_id", flat=True))


def message_types_received(*, user: _User) -> set[str]:
    """The types this person receives (every type not switched off)."""
    off = set(MessageTypeOptOut.objects.filter(user=user).values_list("message_type", flat=True))
    return set(MessageType.values) - off


def message_types_set(*, actor: _User, receive: Iterable[str]) -> set[str]:
    """The person's own choice of message types: the ones not in `receive` are switched off."""
    wanted = set(receive)
    unknown = wanted - set(MessageType.values)
    if unknown:
        raise ValueError(f"unknown message types: {sorted(unknown)}")
    with transaction.atomic():
        MessageTypeOptOut.objects.filter(user=actor, message_type__in=wanted).delete()
        for value in set(MessageType.values) - wanted:
            MessageTypeOptOut.objects.get_or_create(user=actor, message_type=value)
        audit_record(actor=actor, action="notifications.message_types", obj=actor,
                     detail={"off": sorted(set(MessageType.values) - wanted)})
    return wanted


def notices_mark_read(*, actor: _User) -> int:
    from django.utils import timezone

    return Notice.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())

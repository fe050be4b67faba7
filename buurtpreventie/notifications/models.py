"""In-app notices: stored as source template + parameters, shown in the reader's language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """An in-app notice for one user (feedback arrived, round below minimum, …).

    New notices name a template (`<template>_notice.txt`) and its JSON parameters, so the text is
    rendered when it is read, in the reader's language. Older rows carry a ready `text` instead.
    (The table was created by the feedback app; the model moved here, the table kept its name.)
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    text = models.CharField(max_length=300, blank=True)
    template = models.CharField(max_length=200, blank=True)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "feedback_notice"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_user_idx")]

    def __str__(self) -> str:
        return self.display_text()

    def display_text(self) -> str:
        """The notice in the active language (rendered from its template and parameters)."""
        if not self.template:
            return self.text
        context: dict[str, Any] = dict(self.params or {})
        return " ".join(render_to_string(f"{self.template}_notice.txt", context).split())


class MessageType(models.TextChoices):
    """Kinds of message a person may switch off (ADR 0006). Acute alerts are not here: they always
    reach the person (their channels and the all-clear/outcome follow-ups are the alert preferences
    of the alerts app). Messages about one's own application, account or team membership carry no
    type and always go."""

    FEEDBACK = "feedback", _("Terugkoppeling op mijn loopverslagen en signalen")
    BROADCAST = "broadcast", _("Berichten aan de hele groep en nieuwsbrieven")
    REMINDER = "reminder", _("Herinneringen aan mijn rondes")


class MessageTypeOptOut(models.Model):
    """A person does not want messages of this type (no row = wants them)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_opt_outs")
    message_type = models.CharField(max_length=20, choices=MessageType.choices)
    since = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("uitgezet berichtsoort")
        verbose_name_plural = _("uitgezette berichtsoorten")
        constraints = [models.UniqueConstraint(fields=["user", "message_type"], name="message_opt_out_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.message_type}"

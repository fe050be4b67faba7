"""Base models shared by every app. `core` imports no domain app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """Append-only log of who saw or changed a sensitive record.

    Rows are never updated or deleted by the application (see `save`/`delete`).
    `municipality_id` is a plain integer so `core` stays free of domain imports.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    municipality_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Audit entries are append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("Audit entries are append-only.")


class ScheduledJob(models.Model):
    """Run state of one periodic job (`core.scheduling`): when it last ran, and who holds its lock.

    The lock is taken with one conditional UPDATE, so two scheduler processes (on two servers,
    against the same database) never run the same job at the same time; a lock of a crashed run
    expires after the job's `max_runtime`.
    """

    name = models.CharField(max_length=100, unique=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    locked_by = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("periodieke taak")
        verbose_name_plural = _("periodieke taken")

    def __str__(self) -> str:
        return self.name


class LiveEvent(models.Model):
    """The persisted sequence of real-time events on durable channels (alerts), for the in-process
    bus: the row id is the event id, so ids keep growing across restarts and deploys, and a
    client that reconnects with an old `Last-Event-ID` gets exactly what it missed."""

    id = models.BigAutoField(primary_key=True)
    channel = models.CharField(max_length=120)
    event = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("live-gebeurtenis")
        verbose_name_plural = _("live-gebeurtenissen")
        indexes = [models.Index(fields=["channel", "id"], name="live_event_channel_id")]

    def __str__(self) -> str:
        return f"{self.channel} {self.pk}"

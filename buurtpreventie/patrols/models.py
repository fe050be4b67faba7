"""Rounds (loopronden) and live positions.

Foundation slice: a planned/running/ended round, who walks it, and positions shared while it
runs. The patrols work (rosters, reports, observations) and the live-operations work (live
board, alerts, retention) extend these models.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtpreventie.areas.models import Wijk
from buurtpreventie.initiatives.models import Initiative


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    RUNNING = "running", _("Onderweg")
    ENDED = "ended", _("Afgerond")
    CANCELLED = "cancelled", _("Geannuleerd")


class Round(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="rounds")
    wijk = models.ForeignKey(Wijk, null=True, blank=True, on_delete=models.SET_NULL, related_name="rounds")
    planned_start = models.DateTimeField(_("geplande start"))
    planned_end = models.DateTimeField(_("gepland einde"))
    meeting_point = models.CharField(_("verzamelpunt"), max_length=200, blank=True)
    minimum_walkers = models.PositiveSmallIntegerField(_("minimum aantal lopers"), default=2)
    status = models.CharField(_("status"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.PLANNED)
    started_at = models.DateTimeField(_("gestart om"), null=True, blank=True)
    ended_at = models.DateTimeField(_("geëindigd om"), null=True, blank=True)
    planned_route = models.JSONField(_("geplande route (GeoJSON)"), null=True, blank=True)

    class Meta:
        ordering = ["-planned_start"]
        verbose_name = _("loopronde")
        verbose_name_plural = _("looprondes")
        indexes = [models.Index(fields=["status", "initiative"])]

    def __str__(self) -> str:
        return f"{self.initiative} {timezone.localtime(self.planned_start):%d-%m-%Y %H:%M}"

    @property
    def municipality_id(self) -> int:
        return self.initiative.municipality_id


class RoundParticipant(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="round_signups")
    signed_up_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    shares_position = models.BooleanField(_("deelt live locatie"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="round_participant_unique")]


class Position(models.Model):
    """A position shared while a round runs. Purged after the configured retention."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="positions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    lat = models.FloatField()
    lon = models.FloatField()
    accuracy_m = models.FloatField(null=True, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["recorded_at"]
        indexes = [models.Index(fields=["round", "recorded_at"])]

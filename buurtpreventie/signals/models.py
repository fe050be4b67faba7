"""Signals (*signalen*): what an app group's admin or member, or a team member outside a round,
saw and passes to the one counter. What was seen uses the patrol report's field list
(`patrols.models.WhatWasSeen`), so the anti-profiling guard is the same rule for both forms."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtpreventie.patrols.models import ReportStatus, WhatWasSeen

SAAR_RULE = _("Signaleer, Alarmeer 112, App de groep, Reageer")


class CalledBy(models.TextChoices):
    ME = "me", _("Ik zelf")
    GROUP_MEMBER = "group_member", _("Iemand anders uit de groep")
    OTHER = "other", _("Iemand anders (bijvoorbeeld een buurtbewoner)")


class Signal(WhatWasSeen):
    """One signal. `municipality` and `wijk` are copied for the counter's indexes (as on reports)."""

    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.CASCADE, related_name="signals")
    municipality = models.ForeignKey("areas.Municipality", on_delete=models.CASCADE, related_name="+")
    wijk = models.ForeignKey("areas.Wijk", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signals")
    client_uuid = models.UUIDField(unique=True, null=True, blank=True)
    observed_at = models.DateTimeField(_("wanneer"))
    place = models.CharField(_("waar (straat, hoek)"), max_length=200)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    # SAAR: was 112 called, by whom, when.
    called_112 = models.BooleanField(_("112 gebeld"), null=True, blank=True)
    called_112_by = models.CharField(_("door wie"), max_length=16, choices=CalledBy.choices, blank=True)
    called_112_at = models.DateTimeField(_("wanneer gebeld"), null=True, blank=True)
    photo = models.ImageField(_("foto"), upload_to="signals/%Y/%m/", null=True, blank=True)
    defect = models.OneToOneField("patrols.Defect", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="signal")
    extra_answers = models.JSONField(_("antwoorden extra vragen"), default=dict, blank=True)
    quality_score = models.PositiveSmallIntegerField(_("kwaliteitsscore"), default=0)
    quality_missing = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    # The one counter (the feedback app writes these through its services; history is append-only there).
    status = models.CharField(_("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.NEW)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="assigned_signals")

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        indexes = [
            models.Index(fields=["municipality", "-submitted_at", "-id"], name="signal_inbox_idx"),
            models.Index(fields=["municipality", "wijk", "-submitted_at", "-id"], name="signal_inbox_wijk_idx"),
            # The counter by status (the loket's "new signals" on every load): as on reports, so
            # finding the few new ones never reads the area's whole history.
            models.Index(fields=["municipality", "status", "-submitted_at", "-id"], name="signal_inbox_status_idx"),
            models.Index(fields=["municipality", "wijk", "status", "-submitted_at", "-id"],
                         name="signal_inbox_wijk_status_idx"),
            models.Index(fields=["initiative", "-submitted_at"], name="signal_group_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} {timezone.localtime(self.observed_at):%d-%m-%Y %H:%M}"

    @property
    def street(self) -> str:
        """The place without house numbers: safe to share with the group (no neighbour's address)."""
        words = [w for w in self.place.replace(",", " ").split() if not any(c.isdigit() for c in w)]
        return " ".join(words)

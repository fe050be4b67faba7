"""Running a team or app group: invite links (signed, expiring, revocable, optional approval) and
the coordinator's broadcasts to all members. (Versioned house rules live with the other house-rules
models in `initiatives.models.house_rules`.)"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InviteLink(models.Model):
    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.CASCADE, related_name="invite_links")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("geldig tot"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    requires_approval = models.BooleanField(_("aanmeldingen eerst goedkeuren"), default=False)
    nonce = models.CharField(max_length=32)
    uses = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uitnodigingslink")
        verbose_name_plural = _("uitnodigingslinks")

    def __str__(self) -> str:
        return f"{self.initiative} {self.created_at:%Y-%m-%d}"

    def is_usable(self, now: object = None) -> bool:
        moment = now or timezone.now()
        return self.revoked_at is None and self.expires_at > moment  # type: ignore[operator]


class InviteRequest(models.Model):
    """Someone used a link that needs the lead's approval."""

    link = models.ForeignKey(InviteLink, on_delete=models.CASCADE, related_name="requests")
    full_name = models.CharField(_("naam"), max_length=160)
    email = models.EmailField(_("e-mailadres"))
    language = models.CharField(max_length=8, default="nl")
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    accepted = models.BooleanField(null=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.full_name


class Broadcast(models.Model):
    """A message from a coordinator or admin to all current members (notice + e-mail + Web Push)."""

    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.CASCADE, related_name="broadcasts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("onderwerp"), max_length=160)
    body = models.TextField(_("bericht"))
    sent_at = models.DateTimeField(default=timezone.now)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("bericht aan alle leden")
        verbose_name_plural = _("berichten aan alle leden")

    def __str__(self) -> str:
        return self.subject


class ActivityKind(models.TextChoices):
    CAMPAIGN = "campaign", _("Actie (bijv. witte-voetjes-actie)")
    LIGHTING = "lighting", _("Controle buitenverlichting")
    STAND = "stand", _("Informatiekraam")
    MEETING = "meeting", _("Overleg of bijeenkomst")
    OTHER = "other", _("Anders")


class Activity(models.Model):
    """A team activity other than a round: planned, then logged as done (counts as activity)."""

    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("soort"), max_length=16, choices=ActivityKind.choices)
    title = models.CharField(_("titel"), max_length=160)
    planned_at = models.DateTimeField(_("wanneer"))
    place = models.CharField(_("waar"), max_length=200, blank=True)
    done_at = models.DateTimeField(_("gehouden op"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("aantal deelnemers"), null=True, blank=True)
    outcome = models.TextField(_("verslag"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-planned_at"]
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        indexes = [models.Index(fields=["initiative", "-planned_at"], name="activity_team_idx")]

    def __str__(self) -> str:
        return self.title


class Thanks(models.Model):
    """Appreciation the other way: a member thanks a professional (the professional gets a notice)."""

    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.CASCADE, related_name="thanks_given")
    from_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    professional = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thanks_received")
    message = models.TextField(_("bedankje"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bedankje")
        verbose_name_plural = _("bedankjes")

    def __str__(self) -> str:
        return f"{self.from_user_id} -> {self.professional_id}"

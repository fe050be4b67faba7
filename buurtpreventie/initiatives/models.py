"""Teams and app groups (initiatives) and their members.

Foundation slice: the initiative, its area and its memberships. The initiatives work
(applications, registration moments, agreements, goals, life-cycle history) extends this file.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtpreventie.areas.models import Buurt, Municipality, Wijk


class InitiativeKind(models.TextChoices):
    TEAM = "team", _("Fysiek buurtpreventieteam")
    APP_GROUP = "app_group", _("Buurtpreventie-appgroep")


class InitiativeStatus(models.TextChoices):
    APPLIED = "applied", _("Aangevraagd")
    INTAKE = "intake", _("Intake")
    AGREEMENT = "agreement", _("Afspraken")
    ACTIVE = "active", _("Actief")
    DORMANT = "dormant", _("Slapend")
    STOPPED = "stopped", _("Gestopt")


class Initiative(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="initiatives")
    name = models.CharField(_("naam"), max_length=160)
    kind = models.CharField(_("soort"), max_length=16, choices=InitiativeKind.choices, default=InitiativeKind.TEAM)
    status = models.CharField(
        _("status"), max_length=16, choices=InitiativeStatus.choices, default=InitiativeStatus.APPLIED
    )
    wijken = models.ManyToManyField(Wijk, related_name="initiatives", blank=True, verbose_name=_("wijken"))
    buurten = models.ManyToManyField(Buurt, related_name="initiatives", blank=True, verbose_name=_("buurten"))
    area_geometry = models.JSONField(_("eigen gebied (GeoJSON)"), null=True, blank=True)
    public_description = models.TextField(_("openbare omschrijving"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("initiatief")
        verbose_name_plural = _("initiatieven")

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> MembershipQuerySet:
        today = timezone.localdate()
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gt=today))


class Membership(models.Model):
    """A person's role in one initiative: member, coordinator (team) or admin (app group)."""

    ROLE_CHOICES = [
        ("member", _("Buurtprevent")),
        ("coordinator", _("Coördinator")),
        ("app_group_admin", _("Beheerder appgroep")),
    ]

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rol"), max_length=32, choices=ROLE_CHOICES, default="member")
    joined_on = models.DateField(_("lid sinds"), default=timezone.localdate)
    left_on = models.DateField(_("gestopt op"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        indexes = [models.Index(fields=["user", "initiative"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.initiative} ({self.get_role_display()})"

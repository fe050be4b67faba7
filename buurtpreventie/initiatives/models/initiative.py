"""The initiative (team or app group), its memberships and its life-cycle history."""

from __future__ import annotations

from typing import Any

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
    how_to_join = models.TextField(
        _("zo doet u mee"),
        blank=True,
        help_text=_("Openbaar: hoe bewoners mee kunnen doen (geen persoonlijke contactgegevens)."),
    )
    at_risk = models.BooleanField(_("dreigt te stoppen"), default=False)
    chat_group_size = models.PositiveIntegerField(
        _("aantal deelnemers in de groepsapp"), null=True, blank=True,
        help_text=_("Het echte aantal in de chatgroep; telt voor budget en bereik van een appgroep."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("initiatief")
        verbose_name_plural = _("initiatieven")

    def __str__(self) -> str:
        return self.name

    @property
    def is_app_group(self) -> bool:
        return self.kind == InitiativeKind.APP_GROUP

    @property
    def reach(self) -> int | None:
        """People the initiative reaches: the chat group's real size for an app group (when known)."""
        return self.chat_group_size if self.is_app_group and self.chat_group_size else None

    def lead_role(self) -> str:
        return "app_group_admin" if self.is_app_group else "coordinator"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> MembershipQuerySet:
        today = timezone.localdate()
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gt=today))

    def leads(self) -> MembershipQuerySet:
        """Current coordinators (teams) and admins (app groups): an initiative's contacts."""
        return self.current().filter(role__in=["coordinator", "app_group_admin"])


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


# --- Life cycle -----------------------------------------------------------------------------

# Which status may follow which (F2, F20). "stopped" is final; a dormant initiative may revive.
STATUS_TRANSITIONS: dict[str, set[str]] = {
    InitiativeStatus.APPLIED: {InitiativeStatus.INTAKE, InitiativeStatus.STOPPED},
    InitiativeStatus.INTAKE: {InitiativeStatus.AGREEMENT, InitiativeStatus.STOPPED},
    InitiativeStatus.AGREEMENT: {InitiativeStatus.ACTIVE, InitiativeStatus.STOPPED},
    InitiativeStatus.ACTIVE: {InitiativeStatus.DORMANT, InitiativeStatus.STOPPED, InitiativeStatus.AGREEMENT},
    InitiativeStatus.DORMANT: {InitiativeStatus.ACTIVE, InitiativeStatus.STOPPED},
    InitiativeStatus.STOPPED: set(),
}


def translate_stored(text: str, params: dict[str, Any] | None) -> str:
    """History text written by the system is stored in Dutch (the source language) with its
    parameters, so it shows in the reader's language; text people typed passes unchanged."""
    from django.utils.translation import gettext

    if not text:
        return ""
    if not params:
        return gettext(text)
    try:
        return gettext(text) % {k: gettext(v) if isinstance(v, str) and v else v for k, v in params.items()}
    except (KeyError, TypeError, ValueError):
        return text % params


class AppendOnlyModel(models.Model):
    """Rows that are history: written once, never changed or deleted by the application."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.pop("allow_update", False):
            raise ValueError("History rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("History rows are append-only.")


class InitiativeStatusChange(AppendOnlyModel):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("van"), max_length=16, choices=InitiativeStatus.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=16, choices=InitiativeStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("door"),
    )
    actor_label = models.CharField(_("door (naam)"), max_length=160, blank=True)
    reason = models.TextField(_("reden"), blank=True)
    reason_params = models.JSONField(default=dict, blank=True)
    public = models.BooleanField(_("zichtbaar voor aanvrager"), default=True)
    at = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statusgeschiedenis")

    def __str__(self) -> str:
        return f"{self.initiative}: {self.from_status} → {self.to_status}"

    def display_reason(self) -> str:
        return translate_stored(self.reason, self.reason_params)



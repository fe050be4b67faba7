"""The initiative (team or app group), its memberships and its life-cycle history."""

from __future__ import annotations

import re
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


STATUS_TONES = {"active": "success", "dormant": "warning", "stopped": "danger"}

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_DATE = re.compile(r"\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b")
_PHONE = re.compile(r"(?:\+31|0031|\b0)[\s-]?(?:\d[\s-]?){8,}")
PUBLIC_TEXT_FIELDS = ("public_description", "how_to_join")


def contact_details_problem(text: str) -> str:
    """Public texts of an initiative never carry an e-mail address or phone number (privacy of the
    coordinator; visitors use the contact form). Returns the message, or "" when the text is fine.
    The one place of this rule: the form and `initiative_update` (and so any API) ask it."""
    without_dates = _DATE.sub(" ", text or "")
    if _EMAIL.search(without_dates) or _PHONE.search(without_dates):
        return str(_("Zet hier geen e-mailadres of telefoonnummer: bezoekers sturen een bericht via de pagina."))
    return ""


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

    def save(self, *args: Any, **kwargs: Any) -> None:
        """The status changes only through the life-cycle gate (`services._common._status_change`),
        which checks STATUS_TRANSITIONS and appends the history row: the admin, the API, the demo
        and any other path that saves another status is refused here."""
        guard_status_change(self, kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    @property
    def status_tone(self) -> str:
        """The tone of the status badge (components/status_badge.html)."""
        return STATUS_TONES.get(self.status, "neutral")

    @property
    def is_app_group(self) -> bool:
        return self.kind == InitiativeKind.APP_GROUP

    @property
    def reach(self) -> int | None:
        """People the initiative reaches: the chat group's real size for an app group (when known)."""
        return self.chat_group_size if self.is_app_group and self.chat_group_size else None

    def lead_role(self) -> str:
        return "app_group_admin" if self.is_app_group else "coordinator"


def guard_status_change(obj: models.Model, update_fields: Any) -> None:
    """Refuse a status change that did not come through the gate (the gate sets `_status_gate`)."""
    if obj.pk is None or (update_fields is not None and "status" not in update_fields):
        return
    if getattr(obj, "_status_gate", False):
        obj._status_gate = False  # type: ignore[attr-defined]
        return
    stored = type(obj)._default_manager.filter(pk=obj.pk).values_list("status", flat=True).first()
    if stored is not None and stored != obj.status:  # type: ignore[attr-defined]
        raise ValueError(
            f"{type(obj).__name__} {obj.pk}: status changes go through the life-cycle gate (services)."
        )


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> MembershipQuerySet:
        today = timezone.localdate()
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gt=today))

    def leads(self) -> MembershipQuerySet:
        """Current coordinators (teams) and admins (app groups): an initiative's contacts.

        The one definition of "the leads": team roles that carry `Cap.MANAGE_TEAM`."""
        from buurtpreventie.accounts.roles import Cap, team_roles_with

        return self.current().filter(role__in=sorted(team_roles_with(Cap.MANAGE_TEAM)))


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


def initiative_transition_allowed(from_status: str, to_status: str) -> bool:
    """The transition table, asked once: "" → applied is an initiative's birth."""
    if not from_status:
        return to_status == InitiativeStatus.APPLIED
    return to_status in STATUS_TRANSITIONS.get(from_status, set())


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



"""Registration moments, information meetings and applications (F20)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtpreventie.areas.models import Municipality, Wijk

from .initiative import AppendOnlyModel, Initiative, InitiativeKind, guard_status_change, translate_stored

# --- Registration moments, information meetings and applications (F20) ---------------------


class RegistrationMoment(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="registration_moments")
    title = models.CharField(_("titel"), max_length=160)
    opens_on = models.DateField(_("aanmelden vanaf"))
    closes_on = models.DateField(_("aanmelden tot en met"))
    info_meeting_at = models.DateTimeField(_("informatiebijeenkomst op"), null=True, blank=True)
    info_meeting_location = models.CharField(_("locatie informatiebijeenkomst"), max_length=200, blank=True)
    description = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["opens_on"]
        verbose_name = _("aanmeldmoment")
        verbose_name_plural = _("aanmeldmomenten")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("De einddatum ligt vóór de begindatum.")})

    @property
    def is_open(self) -> bool:
        today = timezone.localdate()
        return self.opens_on <= today <= self.closes_on


class MeetingInvitation(models.Model):
    """A coordinator/admin of an existing initiative invited to the information meeting."""

    moment = models.ForeignKey(RegistrationMoment, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(Initiative, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    attended = models.BooleanField(_("aanwezig"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["moment", "user"], name="meeting_invitation_unique")]
        verbose_name = _("uitnodiging informatiebijeenkomst")
        verbose_name_plural = _("uitnodigingen informatiebijeenkomst")

    def __str__(self) -> str:
        return f"{self.user} — {self.moment}"


class ApplicationKind(models.TextChoices):
    START = "start", _("Een nieuw initiatief starten")
    JOIN = "join", _("Meedoen met een bestaand initiatief")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Ontvangen")
    INTAKE = "intake", _("Intakegesprek")
    ACCEPTED = "accepted", _("Toegelaten")
    DECLINED = "declined", _("Afgewezen")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


# Which application status may follow which. Intake may be planned again; decisions are final.
APPLICATION_TRANSITIONS: dict[str, set[str]] = {
    ApplicationStatus.SUBMITTED: {
        ApplicationStatus.INTAKE, ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN,
    },
    ApplicationStatus.INTAKE: {
        ApplicationStatus.INTAKE, ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN,
    },
    ApplicationStatus.ACCEPTED: set(),
    ApplicationStatus.DECLINED: set(),
    ApplicationStatus.WITHDRAWN: set(),
}


class Application(models.Model):
    """A resident's application, without an account; followed through a private link (token)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="applications")
    moment = models.ForeignKey(
        RegistrationMoment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
        verbose_name=_("aanmeldmoment"),
    )
    kind = models.CharField(_("ik wil"), max_length=8, choices=ApplicationKind.choices)
    initiative = models.ForeignKey(
        Initiative,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
        verbose_name=_("initiatief"),
    )
    initiative_kind = models.CharField(
        _("soort initiatief"), max_length=16, choices=InitiativeKind.choices, default=InitiativeKind.TEAM
    )
    proposed_name = models.CharField(_("voorgestelde naam"), max_length=160, blank=True)
    wijk = models.ForeignKey(Wijk, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("wijk"))
    full_name = models.CharField(_("naam"), max_length=160)
    email = models.EmailField(_("e-mailadres"))
    phone = models.CharField(_("telefoonnummer"), max_length=32, blank=True)
    motivation = models.TextField(_("waarom wilt u meedoen?"))
    language = models.CharField(max_length=8, default="nl")
    token = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("ontvangen op"), default=timezone.now)
    # Intake (safety officer)
    intake_at = models.DateTimeField(_("intakegesprek op"), null=True, blank=True)
    intake_notes = models.TextField(_("gespreksnotities"), blank=True)
    intake_why = models.TextField(_("waarom wil de aanvrager meedoen (3.1.3)"), blank=True)
    needs_training = models.BooleanField(_("training nodig"), default=False)
    needs_vog = models.BooleanField(_("verklaring omtrent het gedrag (VOG) nodig"), default=False)
    decision_reason = models.TextField(_("reden van het besluit"), blank=True)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.get_kind_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Status changes only through `services.applications._application_status_set` (the gate)."""
        guard_status_change(self, kwargs.get("update_fields"))
        super().save(*args, **kwargs)


class ApplicationEvent(AppendOnlyModel):
    """Append-only history of an application: every step, with who, when and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=16, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("toelichting"), blank=True)
    note_params = models.JSONField(default=dict, blank=True)
    public = models.BooleanField(default=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.status}"

    def display_note(self) -> str:
        return translate_stored(self.note, self.note_params)



"""Keeping volunteers engaged (guideline 3.2.2, 4.1, 4.2.2): contact rhythm, events,
appreciation, team budgets, newsletters and interim evaluations."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtpreventie.areas.models import Municipality
from buurtpreventie.core.files import RandomName, private_storage
from buurtpreventie.initiatives.models import Initiative

USER = settings.AUTH_USER_MODEL


# --- Contact rhythm (F12) ----------------------------------------------------------------------

class ContactRhythm(models.Model):
    """How often the municipality wants contact; defaults follow the guideline (3.2.2)."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="contact_rhythm")
    checkin_months = models.PositiveSmallIntegerField(
        _("kort contact met elke coördinator/beheerder, elke … maanden"), default=1,
        validators=[MinValueValidator(1)],
    )
    meeting_months = models.PositiveSmallIntegerField(
        _("coördinatorenoverleg, elke … maanden"), default=12, validators=[MinValueValidator(1)]
    )
    appreciation_days = models.PositiveSmallIntegerField(
        _("herinnering als een team … dagen geen blijk van waardering kreeg"), default=90,
        validators=[MinValueValidator(7)],
    )
    updated_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contactritme")
        verbose_name_plural = _("contactritmes")

    def __str__(self) -> str:
        return str(self.municipality)


class ContactKind(models.TextChoices):
    MEETING = "meeting", _("Afspraak / overleg")
    EMAIL = "email", _("E-mail")
    CALL = "call", _("Telefoontje")
    ROUND = "round", _("Meegelopen met een ronde")
    COORDINATORS_MEETING = "coordinators_meeting", _("Coördinatorenoverleg")
    EVENT = "event", _("Bijeenkomst")


class ContactLog(models.Model):
    """A contact between a professional and a coordinator or app-group admin. Append-only."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="contact_logs")
    contact_person = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="contacts_received",
                                       verbose_name=_("coördinator of beheerder"))
    professional = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="contacts_made", verbose_name=_("professional"))
    kind = models.CharField(_("soort contact"), max_length=24, choices=ContactKind.choices)
    occurred_at = models.DateTimeField(_("wanneer"), default=timezone.now)
    notes = models.TextField(_("notitie"), blank=True)
    event = models.ForeignKey("Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        indexes = [models.Index(fields=["contact_person", "initiative", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.contact_person} — {self.get_kind_display()} ({self.occurred_at:%Y-%m-%d})"


class EventKind(models.TextChoices):
    COORDINATORS_MEETING = "coordinators_meeting", _("Coördinatorenoverleg (jaarlijks)")
    MEMBER_EVENT = "member_event", _("Bijeenkomst voor alle leden (BBQ, thema-avond, teambuilding)")
    EVALUATION_MEETING = "evaluation_meeting", _("Gezamenlijke tussenevaluatie")


class Event(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("soort"), max_length=24, choices=EventKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    starts_at = models.DateTimeField(_("begint op"))
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")

    def __str__(self) -> str:
        return self.title


class EventInvitation(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="event_invitations")
    initiative = models.ForeignKey(Initiative, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    attended = models.BooleanField(_("aanwezig"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging bijeenkomst")
        verbose_name_plural = _("uitnodigingen bijeenkomsten")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="event_invitation_unique")]

    def __str__(self) -> str:
        return f"{self.event} → {self.user}"


# --- Appreciation (F13) ------------------------------------------------------------------------

class AppreciationKind(models.TextChoices):
    EMAIL = "email", _("Spontane e-mail")
    ROUND = "round", _("Meegelopen met een ronde")
    MAYOR_DRINKS = "mayor_drinks", _("Borrel op het gemeentehuis met de burgemeester")
    LOCAL_PAPER = "local_paper", _("Bericht in de lokale krant")
    SOCIAL_MEDIA = "social_media", _("Bericht op sociale media")
    OTHER = "other", _("Anders")


class Appreciation(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="appreciations")
    kind = models.CharField(_("blijk van waardering"), max_length=16, choices=AppreciationKind.choices)
    occurred_on = models.DateField(_("datum"), default=timezone.localdate)
    note = models.TextField(_("toelichting"), blank=True)
    logged_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("blijk van waardering")
        verbose_name_plural = _("waardering")

    def __str__(self) -> str:
        return f"{self.initiative} — {self.get_kind_display()} ({self.occurred_on})"


# --- Budgets (F14) -----------------------------------------------------------------------------

class BudgetBasis(models.TextChoices):
    FIXED = "fixed", _("Vast bedrag")
    PER_MEMBER = "per_member", _("Per actief lid")
    PER_INHABITANT = "per_inhabitant", _("Per inwoner van het gebied (CBS)")
    PER_ACTIVITY = "per_activity", _("Per gekozen activiteit")




class BudgetMode(models.TextChoices):
    APPROVAL = "approval", _("Per aanvraag goedkeuren")
    FREE = "free", _("Vrij in te vullen (team besteedt zelf, met uitgavenoverzicht)")


class BudgetRule(models.Model):
    """How a team's yearly budget is computed. Without a team it is the municipality's default."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="budget_rules", verbose_name=_("team"),
                                   help_text=_("Leeg = standaardregel voor alle teams van de gemeente."))
    year = models.PositiveSmallIntegerField(_("jaar"))
    basis = models.CharField(_("grondslag"), max_length=16, choices=BudgetBasis.choices)
    rate = models.DecimalField(_("bedrag (per lid, per inwoner, per activiteit of vast)"),
                               max_digits=10, decimal_places=2,
                               validators=[MinValueValidator(Decimal("0"))])
    activity = models.CharField(_("gekozen activiteit"), max_length=120, blank=True,
                                help_text=_("Alleen bij 'per gekozen activiteit', bijv. EHBO-training."))
    minimum = models.DecimalField(_("minimumbedrag"), max_digits=10, decimal_places=2, default=Decimal("0"),
                                  validators=[MinValueValidator(Decimal("0"))])
    maximum = models.DecimalField(_("maximumbedrag"), max_digits=10, decimal_places=2, null=True, blank=True,
                                  validators=[MinValueValidator(Decimal("0"))])
    mode = models.CharField(_("besteding"), max_length=16, choices=BudgetMode.choices, default=BudgetMode.APPROVAL)
    updated_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "initiative__name"]
        verbose_name = _("budgetregel")
        verbose_name_plural = _("budgetregels")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "initiative", "year"], name="budget_rule_unique_team"),
            models.UniqueConstraint(fields=["municipality", "year"], condition=models.Q(initiative__isnull=True),
                                    name="budget_rule_unique_default"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative or _('standaard')} {self.year}: {self.get_basis_display()}"


class BudgetRequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Aangevraagd")
    APPROVED = "approved", _("Goedgekeurd")
    REJECTED = "rejected", _("Afgewezen")


class BudgetRequest(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="budget_requests")
    year = models.PositiveSmallIntegerField(_("jaar"))
    amount = models.DecimalField(_("bedrag"), max_digits=10, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])
    purpose = models.TextField(_("waarvoor?"))
    requested_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("status"), max_length=16, choices=BudgetRequestStatus.choices,
                              default=BudgetRequestStatus.REQUESTED)
    decided_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("toelichting besluit"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("budgetaanvraag")
        verbose_name_plural = _("budgetaanvragen")

    def __str__(self) -> str:
        return f"{self.initiative} {self.year}: {self.amount}"


class BudgetRequestHistory(models.Model):
    """Append-only status history of a budget request."""

    request = models.ForeignKey(BudgetRequest, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=16, choices=BudgetRequestStatus.choices)
    actor = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.status} {self.at:%Y-%m-%d}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Budget history is append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Expense(models.Model):
    request = models.ForeignKey(BudgetRequest, on_delete=models.CASCADE, related_name="expenses")
    amount = models.DecimalField(_("bedrag"), max_digits=10, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])
    description = models.CharField(_("omschrijving"), max_length=200)
    spent_on = models.DateField(_("datum"), default=timezone.localdate)
    receipt = models.FileField(  # private: outside MEDIA_ROOT, served only by views.receipt
        _("bon of factuur"), upload_to=RandomName("receipts"), storage=private_storage, max_length=200,
        validators=[FileExtensionValidator(["pdf", "jpg", "jpeg", "png"])],
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["spent_on", "pk"]
        verbose_name = _("uitgave")
        verbose_name_plural = _("uitgaven")

    def __str__(self) -> str:
        return f"{self.description} {self.amount}"


# --- Learning between initiatives (F21) --------------------------------------------------------

class NewsletterStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    SENT = "sent", _("Verstuurd")


class Newsletter(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("titel"), max_length=200)
    intro = models.TextField(_("inleiding"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=NewsletterStatus.choices,
                              default=NewsletterStatus.DRAFT)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("nieuwsbrief")
        verbose_name_plural = _("nieuwsbrieven")

    def __str__(self) -> str:
        return self.title


class PracticeExample(models.Model):
    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="examples")
    initiative = models.ForeignKey(Initiative, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("van initiatief"))
    title = models.CharField(_("titel"), max_length=200)
    body = models.TextField(_("praktijkvoorbeeld"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("praktijkvoorbeeld")
        verbose_name_plural = _("praktijkvoorbeelden")

    def __str__(self) -> str:
        return self.title


class NewsletterOptOut(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="newsletter_optouts")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "user"], name="newsletter_optout_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.municipality})"


class EvaluationMeeting(models.Model):
    """A joint interim evaluation (tussenevaluatie): teams' answers, outcomes and action points."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("titel"), max_length=200)
    held_on = models.DateField(_("datum bijeenkomst"))
    questionnaire = models.ForeignKey("surveys.Questionnaire", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("vragenset"))
    outcomes = models.TextField(_("uitkomsten"), blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("evaluatiebijeenkomst")
        verbose_name_plural = _("evaluatiebijeenkomsten")

    def __str__(self) -> str:
        return self.title


class ActionPoint(models.Model):
    meeting = models.ForeignKey(EvaluationMeeting, on_delete=models.CASCADE, related_name="action_points")
    initiative = models.ForeignKey(Initiative, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("team"))
    description = models.CharField(_("actiepunt"), max_length=300)
    owner = models.CharField(_("wie"), max_length=120, blank=True)
    due_on = models.DateField(_("uiterlijk"), null=True, blank=True)
    done = models.BooleanField(_("afgerond"), default=False)

    class Meta:
        ordering = ["done", "due_on", "pk"]
        verbose_name = _("actiepunt")
        verbose_name_plural = _("actiepunten")

    def __str__(self) -> str:
        return self.description

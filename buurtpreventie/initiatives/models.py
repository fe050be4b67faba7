"""Teams and app groups (initiatives) and their members.

Foundation slice: the initiative, its area and its memberships. The initiatives work
(applications, registration moments, agreements, goals, life-cycle history) extends this file.
"""

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


# --- Members: trainings, equipment, house rules (F6, F11) -----------------------------------


class TrainingKind(models.TextChoices):
    ACUTE_DANGER = "acute_danger", _("Handelen bij acuut gevaar")
    OBSERVATION = "observation", _("Signaleren en melden")
    FIRST_AID = "first_aid", _("EHBO / reanimatie")
    CONVERSATION = "conversation", _("Aanspreken van mensen")
    OTHER = "other", _("Anders")


class TrainingRecord(models.Model):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="trainings")
    kind = models.CharField(_("training"), max_length=24, choices=TrainingKind.choices)
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    completed_on = models.DateField(_("gevolgd op"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-completed_on"]
        verbose_name = _("gevolgde training")
        verbose_name_plural = _("gevolgde trainingen")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.completed_on})"


class EquipmentIssue(models.Model):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="equipment")
    item = models.CharField(_("uitrusting"), max_length=120)
    issued_on = models.DateField(_("uitgegeven op"), default=timezone.localdate)
    returned_on = models.DateField(_("ingeleverd op"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_on"]
        verbose_name = _("uitgegeven uitrusting")
        verbose_name_plural = _("uitgegeven uitrusting")

    def __str__(self) -> str:
        return self.item


TEAM_HOUSE_RULES = _(
    "Wij lopen met minimaal twee personen. Wij observeren en melden; wij grijpen niet in en houden niemand "
    "aan. Bij direct gevaar bellen wij 112. Wij gaan vertrouwelijk om met wat wij zien en horen."
)
APP_GROUP_HOUSE_RULES = _(
    "Deelnemers zijn 18 jaar of ouder en wonen in het gebied. Wij werken volgens de SAAR-methode: Signaleer, "
    "Alarmeer 112, App de groep, Reageer alleen als het veilig is. Geen geklets: alleen meldingen over "
    "verdachte situaties. Geen foto's van personen delen, niet zelf achtervolgen of aanhouden."
)


class HouseRulesAcceptance(models.Model):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="house_rules_acceptances")
    rules_text = models.TextField(_("huisregels"))
    confirms_adult = models.BooleanField(_("18 jaar of ouder"), default=False)
    accepted_at = models.DateTimeField(_("geaccepteerd op"), default=timezone.now)

    class Meta:
        ordering = ["-accepted_at"]
        verbose_name = _("acceptatie huisregels")
        verbose_name_plural = _("acceptaties huisregels")

    def __str__(self) -> str:
        return f"{self.membership} {self.accepted_at:%Y-%m-%d}"


# --- Policy goals and commitments (F1, F3) --------------------------------------------------


class GoalType(models.TextChoices):
    COLLABORATION = "collaboration", _("Samenwerking als doel op zich")
    PROBLEMS = "problems", _("Concrete problemen oplossen (overlast, inbraken)")
    COMPLEMENT = "complement", _("Aanvulling op het werk van politie en gemeente")


class PolicyGoal(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="policy_goals")
    initiative = models.ForeignKey(
        Initiative,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="policy_goals",
        verbose_name=_("initiatief"),
        help_text=_("Leeg = doel voor de hele gemeente."),
    )
    goal_type = models.CharField(_("soort doel"), max_length=16, choices=GoalType.choices)
    description = models.TextField(_("doel"))
    indicators = models.TextField(_("meetbare indicatoren"), help_text=_("Eén per regel."))
    review_on = models.DateField(_("evaluatiedatum"))
    is_public = models.BooleanField(_("tonen op de openbare pagina"), default=True)
    reached = models.BooleanField(_("doel bereikt"), null=True, blank=True)
    review_note = models.TextField(_("evaluatie"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["review_on"]
        verbose_name = _("beleidsdoel")
        verbose_name_plural = _("beleidsdoelen")

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def review_due(self) -> bool:
        """The review date has come and nobody has said yet whether the goal was reached."""
        return self.reached is None and self.review_on <= timezone.localdate()

    def indicator_list(self) -> list[str]:
        return [line.strip() for line in self.indicators.splitlines() if line.strip()]


class Party(models.TextChoices):
    CITIZENS = "citizens", _("Bewoners (het initiatief)")
    MUNICIPALITY = "municipality", _("Gemeente")
    POLICE = "police", _("Politie")


class Commitment(models.Model):
    """Inspanningsverplichting of municipality or police, for the whole municipality or one initiative."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="commitments")
    initiative = models.ForeignKey(
        Initiative,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name=_("initiatief"),
        help_text=_("Leeg = voor alle initiatieven."),
    )
    party = models.CharField(
        _("partij"),
        max_length=16,
        choices=[(Party.MUNICIPALITY, Party.MUNICIPALITY.label), (Party.POLICE, Party.POLICE.label)],
    )
    contact_frequency = models.CharField(_("contactfrequentie"), max_length=200)
    information_shared = models.TextField(_("welke informatie wordt gedeeld"))
    time_and_resources = models.TextField(_("tijd en middelen"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["party", "pk"]
        verbose_name = _("inspanningsverplichting")
        verbose_name_plural = _("inspanningsverplichtingen")

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.contact_frequency}"


# --- Agreement / covenant (F18) -------------------------------------------------------------


class Agreement(models.Model):
    """One version of the covenant of an initiative. A new version is a new row."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="agreements")
    version = models.PositiveIntegerField(_("versie"))
    citizens_roles = models.TextField(_("rollen, taken en verantwoordelijkheden van de bewoners"))
    professionals_roles = models.TextField(_("rollen, taken en verantwoordelijkheden van gemeente en politie"))
    offered = models.TextField(_("wat wordt aangeboden (en waarom)"))
    not_offered = models.TextField(_("wat wordt niet aangeboden (en waarom)"))
    action_points = models.TextField(_("actiepunten"), blank=True, help_text=_("Eén per regel."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["initiative", "-version"]
        constraints = [models.UniqueConstraint(fields=["initiative", "version"], name="agreement_version_unique")]
        verbose_name = _("convenant")
        verbose_name_plural = _("convenanten")

    def __str__(self) -> str:
        return f"{self.initiative} v{self.version}"

    def action_point_list(self) -> list[str]:
        return [line.strip() for line in self.action_points.splitlines() if line.strip()]

    def accepted_parties(self) -> set[str]:
        return {a.party for a in self.acceptances.all()}

    @property
    def fully_accepted(self) -> bool:
        return self.accepted_parties() >= set(Party.values)


class AgreementAcceptance(AppendOnlyModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="acceptances")
    party = models.CharField(_("partij"), max_length=16, choices=Party.choices)
    signed_by_name = models.CharField(_("ondertekend door"), max_length=160)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["accepted_at"]
        constraints = [models.UniqueConstraint(fields=["agreement", "party"], name="agreement_party_unique")]

    def __str__(self) -> str:
        return f"{self.agreement} — {self.get_party_display()}"


# --- Professionals linked to wijken and teams (F4) ------------------------------------------


class ProfessionalInvolvement(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="involvements",
        verbose_name=_("professional"),
    )
    initiative = models.ForeignKey(
        Initiative,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="involvements",
        verbose_name=_("initiatief"),
    )
    wijken = models.ManyToManyField(Wijk, blank=True, related_name="+", verbose_name=_("wijken"))
    attitude = models.TextField(_("houding tegenover het initiatief"), blank=True)
    setup_wishes = models.TextField(_("hoe wil de professional het inrichten"), blank=True)
    needs = models.TextField(_("wat heeft de professional nodig"), blank=True)
    objections = models.TextField(_("bezwaren"), blank=True)
    objections_resolution = models.TextField(_("hoe zijn de bezwaren opgelost"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("betrokkenheid professional")
        verbose_name_plural = _("betrokkenheid professionals")

    def __str__(self) -> str:
        return f"{self.professional} — {self.initiative or self.municipality}"


# --- Continuity review (F2) -----------------------------------------------------------------


class ContinuityDecision(models.TextChoices):
    CONTINUE = "continue", _("Doorgaan")
    CONTINUE_WITH_SUPPORT = "support", _("Doorgaan met extra ondersteuning")
    DORMANT = "dormant", _("Tijdelijk slapend")
    STOP = "stop", _("Stoppen")


class ContinuityReview(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="continuity_reviews")
    trigger = models.CharField(
        _("aanleiding"),
        max_length=16,
        choices=[
            ("at_risk", _("Het initiatief dreigt te stoppen")),
            ("wants_stop", _("Het team wil stoppen")),
        ],
    )
    causes = models.TextField(_("wat zijn de oorzaken?"))
    solvable = models.BooleanField(_("zijn de oorzaken op te lossen?"), null=True)
    solvable_how = models.TextField(_("hoe (of waarom niet)?"), blank=True)
    goal_reached = models.TextField(_("is het beleidsdoel bereikt?"))
    reachable_without = models.TextField(_("kan het doel ook zonder dit initiatief worden bereikt?"))
    decision = models.CharField(_("besluit"), max_length=16, choices=ContinuityDecision.choices)
    decision_reason = models.TextField(_("toelichting op het besluit"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("continuïteitsgesprek")
        verbose_name_plural = _("continuïteitsgesprekken")

    def __str__(self) -> str:
        return f"{self.initiative} {self.get_decision_display()}"


class AgreementTerms(models.Model):
    """What a municipality signs beside the covenant text: parties with addresses and the
    signatories' functions, start date, term and evaluation date, and the privacy contact."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="terms")
    start_date = models.DateField(_("ingangsdatum"), null=True, blank=True)
    term_months = models.PositiveSmallIntegerField(_("looptijd (maanden)"), default=24)
    evaluation_date = models.DateField(_("evaluatiedatum"), null=True, blank=True,
                                       help_text=_("Leeg = een jaar na de ingangsdatum."))
    citizens_address = models.TextField(_("adres van het initiatief (correspondentie)"), blank=True)
    citizens_signatory = models.CharField(_("ondertekenaar namens de bewoners"), max_length=160, blank=True)
    citizens_function = models.CharField(_("functie"), max_length=160, blank=True, default="coördinator")
    municipality_address = models.TextField(_("adres van de gemeente"), blank=True)
    municipality_signatory = models.CharField(_("ondertekenaar namens de gemeente"), max_length=160, blank=True)
    municipality_function = models.CharField(_("functie"), max_length=160, blank=True, default="burgemeester")
    police_address = models.TextField(_("adres van de politie (basisteam)"), blank=True)
    police_signatory = models.CharField(_("ondertekenaar namens de politie"), max_length=160, blank=True)
    police_function = models.CharField(_("functie"), max_length=160, blank=True, default="teamchef")
    privacy_contact = models.CharField(_("contact voor privacyvragen"), max_length=200, blank=True,
                                       help_text=_("Bijvoorbeeld de functionaris gegevensbescherming van de gemeente."))

    class Meta:
        verbose_name = _("convenantgegevens")
        verbose_name_plural = _("convenantgegevens")

    def __str__(self) -> str:
        return str(self.agreement)

    def party(self, party: str) -> tuple[str, str, str]:
        """(address, signatory, function) of one party."""
        return (getattr(self, f"{party}_address"), getattr(self, f"{party}_signatory"),
                getattr(self, f"{party}_function"))

"""Rounds (loopronden) and live positions.

Foundation slice: a planned/running/ended round, who walks it, and positions shared while it
runs. The patrols work (rosters, reports, observations) and the live-operations work (live
board, alerts, retention) extend these models.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

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


MAX_ROUND_DURATION = timedelta(hours=12)


def round_times_problem(start: datetime, end: datetime) -> str:
    """Why these planned times are not a round ("" when they are): end after start, at most 12 hours.

    The one place of this rule: the planner form, the service (and so the API) ask it."""
    if end <= start:
        return str(_("Het einde moet na de start liggen."))
    if end - start > MAX_ROUND_DURATION:
        return str(_("Een ronde duurt hoogstens 12 uur."))
    return ""


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

    def __str__(self) -> str:
        return f"{self.user} — {self.round}"


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

    def __str__(self) -> str:
        return f"{self.user} {self.lat:.5f},{self.lon:.5f} {self.recorded_at:%H:%M}"


# --- Rosters, calendar feed, report configuration ---------------------------------------------


class CalendarFeed(models.Model):
    """A secret token per member for the personal .ics feed of their rounds."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user}"


class RoundNotice(models.Model):
    """Roster side effects already done (reminder sent, coordinator warned), so they happen once."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=32)  # reminder | below_minimum
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "kind", "user"], name="round_notice_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.round_id}"


DEFAULT_FOCUS_POINTS = [
    "Open deuren en ramen",
    "Overhangend groen",
    "Slecht verlichte plekken",
    "Fietsen en auto's met zichtbare waardevolle spullen",
    "Achterpaden en poorten",
]


class ReportSettings(models.Model):
    """Per municipality: the focus points and the extra questions of the patrol report."""

    municipality = models.OneToOneField(
        "areas.Municipality", on_delete=models.CASCADE, related_name="report_settings"
    )
    focus_points = models.JSONField(
        _("aandachtspunten"), default=list, blank=True, help_text=_("Eén aandachtspunt per regel in de lijst.")
    )
    extra_questions = models.JSONField(
        _("extra vragen"), default=list, blank=True,
        help_text=_('Lijst van vragen: [{"key": "verlichting", "label": "Hoe was de verlichting?"}]'),
    )

    class Meta:
        verbose_name = _("instellingen loopverslag")
        verbose_name_plural = _("instellingen loopverslag")

    def __str__(self) -> str:
        return str(self.municipality)


# --- The patrol report (F15) -------------------------------------------------------------------


class RouteKind(models.TextChoices):
    MAIN = "main", _("Alleen hoofdwegen")
    ALLEYS = "alleys", _("Ook achterpaden")


class RouteSource(models.TextChoices):
    TYPED = "typed", _("Ingetypt")
    DRAWN = "drawn", _("Op de kaart gekozen")
    DERIVED = "derived", _("Afgeleid uit gedeelde locaties")


class ContactOutcome(models.TextChoices):
    GOOD = "good", _("Goed")
    NEUTRAL = "neutral", _("Neutraal")
    DIFFICULT = "difficult", _("Moeizaam")


class ReportStatus(models.TextChoices):
    NEW = "new", _("Nieuw")
    TRIAGED = "triaged", _("Beoordeeld")
    IN_PROGRESS = "in_progress", _("In behandeling")
    DONE = "done", _("Afgehandeld")


class PatrolReport(models.Model):
    """What a team reports after a round. `municipality`/`wijk` are copied for the inbox indexes."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reports")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="patrol_reports")
    municipality = models.ForeignKey("areas.Municipality", on_delete=models.CASCADE, related_name="+")
    wijk = models.ForeignKey(Wijk, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="patrol_reports")
    client_uuid = models.UUIDField(unique=True, null=True, blank=True)
    started_at = models.DateTimeField(_("begonnen om"), null=True, blank=True)
    ended_at = models.DateTimeField(_("geëindigd om"), null=True, blank=True)
    route_streets = models.JSONField(_("route (straten op volgorde)"), default=list, blank=True)
    route_source = models.CharField(max_length=16, choices=RouteSource.choices, default=RouteSource.TYPED)
    route_kind = models.CharField(_("hoofdwegen of achterpaden"), max_length=16, choices=RouteKind.choices,
                                  blank=True)
    walkers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="walked_reports", blank=True)
    quiet = models.BooleanField(_("rustige ronde"), default=False)
    spoke_to_people = models.BooleanField(_("mensen aangesproken"), null=True, blank=True)
    conversation_topics = models.TextField(_("waarover"), blank=True)
    conversation_outcome = models.CharField(_("hoe ging het contact"), max_length=16,
                                            choices=ContactOutcome.choices, blank=True)
    focus_points = models.JSONField(_("aandachtspunten"), default=list, blank=True)
    extra_answers = models.JSONField(_("antwoorden extra vragen"), default=dict, blank=True)
    notes = models.TextField(_("overige opmerkingen"), blank=True)
    quality_score = models.PositiveSmallIntegerField(_("kwaliteitsscore"), default=0)
    quality_missing = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    # The one counter (feedback app writes these through its services; history is append-only there).
    status = models.CharField(_("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.NEW)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="assigned_reports")
    observation_count = models.PositiveSmallIntegerField(default=0)
    defect_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("loopverslag")
        verbose_name_plural = _("loopverslagen")
        indexes = [
            models.Index(fields=["municipality", "-submitted_at", "-id"], name="report_inbox_idx"),
            models.Index(fields=["municipality", "wijk", "-submitted_at", "-id"], name="report_inbox_wijk_idx"),
            models.Index(fields=["municipality", "status", "-submitted_at", "-id"], name="report_inbox_status_idx"),
            models.Index(fields=["municipality", "wijk", "status", "-submitted_at", "-id"],
                         name="report_inbox_wijk_status_idx"),
            models.Index(fields=["initiative", "-submitted_at"], name="report_team_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} {timezone.localtime(self.submitted_at):%d-%m-%Y}"

    @property
    def quality(self) -> Any:
        """The score with its band, label and badge tone (`patrols.quality`)."""
        from .quality import Quality

        return Quality(score=self.quality_score, missing=list(self.quality_missing or []))


class ObservationCategory(models.TextChoices):
    SUSPICIOUS = "suspicious", _("Verdachte situatie")
    NUISANCE = "nuisance", _("Overlast")
    BURGLARY_RISK = "burglary_risk", _("Inbraakgevoelige situatie")
    TRAFFIC = "traffic", _("Verkeer")
    YOUTH = "youth", _("Jongeren / hangplek")
    OTHER = "other", _("Anders")


# Anti-profiling (guideline: behaviour first): a person is described only with several descriptors,
# always including clothing, never with one trait such as skin colour or gender alone.
PERSON_DESCRIPTOR_FIELDS = ("person_gender", "person_age", "person_height", "person_clothing", "person_other")
MIN_PERSON_DESCRIPTORS = 3
MIN_BEHAVIOUR_CHARS = 10


def conversation_problem(*, spoke: bool | None, topics: str, outcome: str) -> str:
    """Why the "people spoken to" answers do not fit together ("" when they do).

    What was talked about and how it went depend on "yes": filled in after "no" they would be
    lost, so the walker is asked instead (the form, the service and so the API ask this)."""
    if spoke is False and ((topics or "").strip() or outcome):
        return str(_("U koos 'Nee' bij mensen aangesproken, maar vulde wel in waarover of hoe het contact ging. "
                     "Kies 'Ja', of maak die antwoorden leeg."))
    return ""


def person_description_problems(person: dict[str, Any]) -> dict[str, str]:
    """What breaks the anti-profiling rule in a person description, by field ("" = the whole).

    Used by the report service (and so the API) and the report form."""
    descriptors = [k for k in PERSON_DESCRIPTOR_FIELDS if str(person.get(k) or "").strip()]
    problems: dict[str, str] = {}
    if descriptors and len(descriptors) < MIN_PERSON_DESCRIPTORS:
        problems[""] = str(_(
            "Beschrijft u een persoon, geef dan minstens %(n)s kenmerken (bijvoorbeeld kleding, lengte en "
            "leeftijd). Eén kenmerk zoals huidskleur of geslacht alleen zegt niets over gedrag en leidt tot "
            "vooroordelen."
        )) % {"n": MIN_PERSON_DESCRIPTORS}
    if descriptors and not str(person.get("person_clothing") or "").strip():
        problems["person_clothing"] = str(_("Beschrijft u een persoon, noem dan ook de kleding."))
    return problems


class WhatWasSeen(models.Model):
    """What was seen, behaviour first: the one field list of the patrol report's observation and of
    the signal (signals app). A person only with several descriptors (anti-profiling guard in
    `services.observation_check`)."""

    category = models.CharField(_("categorie"), max_length=32, choices=ObservationCategory.choices)
    behaviour = models.TextField(_("wat gebeurde er (gedrag)"))
    person_gender = models.CharField(_("geslacht"), max_length=40, blank=True)
    person_age = models.CharField(_("geschatte leeftijd"), max_length=40, blank=True)
    person_height = models.CharField(_("lengte / postuur"), max_length=60, blank=True)
    person_clothing = models.CharField(_("kleding en schoenen"), max_length=160, blank=True)
    person_other = models.CharField(_("overige kenmerken"), max_length=160, blank=True)

    class Meta:
        abstract = True

    def person_descriptors(self) -> list[str]:
        return [getattr(self, f) for f in PERSON_DESCRIPTOR_FIELDS if getattr(self, f)]


class Observation(WhatWasSeen):
    """Something notable seen during a round."""

    report = models.ForeignKey(PatrolReport, on_delete=models.CASCADE, related_name="observations")
    observed_at = models.DateTimeField(_("tijdstip"))
    place = models.CharField(_("plaats"), max_length=200)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["observed_at", "id"]
        verbose_name = _("waarneming")
        verbose_name_plural = _("waarnemingen")

    def __str__(self) -> str:
        return f"{self.get_category_display()} — {self.place}"


class DefectCategory(models.TextChoices):
    STREET_LIGHT = "street_light", _("Kapotte straatverlichting")
    PAVEMENT = "pavement", _("Losse of kapotte tegels")
    GREENERY = "greenery", _("Overhangend groen")
    LITTER = "litter", _("Zwerfafval / dumping")
    GRAFFITI = "graffiti", _("Graffiti / vernieling")
    OTHER = "other", _("Anders")


class ForwardState(models.TextChoices):
    NOT_CONFIGURED = "not_configured", _("Niet doorgestuurd (wordt opgehaald via Open311)")
    PENDING = "pending", _("Wacht op doorsturen")
    SENT = "sent", _("Doorgestuurd")
    FAILED = "failed", _("Doorsturen mislukt")


class Defect(models.Model):
    """A public-space defect (F17), served through Open311 and forwarded to the municipality."""

    report = models.ForeignKey(PatrolReport, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="defects")
    municipality = models.ForeignKey("areas.Municipality", on_delete=models.CASCADE, related_name="+")
    wijk = models.ForeignKey(Wijk, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    category = models.CharField(_("categorie"), max_length=32, choices=DefectCategory.choices)
    description = models.TextField(_("omschrijving"), blank=True)
    place = models.CharField(_("plaats"), max_length=200)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    photo = models.ImageField(_("foto"), upload_to="defects/%Y/%m/", null=True, blank=True)
    is_open = models.BooleanField(default=True)
    status_notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    forward_state = models.CharField(max_length=16, choices=ForwardState.choices,
                                     default=ForwardState.NOT_CONFIGURED)
    forward_attempts = models.PositiveSmallIntegerField(default=0)
    forward_next_at = models.DateTimeField(null=True, blank=True)
    forward_error = models.TextField(blank=True)
    external_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("melding openbare ruimte")
        verbose_name_plural = _("meldingen openbare ruimte")
        indexes = [
            models.Index(fields=["municipality", "-created_at"], name="defect_muni_idx"),
            models.Index(fields=["forward_state", "forward_next_at"], name="defect_forward_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} — {self.place}"

    @property
    def open311_status(self) -> str:
        return "open" if self.is_open else "closed"

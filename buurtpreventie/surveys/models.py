"""Questionnaires, their answers, and what professionals and teams want from each other.

A questionnaire belongs to one municipality (the tenant) and is editable by staff with
`Cap.MANAGE_SURVEYS`. Ready-made versions (the guideline's motivation questionnaire of table 2
with the weighing factors of 3.1.2, the professionals' involvement questionnaire of 2.2.2 and a
Kleurenwijzer-style interim evaluation) are installed per municipality by
`services.questionnaire_install_standard`; see `standard.py`.

Answers to statements are stored as 1..5 (1 = helemaal oneens, 5 = helemaal eens); how they
turn into motivation profiles is documented in `scoring.py` and docs/motivation-scoring.md.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtpreventie.areas.models import Municipality
from buurtpreventie.initiatives.models import Initiative

INVITATION_SALT = "surveys.invitation"


class QuestionnaireKind(models.TextChoices):
    MOTIVATION = "motivation", _("Motivatie van buurtpreventen")
    PROFESSIONAL = "professional", _("Betrokkenheid van professionals")
    EVALUATION = "evaluation", _("Tussenevaluatie (in de geest van de Kleurenwijzer)")
    OTHER = "other", _("Overig")


class Profile(models.TextChoices):
    NORMATIVE = "normative", _("Normatieve partner")
    PRAGMATIC = "pragmatic", _("Pragmatische samenwerker")
    RATIONAL = "rational", _("Rationele vrijwilliger")


class WeighingFactor(models.TextChoices):
    IMPORTANCE = "importance", _("Waargenomen belang van het initiatief")
    TASKS = "tasks", _("De te verrichten taken")
    ABILITY = "ability", _("Eigen kunnen om bij te dragen")
    ADDED_VALUE = "added_value", _("Toegevoegde waarde van de eigen inspanning")
    TRUST = "trust", _("Vertrouwen in gemeente en politie")


class QuestionKind(models.TextChoices):
    STATEMENT = "statement", _("Stelling (helemaal oneens – helemaal eens)")
    OPEN = "open", _("Open vraag")
    CHOICE = "choice", _("Keuzevraag")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online (ingelogd)")
    EMAIL_LINK = "email_link", _("Persoonlijke link per e-mail")
    PAPER = "paper", _("Papieren formulier (ingevoerd door medewerker)")
    POLL = "poll", _("Anonieme poll op de openbare pagina")


class Involvement(models.IntegerChoices):
    DISTANT = 1, _("Op afstand: informeren en terugkoppelen")
    REGULAR = 2, _("Regelmatig: contact, soms meelopen")
    CLOSE = 3, _("Nauw partnerschap: samen acties en campagnes")


LIKERT_CHOICES = [
    (1, _("Helemaal oneens")),
    (2, _("Oneens")),
    (3, _("Neutraal")),
    (4, _("Eens")),
    (5, _("Helemaal eens")),
]


class Questionnaire(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="questionnaires")
    kind = models.CharField(_("soort"), max_length=16, choices=QuestionnaireKind.choices)
    standard_key = models.CharField(
        _("standaardversie"), max_length=40, blank=True, help_text=_("Leeg voor een eigen vragenlijst.")
    )
    title = models.CharField(_("titel"), max_length=200)
    purpose = models.TextField(_("doel"), help_text=_("Wordt vóór het invullen getoond."))
    consent_text = models.TextField(_("toestemmingstekst"), help_text=_("Wordt vóór het invullen getoond."))
    is_active = models.BooleanField(_("open voor antwoorden"), default=True)
    public_poll = models.BooleanField(
        _("als anonieme poll op de openbare pagina"), default=False,
        help_text=_("Alleen de stellingen; geen naam, geen team."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("vragenlijst")
        verbose_name_plural = _("vragenlijsten")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "standard_key"],
                condition=~models.Q(standard_key=""),
                name="questionnaire_unique_standard_per_municipality",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    kind = models.CharField(_("soort vraag"), max_length=16, choices=QuestionKind.choices,
                            default=QuestionKind.STATEMENT)
    text = models.TextField(_("vraag of stelling"))
    help_text = models.CharField(_("toelichting"), max_length=300, blank=True)
    profile = models.CharField(
        _("motivatieprofiel"), max_length=16, choices=Profile.choices, blank=True,
        help_text=_("Telt mee voor dit profiel (alleen bij stellingen)."),
    )
    factor = models.CharField(
        _("afwegingsfactor"), max_length=16, choices=WeighingFactor.choices, blank=True,
        help_text=_("Afwegingsfactor uit 3.1.2 van de handreiking (alleen bij stellingen)."),
    )
    topic = models.CharField(
        _("onderwerp"), max_length=40, blank=True,
        help_text=_("Bijv. 'age_band' of 'gender' (representativiteit) of een evaluatiethema."),
    )
    options = models.JSONField(_("keuzes"), default=list, blank=True, help_text=_("Alleen bij keuzevragen."))
    required = models.BooleanField(_("verplicht"), default=False)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")

    def __str__(self) -> str:
        return self.text[:80]


class Invitation(models.Model):
    """A personal link sent by e-mail: answer without logging in, answers tied to the person."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_invitations")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")

    def __str__(self) -> str:
        return f"{self.questionnaire} → {self.user}"

    @property
    def token(self) -> str:
        return signing.dumps(self.pk, salt=INVITATION_SALT, compress=True)


class Response(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="responses")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, null=True, blank=True, related_name="survey_responses"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="survey_responses"
    )
    channel = models.CharField(_("kanaal"), max_length=16, choices=Channel.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("ingevoerd door"),
    )
    paper_note = models.CharField(_("herkomst papieren formulier"), max_length=120, blank=True)
    invitation = models.ForeignKey(Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    consent_at = models.DateTimeField(_("toestemming gegeven op"))
    submitted_at = models.DateTimeField(_("ingediend op"), default=timezone.now)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("ingevulde vragenlijst")
        verbose_name_plural = _("ingevulde vragenlijsten")
        indexes = [models.Index(fields=["questionnaire", "initiative"])]

    def __str__(self) -> str:
        return f"{self.questionnaire} ({self.get_channel_display()}, {self.submitted_at:%Y-%m-%d})"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.PositiveSmallIntegerField(null=True, blank=True)  # 1..5 for statements
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_unique_question")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value if self.value is not None else self.text[:40]}"


class ProfessionalPreference(models.Model):
    """What a wijkagent/BOA brings and wants (F5): campaigns, closeness, hours."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_preferences")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    campaigns = models.TextField(
        _("campagnes die u draait"), blank=True,
        help_text=_("Eén per regel, bijv. witte-voetjes-actie, buitenverlichting."),
    )
    involvement = models.PositiveSmallIntegerField(
        _("hoe nauw wilt u teams betrekken?"), choices=Involvement.choices, default=Involvement.REGULAR
    )
    gives_feedback = models.BooleanField(
        _("ik koppel graag persoonlijk terug wat met meldingen is gedaan"), default=True
    )
    hours_per_month = models.PositiveSmallIntegerField(_("uren per maand voor buurtpreventie"), default=4)
    evenings_available = models.BooleanField(_("beschikbaar in de avond (overleggen, meelopen)"), default=False)
    notes = models.TextField(_("toelichting"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("voorkeur professional")
        verbose_name_plural = _("voorkeuren professionals")
        constraints = [models.UniqueConstraint(fields=["user", "municipality"], name="preference_unique_user")]

    def __str__(self) -> str:
        return f"{self.user} ({self.municipality})"

    def campaign_list(self) -> list[str]:
        return [line.strip() for line in self.campaigns.splitlines() if line.strip()]


class TeamWishes(models.Model):
    """What a team wants from its professional, set by the coordinator."""

    initiative = models.OneToOneField(Initiative, on_delete=models.CASCADE, related_name="survey_wishes")
    wants_campaigns = models.BooleanField(_("wij doen graag mee aan campagnes en acties"), default=False)
    desired_involvement = models.PositiveSmallIntegerField(
        _("hoe nauw willen wij samenwerken?"), choices=Involvement.choices, default=Involvement.REGULAR
    )
    wants_feedback = models.BooleanField(_("wij willen horen wat met onze meldingen gebeurt"), default=True)
    evening_meetings = models.BooleanField(_("wij overleggen meestal 's avonds"), default=False)
    notes = models.TextField(_("overige wensen"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("wensen van het team")
        verbose_name_plural = _("wensen van teams")

    def __str__(self) -> str:
        return str(self.initiative)

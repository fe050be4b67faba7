"""Policy goals, commitments (F1, F3), professionals linked to wijken and teams (F4), continuity review (F2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtpreventie.areas.models import Municipality, Wijk

from .initiative import Initiative

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

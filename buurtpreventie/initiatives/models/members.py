"""Members: trainings, equipment, house rules (F6, F11)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .initiative import Membership

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



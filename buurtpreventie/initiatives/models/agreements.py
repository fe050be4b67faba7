"""Agreement / covenant (F18): versions and the acceptance by each party."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .initiative import AppendOnlyModel, Initiative
from .policy_goals import Party

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

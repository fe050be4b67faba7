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



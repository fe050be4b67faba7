"""Texts of the municipality's public buurtpreventie page (F19), edited by municipal staff."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtpreventie.areas.models import Municipality


class PublicPage(models.Model):
    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="public_page")
    introduction = models.TextField(_("wat is buurtpreventie hier?"), blank=True)
    policy_goal = models.TextField(_("het beleidsdoel van de gemeente"), blank=True)
    offered = models.TextField(_("wat de gemeente biedt, en waarom"), blank=True)
    not_offered = models.TextField(_("wat de gemeente niet biedt, en waarom"), blank=True)
    relations = models.TextField(_("hoe bewoners, gemeente en politie samenwerken"), blank=True)
    questions = models.TextField(_("waar kunt u terecht met vragen?"), blank=True)
    introduction_en = models.TextField(_("wat is buurtpreventie hier? (Engels)"), blank=True)
    policy_goal_en = models.TextField(_("het beleidsdoel van de gemeente (Engels)"), blank=True)
    offered_en = models.TextField(_("wat de gemeente biedt, en waarom (Engels)"), blank=True)
    not_offered_en = models.TextField(_("wat de gemeente niet biedt, en waarom (Engels)"), blank=True)
    relations_en = models.TextField(_("hoe bewoners, gemeente en politie samenwerken (Engels)"), blank=True)
    questions_en = models.TextField(_("waar kunt u terecht met vragen? (Engels)"), blank=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    BASE_FIELDS = ("introduction", "policy_goal", "offered", "not_offered", "relations", "questions")
    # Dutch first, the optional English version right after it (shown to visitors who chose English).
    TEXT_FIELDS = tuple(name for base in BASE_FIELDS for name in (base, f"{base}_en"))

    class Meta:
        verbose_name = _("openbare pagina")
        verbose_name_plural = _("openbare pagina's")

    def __str__(self) -> str:
        return str(self.municipality)

    def localized(self, language: str | None) -> dict[str, str]:
        """The texts in the visitor's language, falling back to Dutch where no translation was written."""
        english = (language or "").startswith("en")
        return {
            base: (getattr(self, f"{base}_en") if english and getattr(self, f"{base}_en") else getattr(self, base))
            for base in self.BASE_FIELDS
        }


class ContactRelay(models.Model):
    """A message from the public to an initiative's coordinator, relayed by e-mail.

    Kept (without the visitor's text after sending) so abuse can be traced and counted;
    the coordinator's address is never shown to the visitor.
    """

    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.CASCADE, related_name="+")
    sender_name = models.CharField(max_length=160)
    sender_email = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.sent_at:%Y-%m-%d}"

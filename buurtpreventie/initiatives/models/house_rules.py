"""Versioned house rules: per municipality (for teams or app groups) and per initiative.

The current text for an initiative is its own newest version, else the municipality's newest
version for its kind, else the built-in default (`TEAM_HOUSE_RULES` / `APP_GROUP_HOUSE_RULES`).
A member has accepted the current rules when one of their `HouseRulesAcceptance` rows holds that
exact text; a new version therefore asks everyone again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HouseRulesVersion(models.Model):
    municipality = models.ForeignKey("areas.Municipality", on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey("initiatives.Initiative", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="house_rules_versions")
    kind = models.CharField(_("voor"), max_length=16, blank=True)  # team | app_group, for municipality versions
    number = models.PositiveIntegerField(_("versie"))
    text = models.TextField(_("huisregels"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number", "-id"]
        verbose_name = _("versie huisregels")
        verbose_name_plural = _("versies huisregels")

    def __str__(self) -> str:
        return f"v{self.number}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("House-rules versions are append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

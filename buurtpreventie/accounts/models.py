from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtpreventie.areas.models import Municipality, Wijk

from .roles import Role


class User(AbstractUser):
    """A person. Minimal personal data: name, e-mail, optional phone (coordinators, for dispatch)."""

    phone = models.CharField(_("telefoonnummer"), max_length=32, blank=True)
    language = models.CharField(
        _("taal"), max_length=8, choices=[("nl", "Nederlands"), ("en", "English")], default="nl"
    )
    is_demo = models.BooleanField(_("demo-account"), default=False)

    # Per-request caches that `accounts.selectors` keeps on the user object (attributes, not fields).
    _grant_cache: list[RoleGrant]
    _membership_cache: list[Any]

    if TYPE_CHECKING:
        # Bound on `request.user` by django_otp's OTPMiddleware: has this session passed the TOTP step?
        def is_verified(self) -> bool: ...

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    # Convenience used by templates and `core.tenancy`; the logic lives in selectors.
    def municipality_ids(self) -> Iterable[int]:
        from .selectors import user_municipality_ids

        return user_municipality_ids(user=self)


class ActiveGrantQuerySet(models.QuerySet["RoleGrant"]):
    def active(self) -> ActiveGrantQuerySet:
        return self.filter(revoked_at__isnull=True)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValueError("Role grants are ended (revoked_at), never deleted.")


class RoleGrant(models.Model):
    """A municipality-scoped (optionally wijk-scoped) role for a user. Revoked, never deleted."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="grants")
    wijk = models.ForeignKey(
        Wijk,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="grants",
        help_text=_("Leeg = de hele gemeente."),
    )
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ActiveGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("roltoekenning")
        verbose_name_plural = _("roltoekenningen")
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        scope = self.wijk.name if self.wijk_id and self.wijk else self.municipality.name
        return f"{self.user} — {self.get_role_display()} ({scope})"

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        """A grant is ended (`revoked_at`, audited), never deleted: who had which role when stays known.
        (Deleting the user account itself still removes its grants, through the database cascade.)"""
        raise ValueError("Role grants are ended (revoked_at), never deleted.")

    @property
    def ended_at(self) -> Any:
        """When the grant ended (the `revoked_at` column); None while it is active."""
        return self.revoked_at


class EnrolmentInvitation(models.Model):
    """A one-time, expiring link with which a professional enrols their first authenticator app.

    Without it (or an administrator enrolling the device in the admin) a password alone never
    leads to enrolment: otherwise whoever knows the password enrols their own authenticator.
    Only a hash of the token is stored; the link is sent by e-mail once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrolment_invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging tweestapsverificatie")
        verbose_name_plural = _("uitnodigingen tweestapsverificatie")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @property
    def usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()

class ApiKey(models.Model):
    """A key for a machine client of one municipality (its own dashboards, a Signalen or GIS
    integration). Only a SHA-256 hash of the secret is stored; the secret is shown once. The key acts
    with the permissions of its `user` (a service account with a role grant) in that municipality only,
    read-only unless `may_write`. Revoking is immediate and kept for the audit trail."""

    municipality = models.ForeignKey("areas.Municipality", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(_("naam"), max_length=120)
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    may_write = models.BooleanField(_("mag schrijven"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

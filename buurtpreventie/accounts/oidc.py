"""Staff single sign-on through the municipality's or police's OpenID Connect provider (mozilla-django-oidc).

Only existing professional accounts sign in this way: the `email` claim (or the claim named in
OIDC_USERNAME_CLAIM, matched to the username) must belong to an active user with a role grant. Nobody
is created from a token, and volunteers keep their local account with password (and TOTP where their
role needs it). The identity provider does the second factor for SSO logins, so such a session counts as
two-factor verified (SSO_SESSION_KEY). Names from the claims update the account.

Settings (environment, see docs/oidc.md): OIDC_ENABLED, OIDC_RP_CLIENT_ID, OIDC_RP_CLIENT_SECRET,
OIDC_OP_AUTHORIZATION_ENDPOINT, OIDC_OP_TOKEN_ENDPOINT, OIDC_OP_USER_ENDPOINT, OIDC_OP_JWKS_ENDPOINT,
OIDC_OP_LOGOUT_ENDPOINT, OIDC_RP_SIGN_ALGO (RS256).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from buurtpreventie.core.audit import audit_record

from .models import RoleGrant, User

logger = logging.getLogger(__name__)
SSO_SESSION_KEY = "bp_sso_login"


def oidc_enabled() -> bool:
    return bool(getattr(settings, "OIDC_ENABLED", False) and getattr(settings, "OIDC_RP_CLIENT_ID", ""))


class StaffOIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        try:
            super().__init__(*args, **kwargs)
            self.configured = oidc_enabled()
        except ImproperlyConfigured:
            self.configured = False  # password logins must keep working without OIDC settings

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        if not self.configured or request is None or not request.GET.get("code"):
            return None
        user = super().authenticate(request, **kwargs)
        if user is not None:
            request.session[SSO_SESSION_KEY] = True
            audit_record(actor=user, action="accounts.sso_login", obj=user, municipality_id=None)
        return user

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        if claims.get("email_verified") is False:
            return False
        return bool(claims.get("email") or claims.get(self._username_claim()))

    def _username_claim(self) -> str:
        return str(getattr(settings, "OIDC_USERNAME_CLAIM", "") or "")

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        staff = User.objects.filter(is_active=True, pk__in=RoleGrant.objects.values("user_id"))
        username_claim = self._username_claim()
        if username_claim and claims.get(username_claim):
            found = staff.filter(username__iexact=str(claims[username_claim]))
            if found.exists():
                return found
        email = str(claims.get("email") or "").strip()
        if not email:
            return staff.none()
        return staff.filter(email__iexact=email)

    def create_user(self, claims: dict[str, Any]) -> None:  # type: ignore[override]
        """Unknown people are refused: an administrator first gives them an account with a role."""
        logger.warning("OIDC login refused for unknown staff e-mail %s", claims.get("email"))
        request = getattr(self, "request", None)
        if request is not None:
            messages.error(request, _("Er is geen medewerkersaccount voor %(email)s. Vraag de beheerder om een "
                                      "account met een rol.") % {"email": claims.get("email", "?")})
        return None

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        changed = []
        for field, claim in (("first_name", "given_name"), ("last_name", "family_name")):
            value = str(claims.get(claim) or "").strip()[:150]
            if value and getattr(user, field) != value:
                setattr(user, field, value)
                changed.append(field)
        if changed:
            user.save(update_fields=changed)
        return user


def provider_logout_url(request: HttpRequest) -> str:
    """OIDC_OP_LOGOUT_URL_METHOD: after our logout, end the session at the provider too."""
    from django.shortcuts import resolve_url

    endpoint = str(getattr(settings, "OIDC_OP_LOGOUT_ENDPOINT", "") or "")
    # LOGOUT_REDIRECT_URL is a URL name ("core:home"): resolved, else the redirect is refused (400).
    after = request.build_absolute_uri(resolve_url(getattr(settings, "LOGOUT_REDIRECT_URL", "/") or "/"))
    if not endpoint:
        return after
    params = {"post_logout_redirect_uri": after, "client_id": settings.OIDC_RP_CLIENT_ID}
    id_token = request.session.get("oidc_id_token")
    if id_token:
        params["id_token_hint"] = id_token
    return f"{endpoint}?{urlencode(params)}"

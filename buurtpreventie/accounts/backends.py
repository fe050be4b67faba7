from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AnyUser


class UsernameOrEmailBackend(ModelBackend):
    """Log in with username or e-mail address (case-insensitive e-mail)."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if username and "@" in username:
            user_model = get_user_model()
            match = user_model.objects.filter(email__iexact=username.strip()).order_by("pk").first()
            if match is not None:
                username = match.get_username()
        return super().authenticate(request, username=username, password=password, **kwargs)

    def user_can_authenticate(self, user: AnyUser | None) -> bool:
        """Demo accounts are refused where demo users are not allowed (production)."""
        if getattr(user, "is_demo", False) and not settings.BUURTPREVENTIE.get("ALLOW_DEMO_USERS"):
            return False
        return super().user_can_authenticate(user)

"""Professionals must complete two-factor login before they reach anything but the login flow."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .policies import requires_two_factor

SESSION_TOUCH_SECONDS = 300
EXEMPT_PREFIXES = ("/account/", "/static/", "/i18n/", "/gemeente/", "/healthz", "/open311/", "/media/")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if session is not None and session.get("bp_professional"):
            # Sliding expiry: each few minutes of activity move the end of a professional's session.
            now = int(time.time())
            if now - int(session.get("bp_seen", 0)) > SESSION_TOUCH_SECONDS:
                session["bp_seen"] = now
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not user.is_verified()  # type: ignore[union-attr]
            and not request.session.get("bp_sso_login")  # the identity provider did the second factor
            and requires_two_factor(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("Tweestapsverificatie vereist.")}, status=403)
            return redirect(f"/account/tweestaps/?next={request.get_full_path()}")
        return self.get_response(request)

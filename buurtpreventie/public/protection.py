"""Spam protection for the public forms, without an outside CAPTCHA service.

Three layers: a honeypot field people never see, a signed timestamp (a form sent within a few
seconds of loading is a bot), and a per-address rate limit kept in Django's cache.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

SALT = "buurtpreventie.public.form-started"
MAX_AGE_SECONDS = 24 * 3600


def _setting(name: str, default: int) -> int:
    value: Any = settings.BUURTPREVENTIE.get(name, default)
    return int(value)


def issue_started_token(at: float | None = None) -> str:
    return signing.dumps(at if at is not None else time.time(), salt=SALT)


class SpamProtectedForm(forms.Form):
    """Adds the honeypot (`website`) and the signed start time (`started`)."""

    HONEYPOT = "website"

    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = issue_started_token()

    def visible_fields_without_honeypot(self) -> list[Any]:
        return [f for f in self.visible_fields() if f.name != self.HONEYPOT]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get(self.HONEYPOT):
            raise forms.ValidationError(_("Het formulier kon niet worden verstuurd."), code="spam")
        try:
            started = float(signing.loads(cleaned.get("started") or "", salt=SALT, max_age=MAX_AGE_SECONDS))
        except (signing.BadSignature, ValueError, TypeError):
            self._refresh_started()
            raise forms.ValidationError(
                _("Het formulier is verlopen. Controleer uw gegevens en verstuur het opnieuw."), code="expired"
            ) from None
        if time.time() - started < _setting("PUBLIC_FORM_MIN_SECONDS", 3):
            raise forms.ValidationError(
                _("Het formulier is erg snel verstuurd. Controleer uw gegevens en verstuur het opnieuw."),
                code="too_fast",
            )
        return cleaned

    def _refresh_started(self) -> None:
        data = self.data.copy()  # type: ignore[attr-defined]
        data["started"] = issue_started_token()
        self.data = data


def client_address(request: HttpRequest) -> str:
    from buurtpreventie.core.net import client_ip

    return client_ip(request)


def _rate_key(request: HttpRequest, key: str) -> str:
    return f"public-form:{key}:{client_address(request)}"


def rate_limited(request: HttpRequest, key: str) -> bool:
    """True when this address already sent too many *accepted* forms in the window.

    Only accepted submissions count (`rate_limit_count` after saving): a resident who gets a
    validation error can correct and resend. The default allows a realistic burst, e.g. thirty
    households at an information evening on the town hall's one Wi-Fi address."""
    limit = _setting("PUBLIC_FORM_RATE_LIMIT", 30)
    try:
        count = cache.get(_rate_key(request, key), 0)
    except Exception:  # a broken cache must not lock residents out; the other two layers still work
        logger.warning("Rate limit cache unavailable", exc_info=True)
        return False
    return int(count or 0) >= limit


def rate_limit_count(request: HttpRequest, key: str) -> None:
    """Count one accepted submission from this address."""
    window = _setting("PUBLIC_FORM_RATE_WINDOW_SECONDS", 3600)
    cache_key = _rate_key(request, key)
    try:
        if not cache.add(cache_key, 1, timeout=window):
            try:
                cache.incr(cache_key)
            except ValueError:
                cache.set(cache_key, 1, timeout=window)
    except Exception:
        logger.warning("Rate limit cache unavailable", exc_info=True)

from __future__ import annotations

import time
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from buurtpreventie.core.audit import audit_record

from .forms import LoginForm, OtpForm
from .policies import requires_two_factor, roles_of
from .roles import Role
from .services import totp_device_confirm, totp_device_start


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        if user.language:
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
        audit_record(actor=user, action="login")
        if requires_two_factor(user):
            return redirect(f"/account/tweestaps/?next={self.get_success_url()}")
        return response


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return "/"
    return target


def _demo_code(user: Any, device: TOTPDevice | None) -> str | None:
    """On demo installs only: show demo accounts their current code so the demo can be clicked through."""
    if not (device and user.is_demo and settings.BUURTPREVENTIE.get("ALLOW_DEMO_USERS")):
        return None
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    code.time = time.time()
    if code.t() <= device.last_t:
        # This 30-second code was just used (the same account logging in again): a code is accepted
        # only once, so show the next one, which the device accepts within its tolerance.
        code.drift += device.last_t + 1 - code.t()
    return f"{code.token():0{device.digits}d}"


@login_required
@sensitive_post_parameters("code")
def two_factor(request: HttpRequest) -> HttpResponse:
    """Verify with a confirmed device, or enrol a new authenticator app first."""
    user: Any = request.user
    next_url = _safe_next(request)
    if user.is_verified():
        return redirect(next_url)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        pending_id = request.session.get("totp_pending")
        device = TOTPDevice.objects.filter(pk=pending_id, user=user, confirmed=False).first()
        if device is None:
            device = totp_device_start(user=user)
            request.session["totp_pending"] = device.pk
    assert device is not None
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", _("Te veel pogingen achter elkaar. Wacht een paar seconden en probeer het opnieuw."))
            ok = False
        else:
            ok = totp_device_confirm(user=user, device=device, code=code) if enrolling else device.verify_token(code)
            if not ok:
                form.add_error("code", _("Deze code klopt niet of is verlopen. Probeer de nieuwste code."))
        if ok:
            otp_login(request, device)
            request.session.pop("totp_pending", None)
            audit_record(actor=user, action="two_factor.verified")
            messages.success(request, _("U bent ingelogd met tweestapsverificatie."))
            return redirect(next_url)
    context: dict[str, Any] = {
        "form": form,
        "enrolling": enrolling,
        "next": next_url,
        "demo_code": _demo_code(user, device),
    }
    if enrolling:
        context["secret"] = device.key  # hex; the QR carries base32
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("QR-code"))
        import base64

        context["secret_b32"] = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/two_factor.html", context)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    labels = dict(Role.choices)  # "Buurtprevent", not the code "member"
    return render(request, "accounts/profile.html",
                  {"roles": sorted(str(labels.get(code, code)) for code in roles_of(request.user))})

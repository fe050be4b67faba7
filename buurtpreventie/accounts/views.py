from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

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
from .services import (
    enrolment_invitation_for,
    enrolment_invitation_use,
    totp_device_confirm,
    totp_device_start,
)

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AuthenticatedHttpRequest, User

ENROL_SESSION_KEY = "totp_enrol_invitation"


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
            mark_professional_session(self.request)
            return redirect(f"/account/tweestaps/?next={self.get_success_url()}")
        return response


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return "/"
    return target


def _demo_code(user: User, device: TOTPDevice | None) -> str | None:
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
def two_factor(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Verify with a confirmed device, or enrol a new authenticator app first."""
    user = request.user
    next_url = _safe_next(request)
    if user.is_verified():
        return redirect(next_url)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolling = device is None
    invitation = None
    if enrolling:
        # First enrolment only with a one-time invitation link (or by an administrator in the admin):
        # a password alone must never let someone attach their own authenticator to this account.
        invitation = _session_invitation(request, user)
        if invitation is None:
            return render(request, "accounts/two_factor_invitation_needed.html", status=403)
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
            if ok and invitation is not None:
                enrolment_invitation_use(user=user, invitation=invitation)
                request.session.pop(ENROL_SESSION_KEY, None)
            if not ok:
                form.add_error("code", _("Deze code klopt niet of is verlopen. Probeer de nieuwste code."))
        if ok:
            otp_login(request, device)
            mark_professional_session(request)
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
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    labels = dict(Role.choices)  # "Buurtprevent", not the code "member"
    return render(request, "accounts/profile.html",
                  {"roles": sorted(str(labels.get(code, code)) for code in roles_of(request.user))})


def _session_invitation(request: HttpRequest, user: User) -> Any:
    from .models import EnrolmentInvitation

    pk = request.session.get(ENROL_SESSION_KEY)
    invitation = EnrolmentInvitation.objects.filter(pk=pk, user=user).first() if pk else None
    return invitation if invitation is not None and invitation.usable else None


@login_required
def enrol(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """The invitation link: after logging in with the password, enrol the first authenticator."""
    user = request.user
    invitation = enrolment_invitation_for(user=user, token=token)
    if invitation is None:
        audit_record(actor=user, action="two_factor.invitation_refused")
        return render(request, "accounts/two_factor_invitation_needed.html", {"invalid": True}, status=403)
    request.session[ENROL_SESSION_KEY] = invitation.pk
    return redirect("accounts:two_factor")


def mark_professional_session(request: HttpRequest) -> None:
    """Professionals' sessions end after a working day without activity (members keep theirs longer)."""
    request.session["bp_professional"] = True
    request.session.set_expiry(settings.PROFESSIONAL_SESSION_SECONDS)


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> HttpResponse:
    """django-axes: too many wrong passwords for this account or from this address."""
    minutes = max(1, round(float(settings.AXES_COOLOFF_TIME) * 60))
    response = render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes},
                      status=settings.AXES_HTTP_RESPONSE_CODE)
    response["Retry-After"] = str(minutes * 60)
    return response


class PasswordResetView(auth_views.PasswordResetView):
    """Reset mails are limited per address and per client, and the page never says which happened."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"

    def form_valid(self, form: Any) -> HttpResponse:
        from buurtpreventie.core.net import client_ip
        from buurtpreventie.core.ratelimit import take

        email = form.cleaned_data["email"].strip().lower()
        hour = 3600
        per_email = take(f"pwreset:email:{email}", limit=settings.PASSWORD_RESET_PER_EMAIL_PER_HOUR, window=hour)
        per_ip = take(f"pwreset:ip:{client_ip(self.request)}", limit=settings.PASSWORD_RESET_PER_IP_PER_HOUR,
                      window=hour)
        if not (per_email.allowed and per_ip.allowed):
            audit_record(actor=None, action="password_reset.limited")
            return redirect(self.get_success_url())  # same answer as a sent mail: no enumeration
        return super().form_valid(form)


# --- Own data (AVG) ------------------------------------------------------------------------------


@login_required
def my_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The member's own data as a readable page, with the download and account deletion."""
    from .forms import AccountDeleteForm
    from .personal_data import may_delete_own_account, personal_data_export

    user = request.user
    data = personal_data_export(user=user)
    return render(request, "accounts/my_data.html", {
        "data": data, "may_delete": may_delete_own_account(user), "delete_form": AccountDeleteForm(user=user),
    })


@login_required
def my_data_json(request: AuthenticatedHttpRequest) -> HttpResponse:
    import json

    from django.http import HttpResponse as Response

    from .personal_data import personal_data_export

    body = json.dumps(personal_data_export(user=request.user), ensure_ascii=False, indent=2)  # type: ignore[arg-type]
    response = Response(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@sensitive_post_parameters("password")
def account_delete_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    from django.contrib.auth import logout

    from .forms import AccountDeleteForm
    from .personal_data import account_delete, may_delete_own_account

    user = request.user
    if not may_delete_own_account(user):
        return render(request, "accounts/my_data.html", {"data": None, "may_delete": False}, status=403)
    form = AccountDeleteForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        account_delete(actor=user, user=user)
        logout(request)
        messages.success(request, _("Uw account en uw gegevens zijn verwijderd."))
        return redirect("core:home")
    return render(request, "accounts/account_delete.html", {"form": form}, status=400 if form.errors else 200)

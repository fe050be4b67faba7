"""The municipality's public buurtpreventie pages: no login needed (except for editing)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from buurtpreventie.accounts.policies import requires_two_factor
from buurtpreventie.areas.models import Municipality
from buurtpreventie.initiatives.models import ApplicationKind, InitiativeStatus
from buurtpreventie.initiatives.selectors import (
    application_by_token,
    application_history_visible_to,
    initiative_history_visible_to,
    moments_upcoming,
)
from buurtpreventie.initiatives.services import application_submit, application_withdraw

from .forms import ApplicationForm, ContactForm, PublicPageForm
from .protection import rate_limit_count, rate_limited
from .selectors import public_goals, public_initiative_features, public_initiatives, public_page_for
from .services import can_edit_public_page, contact_relay_send, public_page_update

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AuthenticatedHttpRequest

TOO_MANY = gettext_lazy("Er zijn vanaf dit adres veel formulieren verstuurd. Probeer het over een uur opnieuw.")


def _municipality(request: HttpRequest, slug: str) -> Municipality:
    municipality = get_object_or_404(Municipality, slug=slug)
    request.municipality = municipality  # type: ignore[attr-defined]
    return municipality


def _dossier_context(request: HttpRequest, municipality: Municipality, form: ApplicationForm) -> dict[str, Any]:
    initiatives = public_initiatives(municipality=municipality)
    return {
        "municipality": municipality,
        "page": public_page_for(municipality=municipality).localized(get_language()),
        "moments": list(moments_upcoming(municipality=municipality)[:3]),
        "goals": public_goals(municipality=municipality),
        "teams": [i for i in initiatives if not i.is_app_group],
        "app_groups": [i for i in initiatives if i.is_app_group],
        "features": public_initiative_features(initiatives=initiatives),
        "form": form,
        "can_edit": can_edit_public_page(request.user, municipality),
    }


BLANK_FORM_TTL = 60.0  # seconds; a team that just became public shows up in the form within a minute
_blank_form_fields: dict[tuple[int, str], tuple[float, str]] = {}


def _blank_form_fields_html(form: ApplicationForm, municipality: Municipality) -> str:
    """The visible fields of the blank application form, rendered at most once a minute per
    municipality and language: they are half the cost of the public page and the same for every
    visitor. The hidden fields (signed start time) and the CSRF token are rendered per request;
    a POST is always validated against fresh choices."""
    key = (municipality.pk, get_language() or "")
    now = time.monotonic()
    hit = _blank_form_fields.get(key)
    if hit is None or now - hit[0] > BLANK_FORM_TTL:
        if len(_blank_form_fields) > 2000:
            _blank_form_fields.clear()
        hit = (now, "".join(str(f.as_field_group()) for f in form.visible_fields_without_honeypot()))
        _blank_form_fields[key] = hit
    return hit[1]


def blank_form_cache_clear() -> None:
    _blank_form_fields.clear()


def dossier(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _municipality(request, slug)
    form = ApplicationForm(municipality=municipality, initial=_initial_from_query(request))
    context = _dossier_context(request, municipality, form)
    if not request.GET:
        context["cached_fields"] = mark_safe(_blank_form_fields_html(form, municipality))  # noqa: S308
    return render(request, "public/dossier.html", context)


def _initial_from_query(request: HttpRequest) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    join = request.GET.get("meedoen")
    if join and join.isdigit():
        initial.update(kind=ApplicationKind.JOIN, initiative=int(join))
    return initial


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _municipality(request, slug)
    if request.method == "POST":
        form = ApplicationForm(request.POST, municipality=municipality)
        if rate_limited(request, "apply"):
            form.is_valid()
            form.add_error(None, TOO_MANY)
            return render(request, "public/apply.html", {"municipality": municipality, "form": form}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                application = application_submit(
                    municipality=municipality,
                    kind=data["kind"],
                    initiative=data.get("initiative"),
                    initiative_kind=data.get("initiative_kind") or "team",
                    proposed_name=data.get("proposed_name", ""),
                    wijk=data.get("wijk"),
                    full_name=data["full_name"],
                    email=data["email"],
                    phone=data.get("phone", ""),
                    motivation=data["motivation"],
                    language=get_language() or "nl",
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                rate_limit_count(request, "apply")
                messages.success(
                    request,
                    _(
                        "Bedankt! Wij hebben uw aanmelding ontvangen en u een e-mail gestuurd. "
                        "Bewaar de link van deze pagina: hiermee volgt u de status."
                    ),
                )
                return redirect("public:application_status", slug=municipality.slug, token=application.token)
        return render(request, "public/apply.html", {"municipality": municipality, "form": form}, status=400)
    form = ApplicationForm(municipality=municipality, initial=_initial_from_query(request))
    return render(request, "public/apply.html", {"municipality": municipality, "form": form})


def application_status(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    municipality = _municipality(request, slug)
    application = application_by_token(token=token, municipality=municipality)
    if application is None:
        raise Http404
    initiative = application.initiative
    history = []
    if application.kind == ApplicationKind.START and initiative is not None:
        history = list(initiative_history_visible_to(user=None, initiative=initiative))
    response = render(
        request,
        "public/application_status.html",
        {
            "municipality": municipality,
            "application": application,
            "events": application_history_visible_to(user=None, application=application),
            "initiative_history": history,
            "is_active": initiative is not None and initiative.status == InitiativeStatus.ACTIVE,
            "can_withdraw": application.status in {"submitted", "intake"},
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["POST"])
def application_withdraw_view(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    municipality = _municipality(request, slug)
    application = application_by_token(token=token, municipality=municipality)
    if application is None:
        raise Http404
    try:
        application_withdraw(application=application, token=token)
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    else:
        messages.success(request, _("Uw aanmelding is ingetrokken."))
    return redirect("public:application_status", slug=slug, token=token)


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    municipality = _municipality(request, slug)
    initiative = next((i for i in public_initiatives(municipality=municipality) if i.pk == pk), None)
    if initiative is None or not getattr(initiative, "leads", None):
        raise Http404
    status = 200
    if request.method == "POST":
        form = ContactForm(request.POST)
        if rate_limited(request, "contact"):
            form.is_valid()
            form.add_error(None, TOO_MANY)
            status = 429
        elif form.is_valid():
            contact_relay_send(
                initiative=initiative,
                sender_name=form.cleaned_data["name"],
                sender_email=form.cleaned_data["email"],
                message=form.cleaned_data["message"],
            )
            rate_limit_count(request, "contact")
            messages.success(request, _("Uw bericht is doorgestuurd. De coördinator neemt contact met u op."))
            return redirect(reverse("public:dossier", kwargs={"slug": slug}) + f"#initiatief-{initiative.pk}")
        else:
            status = 400
    else:
        form = ContactForm()
    return render(
        request,
        "public/contact.html",
        {"municipality": municipality, "initiative": initiative, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def page_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    municipality = _municipality(request, slug)
    user = request.user
    if requires_two_factor(user) and not user.is_verified():
        return redirect(f"{reverse('accounts:two_factor')}?next={request.get_full_path()}")
    if not can_edit_public_page(user, municipality):
        raise PermissionDenied
    page = public_page_for(municipality=municipality)
    form = PublicPageForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        public_page_update(
            actor=user, municipality=municipality, **{name: form.cleaned_data[name] for name in page.TEXT_FIELDS}
        )
        messages.success(request, _("De openbare pagina is bijgewerkt."))
        return redirect("public:dossier", slug=slug)
    return render(
        request,
        "public/page_edit.html",
        {"municipality": municipality, "form": form},
        status=400 if form.is_bound else 200,
    )


def privacy(request: HttpRequest, slug: str) -> HttpResponse:
    """The privacy statement of this municipality's installation: what is kept, why, how long, your rights."""
    from django.conf import settings

    from buurtpreventie.core.retention import retention_days

    municipality = _municipality(request, slug)
    days = retention_days()
    return render(request, "public/privacy.html", {
        "municipality": municipality, "days": days,
        "position_days": settings.BUURTPREVENTIE.get("POSITION_RETENTION_DAYS", 30),
    })

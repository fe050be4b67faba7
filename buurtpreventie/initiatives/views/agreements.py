"""The covenant: new version, detail, acceptance, PDF."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import (
    AcceptanceForm,
    AgreementForm,
)
from ..models import (
    Initiative,
    Party,
)
from ..pdf import agreement_pdf
from ..policies import (
    can_accept_agreement,
    can_manage_initiatives,
)
from ..selectors import (
    access_agreement,
    latest_agreement,
)
from ._common import _initiative, _require_manager

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AuthenticatedHttpRequest


@login_required
def agreement_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    _require_manager(request, initiative.municipality)
    last = latest_agreement(initiative=initiative)
    initial: dict[str, Any] = (
        {f: getattr(last, f) for f in AgreementForm.Meta.fields} if last else _agreement_defaults(initiative)
    )
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        agreement = services.agreement_create(actor=request.user, initiative=initiative, **form.cleaned_data)
        messages.success(request, _("Versie %(v)s van het convenant is opgeslagen.") % {"v": agreement.version})
        return redirect("initiatives:agreement", pk=agreement.pk)
    return render(
        request,
        "initiatives/agreement_form.html",
        {"initiative": initiative, "form": form, "last": last},
        status=400 if form.is_bound else 200,
    )


def _agreement_defaults(initiative: Initiative) -> dict[str, str]:
    if initiative.is_app_group:
        citizens = _(
            "De beheerder is het aanspreekpunt voor gemeente en politie en bewaakt de huisregels "
            "(18+, SAAR-methode, geen geklets). Deelnemers signaleren en melden; zij grijpen niet in."
        )
    else:
        citizens = _(
            "De coördinator is het aanspreekpunt voor gemeente en politie, plant de rondes en vult na "
            "elke ronde het verslag in. Leden lopen met minstens twee personen, signaleren en melden; "
            "zij grijpen niet in."
        )
    return {
        "citizens_roles": citizens,
        "professionals_roles": _(
            "De wijkagent en de BOA zijn bereikbaar voor het initiatief, geven terugkoppeling "
            "op meldingen en sluiten een paar keer per jaar aan. De gemeente (OOV) organiseert "
            "jaarlijks een coördinatorenoverleg en belt maandelijks met de coördinator."
        ),
        "offered": _("Training 'handelen bij acuut gevaar', hesjes en zaklampen, een klein teambudget."),
        "not_offered": _(
            "Geen vergoeding per uur en geen bevoegdheden: bewoners nemen nooit de taak van politie of gemeente over."
        ),
        "action_points": "",
    }


@login_required
def agreement_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = access_agreement(user=request.user, pk=pk)
    return _agreement_page(request, agreement)


def _agreement_page(
    request: AuthenticatedHttpRequest, agreement: Any, form: AcceptanceForm | None = None
) -> HttpResponse:
    """The covenant with each party's acceptance; `form` is the posted acceptance with its errors."""
    initiative = _initiative(request, agreement.initiative_id)
    user = request.user
    accepted = {a.party: a for a in agreement.acceptances.all()}
    parties = [
        {
            "value": p.value,
            "label": p.label,
            "acceptance": accepted.get(p.value),
            "may_accept": can_accept_agreement(user, initiative, p.value),
        }
        for p in Party
    ]
    latest = latest_agreement(initiative=initiative)
    form = form or AcceptanceForm(initial={"signed_by_name": str(user)})
    form.fields["party"].choices = [  # type: ignore[attr-defined]
        (p["value"], p["label"]) for p in parties if p["may_accept"] and not p["acceptance"]
    ]
    return render(
        request,
        "initiatives/agreement_detail.html",
        {
            "agreement": agreement,
            "initiative": initiative,
            "parties": parties,
            "is_latest": latest is not None and latest.pk == agreement.pk,
            "versions": initiative.agreements.order_by("-version"),
            "form": form if form.fields["party"].choices else None,  # type: ignore[attr-defined]
            "manager": can_manage_initiatives(user, initiative.municipality_id),
        },
    )


@login_required
@require_POST
def agreement_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Accept for a party: the signer's name is required; errors are shown in the form's summary."""
    agreement = access_agreement(user=request.user, pk=pk)
    _initiative(request, agreement.initiative_id)
    form = AcceptanceForm(request.POST)
    if form.is_valid():
        try:
            services.agreement_accept(actor=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Acceptatie vastgelegd."))
            return redirect("initiatives:agreement", pk=pk)
    return _agreement_page(request, agreement, form)


@login_required
def agreement_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = access_agreement(user=request.user, pk=pk)
    _initiative(request, agreement.initiative_id)
    response = HttpResponse(agreement_pdf(agreement), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="convenant-{agreement.initiative_id}-v{agreement.version}.pdf"'
    return response


@login_required
def agreement_terms(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Parties' addresses and signatories, start date, term and evaluation date of a covenant version."""
    from buurtpreventie.core.audit import audit_record

    from ..forms import AgreementTermsForm
    from ..models import AgreementTerms

    agreement = access_agreement(user=request.user, pk=pk)
    initiative = _initiative(request, agreement.initiative_id)
    _require_manager(request, initiative.municipality)
    terms = AgreementTerms.objects.filter(agreement=agreement).first() or AgreementTerms(agreement=agreement)
    form = AgreementTermsForm(request.POST or None, instance=terms)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        audit_record(actor=request.user, action="agreement.terms_saved", obj=saved,
                     municipality_id=initiative.municipality_id)
        messages.success(request, _("De convenantgegevens zijn opgeslagen."))
        return redirect("initiatives:agreement", pk=agreement.pk)
    return render(request, "initiatives/agreement_terms.html",
                  {"form": form, "agreement": agreement, "initiative": initiative})

"""Registration moments and the information meeting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..forms import (
    MomentForm,
)
from ..selectors import (
    access_moment,
    moment_list_visible_to,
)
from ._common import _errors_to_form, _municipality, _require_manager

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AuthenticatedHttpRequest


@login_required
def moments(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    _require_manager(request, municipality)
    form = MomentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moment = services.moment_save(actor=request.user, municipality=municipality, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Aanmeldmoment opgeslagen."))
            return redirect("initiatives:moment", pk=moment.pk)
    moments_qs = moment_list_visible_to(user=request.user, municipality=municipality).annotate(
        n_applications=Count("applications")
    )
    return render(
        request,
        "initiatives/moments.html",
        {"municipality": municipality, "moments": moments_qs, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def moment_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    moment = access_moment(user=request.user, pk=pk)
    request.municipality = moment.municipality  # type: ignore[attr-defined]
    if request.method == "POST":
        if request.POST.get("step") == "invite":
            n = services.meeting_invite_coordinators(actor=request.user, moment=moment)
            messages.success(request, _("%(n)s coördinatoren en beheerders uitgenodigd.") % {"n": n})
        elif request.POST.get("step") == "attendance":
            present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
            services.meeting_attendance_record(actor=request.user, moment=moment, present_user_ids=present)
            messages.success(request, _("Aanwezigheid opgeslagen."))
        return redirect("initiatives:moment", pk=pk)
    return render(
        request,
        "initiatives/moment_detail.html",
        {
            "moment": moment,
            "invitations": moment.invitations.select_related("user", "initiative").order_by("user__last_name"),
            "applications": moment.applications.select_related("initiative", "wijk"),
        },
    )

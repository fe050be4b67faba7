"""Applications: the list and one application with intake and decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from buurtpreventie.initiatives.policies import can_manage_initiatives

from .. import services
from ..forms import (
    DecisionForm,
    IntakePlanForm,
    IntakeRecordForm,
)
from ..models import (
    Application,
    ApplicationStatus,
)
from ..policies import can_view_applications
from ..selectors import (
    access_application,
    application_history_visible_to,
    application_list_visible_to,
    moment_list_visible_to,
)
from ._common import _municipality

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AuthenticatedHttpRequest


@login_required
def applications(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    if not can_view_applications(request.user, municipality.pk):
        raise PermissionDenied
    status = request.GET.get("status", "")
    moment = request.GET.get("moment", "")
    qs = application_list_visible_to(
        user=request.user,
        municipality=municipality,
        status=status if status in ApplicationStatus.values else None,
        moment_id=int(moment) if moment.isdigit() else None,
    )
    return render(
        request,
        "initiatives/applications.html",
        {
            "municipality": municipality,
            "applications": qs,
            "status": status,
            "statuses": ApplicationStatus.choices,
            "moments": moment_list_visible_to(user=request.user, municipality=municipality),
            "moment": moment,
        },
    )


def _application(request: AuthenticatedHttpRequest, pk: int) -> Application:
    application = access_application(user=request.user, pk=pk)
    request.municipality = application.municipality  # type: ignore[attr-defined]
    return application


@login_required
def application_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    user = request.user
    plan_form = IntakePlanForm(prefix="plan")
    record_form = IntakeRecordForm(
        prefix="rec",
        initial={
            "intake_notes": application.intake_notes,
            "intake_why": application.intake_why,
            "needs_training": application.needs_training,
            "needs_vog": application.needs_vog,
        },
    )
    decision_form = DecisionForm(prefix="dec")
    status = 200
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "plan":
                plan_form = IntakePlanForm(request.POST, prefix="plan")
                if plan_form.is_valid():
                    services.application_intake_plan(actor=user, application=application, **plan_form.cleaned_data)
                    messages.success(request, _("Het intakegesprek is gepland; de aanvrager krijgt een e-mail."))
                    return redirect("initiatives:application", pk=pk)
            elif step == "record":
                record_form = IntakeRecordForm(request.POST, prefix="rec")
                if record_form.is_valid():
                    services.application_intake_record(actor=user, application=application, **record_form.cleaned_data)
                    messages.success(request, _("Het intakegesprek is vastgelegd."))
                    return redirect("initiatives:application", pk=pk)
            elif step == "decide":
                decision_form = DecisionForm(request.POST, prefix="dec")
                if decision_form.is_valid():
                    services.application_decide(
                        actor=user,
                        application=application,
                        accept=decision_form.cleaned_data["decision"] == "accept",
                        reason=decision_form.cleaned_data["reason"],
                    )
                    messages.success(request, _("Het besluit is vastgelegd; de aanvrager krijgt een e-mail."))
                    return redirect("initiatives:application", pk=pk)
        except ValidationError as exc:
            for msg in exc.messages:
                messages.error(request, msg)
        status = 400
    return render(
        request,
        "initiatives/application_detail.html",
        {
            "application": application,
            "events": application_history_visible_to(user=user, application=application),
            "plan_form": plan_form,
            "record_form": record_form,
            "decision_form": decision_form,
            "open": application.status in {ApplicationStatus.SUBMITTED, ApplicationStatus.INTAKE},
            "staff": can_manage_initiatives(user, application.municipality_id),
        },
        status=status,
    )



"""Staff and coordinator pages under /initiatieven/. Thin: forms in, services out."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtpreventie.accounts.policies import is_team_member
from buurtpreventie.accounts.selectors import user_municipality_ids
from buurtpreventie.areas.models import Municipality

from . import services
from .forms import (
    AcceptanceForm,
    AgreementForm,
    CommitmentForm,
    ContinuityReviewForm,
    DecisionForm,
    EquipmentForm,
    HouseRulesForm,
    InitiativeCreateForm,
    InitiativeForm,
    IntakePlanForm,
    IntakeRecordForm,
    InvolvementForm,
    MemberAddForm,
    MomentForm,
    PolicyGoalForm,
    StatusForm,
    TrainingForm,
)
from .models import (
    STATUS_TRANSITIONS,
    Agreement,
    Application,
    ApplicationStatus,
    EquipmentIssue,
    Initiative,
    InitiativeStatus,
    Membership,
    Party,
    PolicyGoal,
    RegistrationMoment,
)
from .pdf import agreement_pdf
from .policies import (
    can_accept_agreement,
    can_manage_initiatives,
    can_manage_team,
    can_see_internal_notes,
    can_see_member_details,
)
from .selectors import (
    application_list_visible_to,
    commitments_of,
    current_members,
    early_warning_reasons,
    former_members,
    goals_of,
    initiative_for_user,
    initiative_list_visible_to,
    latest_agreement,
    moment_list_visible_to,
)


def _municipality(request: HttpRequest) -> Municipality:
    user: Any = request.user
    allowed = (
        Municipality.objects.all()
        if user.is_superuser
        else Municipality.objects.filter(pk__in=user_municipality_ids(user=user))
    )
    code = request.GET.get("gemeente")
    municipality = allowed.filter(code=code).first() if code else allowed.order_by("name").first()
    if municipality is None:
        raise Http404
    request.municipality = municipality  # type: ignore[attr-defined]
    return municipality


def _initiative(request: HttpRequest, pk: int) -> Initiative:
    initiative = initiative_for_user(user=request.user, pk=pk)
    if initiative is None:
        raise Http404
    request.municipality = initiative.municipality  # type: ignore[attr-defined]
    return initiative


def _require_manager(request: HttpRequest, municipality: Municipality) -> None:
    if not can_manage_initiatives(request.user, municipality.pk):
        raise PermissionDenied


def _errors_to_form(form: Any, exc: ValidationError) -> None:
    form.add_error(None, exc)


# --- Overview and one initiative ------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    qs = initiative_list_visible_to(user=request.user, municipality=municipality)
    status = request.GET.get("status", "")
    if status in InitiativeStatus.values:
        qs = qs.filter(status=status)
    initiatives = list(qs.annotate(n_members=Count("memberships", distinct=True)).order_by("status", "name"))
    manager = can_manage_initiatives(request.user, municipality.pk)
    open_applications = (
        application_list_visible_to(user=request.user, municipality=municipality)
        .filter(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.INTAKE])
        .count()
    )
    return render(
        request,
        "initiatives/index.html",
        {
            "municipality": municipality,
            "initiatives": initiatives,
            "status": status,
            "statuses": InitiativeStatus.choices,
            "manager": manager,
            "open_applications": open_applications,
        },
    )


@login_required
def initiative_new(request: HttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    _require_manager(request, municipality)
    form = InitiativeCreateForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        initiative = services.initiative_create(
            actor=request.user,
            municipality=municipality,
            name=form.cleaned_data["name"],
            kind=form.cleaned_data["kind"],
            wijken=list(form.cleaned_data["wijken"]),
            reason=form.cleaned_data["reason"],
        )
        return redirect("initiatives:detail", pk=initiative.pk)
    return render(
        request,
        "initiatives/form_page.html",
        {"form": form, "title": _("Initiatief registreren"), "municipality": municipality},
        status=400 if form.is_bound else 200,
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    user = request.user
    manager = can_manage_initiatives(user, initiative.municipality_id)
    agreement = latest_agreement(initiative=initiative)
    from buurtpreventie.public.selectors import initiative_area

    area = initiative_area(initiative)
    internal = can_see_internal_notes(user, initiative)
    context = {
        "initiative": initiative,
        "manager": manager,
        "team_manager": can_manage_team(user, initiative),
        "see_members": can_see_member_details(user, initiative),
        "history": initiative.status_changes.select_related("actor"),
        "agreement": agreement,
        "agreement_parties": agreement.accepted_parties() if agreement else set(),
        "goals": goals_of(municipality=initiative.municipality, initiative=initiative),
        "commitments": commitments_of(municipality=initiative.municipality, initiative=initiative),
        "internal": internal,
        "involvements": (
            initiative.involvements.select_related("professional").prefetch_related("wijken") if internal else []
        ),
        "reviews": initiative.continuity_reviews.select_related("decided_by") if internal else [],
        "applications": initiative.applications.all() if manager else [],
        "members": current_members(initiative=initiative) if can_see_member_details(user, initiative) else [],
        "status_form": StatusForm(allowed=STATUS_TRANSITIONS.get(initiative.status, set())) if manager else None,
        "area": {"type": "Feature", "properties": {"name": initiative.name}, "geometry": area} if area else None,
        "wijken": initiative.wijken.all(),
    }
    return render(request, "initiatives/detail.html", context)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    if not can_manage_team(request.user, initiative):
        raise PermissionDenied
    import json

    initial = {
        "name": initiative.name,
        "kind": initiative.kind,
        "wijken": initiative.wijken.all(),
        "buurten": initiative.buurten.all(),
        "area_geometry": json.dumps(initiative.area_geometry) if initiative.area_geometry else "",
        "public_description": initiative.public_description,
        "how_to_join": initiative.how_to_join,
    }
    form = InitiativeForm(request.POST or None, initial=initial, municipality=initiative.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.initiative_update(
                actor=request.user,
                initiative=initiative,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                wijken=list(form.cleaned_data["wijken"]),
                buurten=list(form.cleaned_data["buurten"]),
                area_geometry=form.cleaned_data["area_geometry"],
                public_description=form.cleaned_data["public_description"],
                how_to_join=form.cleaned_data["how_to_join"],
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Het initiatief is bijgewerkt."))
            return redirect("initiatives:detail", pk=pk)
    wijken_geojson = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"name": w.name}, "geometry": w.geometry}
            for w in initiative.municipality.wijken.exclude(geometry=None)
        ],
    }
    return render(
        request,
        "initiatives/edit.html",
        {"initiative": initiative, "form": form, "wijken_geojson": wijken_geojson},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def status_change(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    if not can_manage_initiatives(request.user, initiative.municipality_id):
        raise PermissionDenied
    form = StatusForm(request.POST, allowed=STATUS_TRANSITIONS.get(initiative.status, set()))
    if form.is_valid():
        try:
            services.initiative_status_set(
                actor=request.user,
                initiative=initiative,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            for msg in exc.messages:
                messages.error(request, msg)
        else:
            messages.success(request, _("De status is gewijzigd."))
    else:
        messages.error(request, _("Kies een status en geef een reden."))
    return redirect("initiatives:detail", pk=pk)


@login_required
@require_POST
def at_risk(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    services.initiative_at_risk_set(
        actor=request.user,
        initiative=initiative,
        at_risk=request.POST.get("at_risk") == "1",
        reason=request.POST.get("reason", ""),
    )
    return redirect("initiatives:detail", pk=pk)


# --- Members --------------------------------------------------------------------------------


@login_required
def members(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    user: Any = request.user
    if not (can_see_member_details(user, initiative) or is_team_member(user, initiative.pk)):
        raise PermissionDenied
    team_manager = can_manage_team(user, initiative)
    add_form = MemberAddForm(
        request.POST or None, prefix="add", may_assign_roles=can_manage_initiatives(user, initiative.municipality_id)
    )
    if request.method == "POST":
        if not team_manager:
            raise PermissionDenied
        if add_form.is_valid():
            try:
                services.membership_add(
                    actor=user,
                    initiative=initiative,
                    email=add_form.cleaned_data["email"],
                    full_name=add_form.cleaned_data["full_name"],
                    role=add_form.cleaned_data.get("role", "member"),
                )
            except ValidationError as exc:
                _errors_to_form(add_form, exc)
            else:
                messages.success(request, _("Lid toegevoegd."))
                return redirect("initiatives:members", pk=pk)
    own = Membership.objects.current().filter(initiative=initiative, user=user).first()
    return render(
        request,
        "initiatives/members.html",
        {
            "initiative": initiative,
            "team_manager": team_manager,
            "see_members": can_see_member_details(user, initiative),
            "members": [
                (m, TrainingForm(prefix=f"t{m.pk}"), EquipmentForm(prefix=f"e{m.pk}"))
                for m in current_members(initiative=initiative)
            ],
            "former": former_members(initiative=initiative),
            "add_form": add_form,
            "training_form": TrainingForm(prefix="t"),
            "equipment_form": EquipmentForm(prefix="e"),
            "own": own,
            "rules_text": services.house_rules_text(initiative),
            "rules_form": HouseRulesForm(),
            "own_accepted": own.house_rules_acceptances.first() if own else None,
        },
        status=400 if add_form.is_bound else 200,
    )


@login_required
@require_POST
def member_action(request: HttpRequest, pk: int, membership_pk: int, action: str) -> HttpResponse:
    initiative = _initiative(request, pk)
    membership = get_object_or_404(Membership, pk=membership_pk, initiative=initiative)
    user = request.user
    try:
        if action == "stop":
            services.membership_end(actor=user, membership=membership, reason=request.POST.get("reason", ""))
            messages.success(request, _("Het lidmaatschap is beëindigd."))
        elif action == "training":
            tf = TrainingForm(request.POST, prefix=f"t{membership.pk}")
            if not tf.is_valid():
                raise ValidationError(_("Kies een training en een datum."))
            services.training_record(actor=user, membership=membership, **tf.cleaned_data)
            messages.success(request, _("Training vastgelegd."))
        elif action == "equipment":
            ef = EquipmentForm(request.POST, prefix=f"e{membership.pk}")
            if not ef.is_valid():
                raise ValidationError(_("Vul de uitrusting en de datum in."))
            services.equipment_issue(actor=user, membership=membership, **ef.cleaned_data)
            messages.success(request, _("Uitgifte vastgelegd."))
        elif action == "return":
            issue = get_object_or_404(EquipmentIssue, pk=request.POST.get("issue"), membership=membership)
            services.equipment_return(actor=user, issue=issue)
            messages.success(request, _("Inlevering vastgelegd."))
        elif action == "rules":
            rf = HouseRulesForm(request.POST)
            if not rf.is_valid():
                raise ValidationError(_("Vink aan dat u akkoord gaat met de huisregels."))
            services.house_rules_accept(
                actor=user, membership=membership, confirms_adult=rf.cleaned_data["confirms_adult"]
            )
            messages.success(request, _("Huisregels geaccepteerd."))
        else:
            raise Http404
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    return redirect("initiatives:members", pk=pk)


# --- Agreement ------------------------------------------------------------------------------


@login_required
def agreement_new(request: HttpRequest, pk: int) -> HttpResponse:
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
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(Agreement.objects.select_related("initiative"), pk=pk)
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
    form = AcceptanceForm(initial={"signed_by_name": str(user)})
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
def agreement_accept(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(Agreement.objects.select_related("initiative"), pk=pk)
    _initiative(request, agreement.initiative_id)
    form = AcceptanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies de partij en vul de naam in."))
        return redirect("initiatives:agreement", pk=pk)
    try:
        services.agreement_accept(actor=request.user, agreement=agreement, **form.cleaned_data)
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    else:
        messages.success(request, _("Acceptatie vastgelegd."))
    return redirect("initiatives:agreement", pk=pk)


@login_required
def agreement_download(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(Agreement.objects.select_related("initiative__municipality"), pk=pk)
    _initiative(request, agreement.initiative_id)
    response = HttpResponse(agreement_pdf(agreement), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="convenant-{agreement.initiative_id}-v{agreement.version}.pdf"'
    return response


# --- Goals, commitments, professionals, continuity ------------------------------------------


@login_required
def policy(request: HttpRequest) -> HttpResponse:
    """Municipality-wide policy goals and commitments of municipality and police."""
    municipality = _municipality(request)
    manager = can_manage_initiatives(request.user, municipality.pk)
    if not manager:
        raise PermissionDenied
    return render(
        request,
        "initiatives/policy.html",
        {
            "municipality": municipality,
            "goals": goals_of(municipality=municipality),
            "commitments": commitments_of(municipality=municipality),
        },
    )


def _goal_or_commitment_target(request: HttpRequest, pk: int | None) -> tuple[Municipality, Initiative | None]:
    if pk is None:
        municipality = _municipality(request)
        return municipality, None
    initiative = _initiative(request, pk)
    return initiative.municipality, initiative


@login_required
def goal_new(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    municipality, initiative = _goal_or_commitment_target(request, pk)
    _require_manager(request, municipality)
    form = PolicyGoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.policy_goal_save(
            actor=request.user, municipality=municipality, initiative=initiative, **form.cleaned_data
        )
        messages.success(request, _("Beleidsdoel opgeslagen."))
        return redirect("initiatives:detail", pk=pk) if pk else redirect("initiatives:policy")
    title = _("Beleidsdoel voor %(name)s") % {"name": initiative or municipality}
    return render(
        request,
        "initiatives/form_page.html",
        {"form": form, "title": title, "initiative": initiative},
        status=400 if form.is_bound else 200,
    )


@login_required
def goal_edit(request: HttpRequest, goal_pk: int) -> HttpResponse:
    """Edit a goal, e.g. at its review date: was it reached?"""
    goal = get_object_or_404(PolicyGoal.objects.select_related("municipality", "initiative"), pk=goal_pk)
    request.municipality = goal.municipality  # type: ignore[attr-defined]
    if not can_manage_initiatives(request.user, goal.municipality_id):
        raise Http404
    form = PolicyGoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        services.policy_goal_save(
            actor=request.user,
            municipality=goal.municipality,
            initiative=goal.initiative,
            goal=goal,
            **form.cleaned_data,
        )
        messages.success(request, _("Beleidsdoel opgeslagen."))
        if goal.initiative_id:
            return redirect("initiatives:detail", pk=goal.initiative_id)
        return redirect("initiatives:policy")
    title = _("Beleidsdoel voor %(name)s") % {"name": goal.initiative or goal.municipality}
    return render(
        request,
        "initiatives/form_page.html",
        {"form": form, "title": title, "initiative": goal.initiative},
        status=400 if form.is_bound else 200,
    )


@login_required
def commitment_new(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    municipality, initiative = _goal_or_commitment_target(request, pk)
    _require_manager(request, municipality)
    form = CommitmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.commitment_save(
            actor=request.user, municipality=municipality, initiative=initiative, **form.cleaned_data
        )
        messages.success(request, _("Inspanningsverplichting opgeslagen."))
        return redirect("initiatives:detail", pk=pk) if pk else redirect("initiatives:policy")
    title = _("Inspanningsverplichting voor %(name)s") % {"name": initiative or municipality}
    return render(
        request,
        "initiatives/form_page.html",
        {"form": form, "title": title, "initiative": initiative},
        status=400 if form.is_bound else 200,
    )


@login_required
def involvement_new(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    _require_manager(request, initiative.municipality)
    form = InvolvementForm(
        request.POST or None, municipality=initiative.municipality, initial={"wijken": initiative.wijken.all()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.involvement_record(
                actor=request.user,
                municipality=initiative.municipality,
                initiative=initiative,
                wijken=list(data.pop("wijken")),
                **data,
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Betrokkenheid vastgelegd."))
            return redirect("initiatives:detail", pk=pk)
    title = _("Betrokkenheid van een professional bij %(name)s") % {"name": initiative}
    return render(
        request,
        "initiatives/form_page.html",
        {"form": form, "title": title, "initiative": initiative},
        status=400 if form.is_bound else 200,
    )


@login_required
def continuity_new(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    _require_manager(request, initiative.municipality)
    form = ContinuityReviewForm(request.POST or None, initial={
        "trigger": "at_risk", "causes": early_warning_reasons(initiative=initiative)})
    if request.method == "POST" and form.is_valid():
        services.continuity_review_record(actor=request.user, initiative=initiative, **form.cleaned_data)
        messages.success(request, _("Het besluit is vastgelegd."))
        return redirect("initiatives:detail", pk=pk)
    return render(
        request,
        "initiatives/continuity_form.html",
        {
            "form": form,
            "initiative": initiative,
            "goals": goals_of(municipality=initiative.municipality, initiative=initiative),
        },
        status=400 if form.is_bound else 200,
    )


# --- Applications ---------------------------------------------------------------------------


@login_required
def applications(request: HttpRequest) -> HttpResponse:
    municipality = _municipality(request)
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


def _application(request: HttpRequest, pk: int) -> Application:
    application = get_object_or_404(Application.objects.select_related("municipality", "initiative"), pk=pk)
    visible = application_list_visible_to(user=request.user, municipality=application.municipality)
    if not visible.filter(pk=pk).exists():
        raise Http404
    request.municipality = application.municipality  # type: ignore[attr-defined]
    return application


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
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
            "events": application.events.select_related("actor"),
            "plan_form": plan_form,
            "record_form": record_form,
            "decision_form": decision_form,
            "open": application.status in {ApplicationStatus.SUBMITTED, ApplicationStatus.INTAKE},
        },
        status=status,
    )


# --- Registration moments -------------------------------------------------------------------


@login_required
def moments(request: HttpRequest) -> HttpResponse:
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
def moment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    moment = get_object_or_404(RegistrationMoment.objects.select_related("municipality"), pk=pk)
    request.municipality = moment.municipality  # type: ignore[attr-defined]
    if not can_manage_initiatives(request.user, moment.municipality_id):
        raise Http404
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

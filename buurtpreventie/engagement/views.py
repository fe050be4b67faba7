from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from buurtpreventie.accounts.policies import managed_team_ids, municipality_ids_with
from buurtpreventie.accounts.roles import Cap
from buurtpreventie.areas.models import Municipality
from buurtpreventie.core.audit import audit_record
from buurtpreventie.core.files import serve_private
from buurtpreventie.core.tenancy import resolve_municipality

from . import policies, selectors, services
from .budgets import euro
from .forms import (
    ActionPointForm,
    AppreciationForm,
    BudgetRequestForm,
    BudgetRuleForm,
    ContactLogForm,
    DecisionForm,
    EvaluationMeetingForm,
    EventForm,
    ExpenseForm,
    FreeSpendingForm,
    NewsletterForm,
    PracticeExampleForm,
    RhythmForm,
)
from .models import (
    ActionPoint,
    BudgetRequest,
    BudgetRequestStatus,
    EvaluationMeeting,
    EventInvitation,
    NewsletterStatus,
)

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AuthenticatedHttpRequest


def _municipality(request: HttpRequest, capability: str) -> Municipality:
    municipality: Municipality = resolve_municipality(
        request, allowed_ids=municipality_ids_with(request.user, capability))
    return municipality


def _apply_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


# --- Contacts ------------------------------------------------------------------------------------

@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _municipality(request, Cap.LOG_CONTACT)
    user = request.user
    memberships = [m for m in selectors.contact_persons(municipality.pk)
                   if selectors._in_scope(user, municipality.pk, m.initiative, Cap.LOG_CONTACT)]
    form = ContactLogForm(request.POST or None, memberships=memberships)
    if request.method == "POST" and form.is_valid():
        m = form.membership()
        try:
            services.contact_log(actor=user, initiative=m.initiative, contact_person=m.user,
                                 kind=form.cleaned_data["kind"], occurred_at=form.cleaned_data["occurred_at"],
                                 notes=form.cleaned_data["notes"])
            messages.success(request, _("Contactmoment vastgelegd."))
            return redirect("engagement:index")
        except ValidationError as exc:
            _apply_errors(form, exc)
    overdue = selectors.overdue_contacts_visible_to(user=user, municipality=municipality)
    return render(request, "engagement/index.html", {
        "municipality": municipality, "form": form, "rhythm": selectors.rhythm_for(municipality),
        "groups": selectors.overdue_by_professional(overdue), "overdue_count": len(overdue),
        "contacts": selectors.contacts_visible_to(user=user, municipality=municipality, limit=25),
        "can_manage": policies.can_manage_engagement(user, municipality.pk),
    })


@login_required
def rhythm(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _municipality(request, Cap.MANAGE_INITIATIVES)
    form = RhythmForm(request.POST or None, instance=selectors.rhythm_for(municipality))
    if request.method == "POST" and form.is_valid():
        services.rhythm_save(actor=request.user, municipality=municipality, data=form.cleaned_data)
        messages.success(request, _("Het contactritme is opgeslagen."))
        return redirect("engagement:index")
    return render(request, "engagement/form_page.html", {
        "form": form, "title": _("Contactritme van %(name)s") % {"name": municipality.name},
        "intro": _("De handreiking raadt aan: maandelijks even mailen of bellen met elke coördinator of "
                   "beheerder, en minstens jaarlijks een overleg met alle coördinatoren."),
    })


# --- Events --------------------------------------------------------------------------------------

@login_required
def events(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _municipality(request, Cap.LOG_CONTACT)
    can_manage = policies.can_manage_engagement(request.user, municipality.pk)
    form = EventForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            event = services.event_save(actor=request.user, municipality=municipality, data=form.cleaned_data)
            return redirect("engagement:event_detail", pk=event.pk)
    return render(request, "engagement/events.html", {
        "events": selectors.events_visible_to(user=request.user, municipality=municipality),
        "form": form, "can_manage": can_manage,
    })


@login_required
def event_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = selectors.access_event(user=request.user, pk=pk)
    request.municipality = event.municipality  # type: ignore[attr-defined]
    can_manage = policies.can_manage_engagement(request.user, event.municipality_id)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if request.POST.get("action") == "invite":
            count = services.event_invite(actor=request.user, event=event)
            messages.success(request, _("%(count)s uitnodigingen verstuurd.") % {"count": count})
        elif request.POST.get("action") == "attendance":
            invitation = get_object_or_404(EventInvitation, pk=request.POST.get("invitation"), event=event)
            services.attendance_record(actor=request.user, invitation=invitation,
                                       attended=request.POST.get("attended") == "1")
        return redirect("engagement:event_detail", pk=pk)
    invitations = event.invitations.select_related("user", "initiative").order_by("initiative__name", "user__last_name")
    return render(request, "engagement/event_detail.html", {
        "event": event, "invitations": invitations, "can_manage": can_manage,
        "attended": sum(1 for i in invitations if i.attended),
    })


# --- Appreciation --------------------------------------------------------------------------------

@login_required
def appreciation(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _municipality(request, Cap.LOG_CONTACT)
    form = AppreciationForm(request.POST or None, initial={"occurred_on": timezone.localdate()})
    form.limit_teams(municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.appreciation_log(actor=request.user, initiative=form.cleaned_data["initiative"],
                                      kind=form.cleaned_data["kind"], occurred_on=form.cleaned_data["occurred_on"],
                                      note=form.cleaned_data["note"])
            messages.success(request, _("Blijk van waardering vastgelegd."))
            return redirect("engagement:appreciation")
        except ValidationError as exc:
            _apply_errors(form, exc)
    log, reminders = selectors.appreciation_visible_to(user=request.user, municipality=municipality)
    return render(request, "engagement/appreciation.html", {
        "form": form, "log": log, "reminders": reminders, "rhythm": selectors.rhythm_for(municipality),
        "can_manage": policies.can_manage_engagement(request.user, municipality.pk),
    })


# --- Budgets -------------------------------------------------------------------------------------

def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("jaar", ""))
    except ValueError:
        return timezone.localdate().year


@login_required
def budgets(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not municipality_ids_with(user, Cap.MANAGE_BUDGETS):
        resolve_municipality(request, required=False)  # ?gemeente=<not yours> is 404, as everywhere
        managed = managed_team_ids(user)
        if managed:
            return redirect("engagement:team_budget", pk=min(managed))
        raise PermissionDenied
    municipality = _municipality(request, Cap.MANAGE_BUDGETS)
    year = _year(request)
    form = BudgetRuleForm(request.POST or None, initial={"year": year, "minimum": 0})
    form.limit_teams(municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_rule_save(actor=user, municipality=municipality, data=form.cleaned_data)
            messages.success(request, _("De budgetregel is opgeslagen."))
            return redirect(f"{request.path}?jaar={form.cleaned_data['year']}")
        except ValidationError as exc:
            _apply_errors(form, exc)
    rows = selectors.budgets_visible_to(user=user, municipality=municipality, year=year)
    return render(request, "engagement/budgets.html", {
        "municipality": municipality, "year": year, "rows": rows, "form": form,
        "rules": selectors.rules_visible_to(user=user, municipality=municipality).filter(year=year),
        "pending": [r for row in rows for r in row.requests if r.status == BudgetRequestStatus.REQUESTED],
        "can_manage": policies.can_manage_engagement(user, municipality.pk),
    })


@login_required
def budget_rule_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rule = selectors.access_budget_rule(user=request.user, pk=pk)
    request.municipality = rule.municipality  # type: ignore[attr-defined]
    form = BudgetRuleForm(request.POST or None, instance=rule)
    form.limit_teams(rule.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_rule_save(actor=request.user, municipality=rule.municipality, rule=rule,
                                      data=form.cleaned_data)
            messages.success(request, _("De budgetregel is opgeslagen."))
            return redirect(f"/contact/budget/?jaar={rule.year}")
        except ValidationError as exc:
            _apply_errors(form, exc)
    return render(request, "engagement/form_page.html", {"form": form, "title": _("Budgetregel aanpassen"),
                                                          "back_url": f"/contact/budget/?jaar={rule.year}"})


@login_required
def budget_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _municipality(request, Cap.MANAGE_BUDGETS)
    year = _year(request)
    rows = selectors.budgets_visible_to(user=request.user, municipality=municipality, year=year)
    from buurtpreventie.core.exports import export_response

    header = ["team", "jaar", "grondslag", "berekend_bedrag", "formule", "aangevraagd_open", "goedgekeurd",
              "uitgegeven", "over"]
    table = []
    for row in rows:
        amount = row.computed.amount if row.computed else None
        table.append([
            row.initiative.name, year, row.rule.get_basis_display() if row.rule else "",
            amount if amount is not None else "onbekend", row.computed.formula if row.computed else "",
            row.requested, row.approved, row.spent, row.remaining,
        ])
    fmt = "xlsx" if request.GET.get("formaat") == "xlsx" or request.path.endswith(".xlsx") else "csv"
    response = export_response(f"budget-{municipality.slug}-{year}", header, table, fmt=fmt,
                               title=f"Budget {year}")
    audit_record(actor=request.user, action="engagement.budget_exported", municipality_id=municipality.pk,
                          detail={"year": year})
    return response


@login_required
def team_budget(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = selectors.access_team_budget(user=request.user, initiative_pk=pk)
    request.municipality = initiative.municipality  # type: ignore[attr-defined]
    year = _year(request)
    user = request.user
    can_request = policies.can_request_budget(user, initiative)
    can_decide = policies.can_manage_budgets(user, initiative.municipality_id)
    action = request.POST.get("action") if request.method == "POST" else None
    request_form = BudgetRequestForm(request.POST if action == "request" else None)
    approved = list(BudgetRequest.objects.filter(initiative=initiative, year=year,
                                                 status=BudgetRequestStatus.APPROVED))
    expense_form = ExpenseForm(request.POST if action == "expense" else None,
                               request.FILES if action == "expense" else None, requests=approved)
    if action == "request":
        if not can_request:
            raise PermissionDenied
        if request_form.is_valid():
            try:
                services.budget_request_submit(actor=user, initiative=initiative, year=year,
                                               amount=request_form.cleaned_data["amount"],
                                               purpose=request_form.cleaned_data["purpose"])
                messages.success(request, _("De aanvraag is verstuurd naar de gemeente."))
                return redirect(f"{request.path}?jaar={year}")
            except ValidationError as exc:
                _apply_errors(request_form, exc)
    elif action == "expense":
        if not (can_request or can_decide):
            raise PermissionDenied
        if expense_form.is_valid():
            try:
                services.expense_record(actor=user, request=expense_form.requests[expense_form.cleaned_data["request"]],
                                        amount=expense_form.cleaned_data["amount"],
                                        description=expense_form.cleaned_data["description"],
                                        spent_on=expense_form.cleaned_data["spent_on"],
                                        receipt=expense_form.cleaned_data["receipt"])
                messages.success(request, _("De uitgave is vastgelegd."))
                return redirect(f"{request.path}?jaar={year}")
            except ValidationError as exc:
                _apply_errors(expense_form, exc)
    elif action == "free":
        if not can_request:
            raise PermissionDenied
        free_form = FreeSpendingForm(request.POST, request.FILES)
        if free_form.is_valid():
            try:
                services.free_spending_record(actor=user, initiative=initiative, year=year, **free_form.cleaned_data)
                messages.success(request, _("De uitgave is vastgelegd."))
                return redirect(f"{request.path}?jaar={year}")
            except ValidationError as exc:
                _apply_errors(free_form, exc)
    elif action in ("approve", "reject"):
        budget_request = get_object_or_404(BudgetRequest, pk=request.POST.get("request"), initiative=initiative)
        decision = DecisionForm(request.POST)
        decision.is_valid()
        try:
            services.budget_request_decide(actor=user, request=budget_request, approve=action == "approve",
                                           note=decision.cleaned_data.get("note", ""))
            messages.success(request, _("Het besluit is vastgelegd."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(f"{request.path}?jaar={year}")
    overview = selectors.team_budget_visible_to(user=user, initiative=initiative, year=year)
    if action != "free":
        free_form = FreeSpendingForm()
    return render(request, "engagement/team_budget.html", {
        "free_form": free_form if overview.rule is not None and overview.rule.mode == "free" else None,
        "initiative": initiative, "year": year, "b": overview, "can_request": can_request, "can_decide": can_decide,
        "request_form": request_form, "expense_form": expense_form if approved else None,
        "decision_form": DecisionForm(), "still_available": euro(overview.still_available)
        if overview.still_available is not None else None,
    })


@login_required
def receipt(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse | FileResponse:
    expense = selectors.access_receipt(user=request.user, pk=pk)
    ext = (expense.receipt.name or "bon.pdf").rsplit(".", 1)[-1]
    return serve_private(expense.receipt, filename=f"bon-{expense.pk}.{ext}")


# --- Newsletter ----------------------------------------------------------------------------------

@login_required
def newsletters(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _municipality(request, Cap.MANAGE_INITIATIVES)
    form = NewsletterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        newsletter = services.newsletter_save(actor=request.user, municipality=municipality, data=form.cleaned_data)
        return redirect("engagement:newsletter_detail", pk=newsletter.pk)
    return render(request, "engagement/newsletters.html", {
        "newsletters": selectors.newsletters_visible_to(user=request.user, municipality=municipality), "form": form,
        "recipient_count": len(selectors.newsletter_recipients(municipality)), "can_manage": True,
    })


@login_required
def newsletter_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    newsletter = selectors.access_newsletter(user=request.user, pk=pk)
    request.municipality = newsletter.municipality  # type: ignore[attr-defined]
    action = request.POST.get("action") if request.method == "POST" else None
    draft = newsletter.status == NewsletterStatus.DRAFT
    form = NewsletterForm(request.POST if action == "edit" else None, instance=newsletter)
    example_form = PracticeExampleForm(request.POST if action == "example" else None, prefix="ex")
    example_form.limit_teams(newsletter.municipality)
    try:
        if action == "edit" and draft and form.is_valid():
            services.newsletter_save(actor=request.user, municipality=newsletter.municipality, newsletter=newsletter,
                                     data=form.cleaned_data)
            messages.success(request, _("Opgeslagen."))
            return redirect("engagement:newsletter_detail", pk=pk)
        if action == "example" and example_form.is_valid():
            services.practice_example_add(actor=request.user, newsletter=newsletter, data=example_form.cleaned_data)
            messages.success(request, _("Praktijkvoorbeeld toegevoegd."))
            return redirect("engagement:newsletter_detail", pk=pk)
        if action == "send":
            count = services.newsletter_send(actor=request.user, newsletter=newsletter)
            messages.success(request, _("De nieuwsbrief is verstuurd naar %(count)s ontvangers.") % {"count": count})
            return redirect("engagement:newsletter_detail", pk=pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return render(request, "engagement/newsletter_detail.html", {
        "newsletter": newsletter, "form": form, "example_form": example_form, "draft": draft,
        "examples": newsletter.examples.select_related("initiative"),
        "recipient_count": len(selectors.newsletter_recipients(newsletter.municipality)),
    })


@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Per-recipient unsubscribe link from the newsletter e-mail; no login needed.

    GET shows a confirmation button (link scanners prefetch GETs); POST unsubscribes. POST needs no CSRF
    cookie: RFC 8058 one-click requests come from the mail provider, and the signed token is the proof."""
    if request.method == "POST":
        try:
            services.newsletter_unsubscribe(token=token)
        except PermissionDenied:
            return render(request, "engagement/unsubscribe.html", {"invalid": True}, status=403)
        return render(request, "engagement/unsubscribe.html", {"done": True})
    return render(request, "engagement/unsubscribe.html", {"token": token})


# --- Evaluations ---------------------------------------------------------------------------------

@login_required
def evaluations(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _municipality(request, Cap.MANAGE_INITIATIVES)
    form = EvaluationMeetingForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        meeting = services.evaluation_meeting_save(actor=request.user, municipality=municipality,
                                                   data=form.cleaned_data)
        return redirect("engagement:evaluation_detail", pk=meeting.pk)
    meetings = EvaluationMeeting.objects.filter(municipality=municipality)
    return render(request, "engagement/evaluations.html", {"meetings": meetings, "form": form, "can_manage": True})


@login_required
def evaluation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.access_evaluation(user=request.user, pk=pk)
    request.municipality = meeting.municipality  # type: ignore[attr-defined]
    action = request.POST.get("action") if request.method == "POST" else None
    form = EvaluationMeetingForm(request.POST if action == "edit" else None, instance=meeting,
                                 municipality=meeting.municipality)
    point_form = ActionPointForm(request.POST if action == "point" else None, prefix="ap")
    point_form.limit_teams(meeting.municipality)
    if action == "edit" and form.is_valid():
        services.evaluation_meeting_save(actor=request.user, municipality=meeting.municipality, meeting=meeting,
                                         data=form.cleaned_data)
        messages.success(request, _("Opgeslagen."))
        return redirect("engagement:evaluation_detail", pk=pk)
    if action == "point" and point_form.is_valid():
        services.action_point_add(actor=request.user, meeting=meeting, data=point_form.cleaned_data)
        return redirect("engagement:evaluation_detail", pk=pk)
    if action == "toggle":
        point = get_object_or_404(ActionPoint, pk=request.POST.get("point"), meeting=meeting)
        services.action_point_set_done(actor=request.user, point=point, done=not point.done)
        return redirect("engagement:evaluation_detail", pk=pk)
    return render(request, "engagement/evaluation_detail.html", {
        "meeting": meeting, "form": form, "point_form": point_form,
        "results": selectors.evaluation_results(user=request.user, meeting=meeting),
        "points": meeting.action_points.select_related("initiative"),
    })

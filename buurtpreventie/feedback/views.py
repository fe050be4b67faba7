"""The one counter's pages: inbox, report handling, defects, notices and news. Thin views."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtpreventie.areas.models import Municipality, Wijk
from buurtpreventie.core.tenancy import resolve_municipality
from buurtpreventie.notifications.selectors import notices_for
from buurtpreventie.patrols.models import PatrolReport, ReportStatus
from buurtpreventie.patrols.quality import MISSING_LABELS, quality_label
from buurtpreventie.patrols.selectors import (
    access_defect,
    access_report_for_counter,
    defect_list_visible_to,
    report_extra_answers,
)
from buurtpreventie.signals.models import SAAR_RULE, Signal
from buurtpreventie.signals.quality import MISSING_LABELS as SIGNAL_MISSING_LABELS
from buurtpreventie.signals.selectors import access_signal, signal_counter_page

from . import policies, services
from .forms import FeedbackForm, NewsForm, StatusForm
from .forwarding import defect_forward_retry
from .models import NewsItem
from .selectors import (
    INBOX_PAGE_SIZE,
    colleagues_for_assignment,
    feedback_for_report,
    feedback_for_signal,
    inbox_municipality_ids,
    inbox_page,
    news_list_for_staff,
    parse_inbox_cursor,
    report_history,
    share_text,
    signal_history,
)

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AuthenticatedHttpRequest


def _municipality(request: AuthenticatedHttpRequest) -> Municipality:
    municipality: Municipality = resolve_municipality(request, allowed_ids=inbox_municipality_ids(user=request.user))
    return municipality


@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    status = request.GET.get("status", "")
    if status not in ReportStatus.values:
        status = ""
    wijk_id = request.GET.get("wijk")
    wijk_pk = int(wijk_id) if wijk_id and wijk_id.isdigit() else None
    before = parse_inbox_cursor(request.GET.get("voor", ""))
    with_observations = request.GET.get("waarnemingen") == "1"
    mine = request.GET.get("mij") == "1"
    kind = "signalen" if request.GET.get("soort") == "signalen" else "verslagen"
    rows: list[Any]
    if kind == "signalen":
        rows = signal_counter_page(user=request.user, municipality_id=municipality.pk, status=status,
                                   wijk_id=wijk_pk, assigned_to_me=mine, before=before, limit=INBOX_PAGE_SIZE)
    else:
        rows = inbox_page(user=request.user, municipality_id=municipality.pk, status=status, wijk_id=wijk_pk,
                          with_observations=with_observations, assigned_to_me=mine, before=before)
    has_next = len(rows) > INBOX_PAGE_SIZE
    rows = rows[:INBOX_PAGE_SIZE]
    next_cursor = f"{rows[-1].submitted_at.isoformat()}_{rows[-1].pk}" if has_next and rows else ""
    from buurtpreventie.accounts.policies import wijk_scope
    from buurtpreventie.accounts.roles import Cap

    scope = wijk_scope(request.user, Cap.VIEW_AREA_REPORTS, municipality_id=municipality.pk)
    wijken = Wijk.objects.filter(municipality=municipality)
    if scope is not None:
        wijken = wijken.filter(pk__in=scope)
    failed = defect_list_visible_to(user=request.user).filter(forward_state="failed",
                                                              municipality=municipality)[:1]
    return render(request, "feedback/inbox.html", {
        "municipality": municipality, "rows": rows, "next_cursor": next_cursor, "status": status,
        "statuses": ReportStatus.choices, "wijken": wijken, "wijk_id": wijk_pk, "first_page": before is None,
        "with_observations": with_observations, "mine": mine,
        "failed_defects": bool(list(failed)), "kind": kind,
        "new_signals": len(signal_counter_page(user=request.user, municipality_id=municipality.pk,
                                               status=ReportStatus.NEW, limit=99)),
    })


def _report(request: AuthenticatedHttpRequest, pk: int) -> PatrolReport:
    report = access_report_for_counter(user=request.user, pk=pk)
    request.municipality = report.municipality  # type: ignore[attr-defined]
    return report


@login_required
def report_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return _render_report(request, report, _current_status_form(report), FeedbackForm())


def _render_report(request: AuthenticatedHttpRequest, report: PatrolReport, status_form: StatusForm,
                   feedback_form: FeedbackForm, status: int = 200) -> HttpResponse:
    from buurtpreventie.core.audit import audit_record

    audit_record(actor=request.user, action="report.view", obj=report, municipality_id=report.municipality_id)
    return render(request, "feedback/report_detail.html", {
        "report": report, "observations": list(report.observations.all()), "defects": list(report.defects.all()),
        "walkers": list(report.walkers.all()), "history": list(report_history(report=report)),
        "extra_answers": report_extra_answers(report=report),
        "feedback": list(feedback_for_report(report=report)), "status_form": status_form,
        "feedback_form": feedback_form, "quality_label": quality_label(report.quality_score),
        "missing": [MISSING_LABELS[m] for m in report.quality_missing if m in MISSING_LABELS],
        "may_feedback": policies.may_give_feedback(request.user, report),
    }, status=status)


@login_required
@require_POST
def report_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return _post_status(request, report, partial(services.report_status_change, report=report),
                        _render_report, "feedback:report")


@login_required
@require_POST
def report_feedback(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return _post_feedback(request, report, partial(services.feedback_give, report=report), _render_report,
                          "feedback:report", _("Terugkoppeling verstuurd; het team krijgt een bericht."))


# --- One counter item (a patrol report or a signal): the shared POST handling -------------------


def _current_status_form(item: Any) -> StatusForm:
    return StatusForm(colleagues=colleagues_for_assignment(report=item),
                      initial={"status": item.status, "assigned_to": item.assigned_to_id})


def _post_status(request: AuthenticatedHttpRequest, item: Any, change: Callable[..., Any],
                 render_item: Callable[..., HttpResponse], detail: str) -> HttpResponse:
    """Status, assignment and note of a report or signal; a refused form is shown again with its input."""
    form = StatusForm(request.POST, colleagues=colleagues_for_assignment(report=item))
    if form.is_valid():
        try:
            change(actor=request.user, status=form.cleaned_data["status"],
                   assigned_to=form.cleaned_data["assigned_to"], unassign=form.cleaned_data["assigned_to"] is None,
                   note=form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Status bijgewerkt."))
            return redirect(detail, item.pk)
    return render_item(request, item, form, FeedbackForm(), status=400)


def _post_feedback(request: AuthenticatedHttpRequest, item: Any, give: Callable[..., Any],
                   render_item: Callable[..., HttpResponse], detail: str, sent: str) -> HttpResponse:
    """Feedback on a report or signal; a refused form is shown again with its input."""
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            give(actor=request.user, kind=form.cleaned_data["kind"], body=form.cleaned_data["body"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, sent)
            return redirect(detail, item.pk)
    return render_item(request, item, _current_status_form(item), form, status=400)


def _signal(request: AuthenticatedHttpRequest, pk: int) -> Signal:
    signal = access_signal(request.user, pk)
    if not policies.may_triage(request.user, signal):
        raise Http404
    request.municipality = signal.municipality  # type: ignore[attr-defined]
    return signal


@login_required
def signal_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    signal = _signal(request, pk)
    return _render_signal(request, signal, _current_status_form(signal), FeedbackForm())


def _render_signal(request: AuthenticatedHttpRequest, signal: Signal, status_form: StatusForm,
                   feedback_form: FeedbackForm, status: int = 200) -> HttpResponse:
    from buurtpreventie.core.audit import audit_record
    from buurtpreventie.patrols.selectors import report_settings_for

    audit_record(actor=request.user, action="signal.view", obj=signal, municipality_id=signal.municipality_id)
    _focus, questions = report_settings_for(municipality_id=signal.municipality_id)
    answers = [(q["label"], signal.extra_answers.get(q["key"], "")) for q in questions]
    return render(request, "feedback/signal_detail.html", {
        "signal": signal, "history": list(signal_history(signal=signal)), "extra_answers": answers,
        "feedback": [{"item": f, "share": share_text(feedback=f)} for f in feedback_for_signal(signal=signal)],
        "status_form": status_form, "feedback_form": feedback_form, "saar_rule": SAAR_RULE,
        "quality_label": quality_label(signal.quality_score),
        "missing": [SIGNAL_MISSING_LABELS[m] for m in signal.quality_missing if m in SIGNAL_MISSING_LABELS],
        "may_feedback": policies.may_give_feedback(request.user, signal),
    }, status=status)


@login_required
@require_POST
def signal_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    signal = _signal(request, pk)
    return _post_status(request, signal, partial(services.signal_status_change, signal=signal),
                        _render_signal, "feedback:signal")


@login_required
@require_POST
def signal_feedback(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    signal = _signal(request, pk)
    return _post_feedback(request, signal, partial(services.feedback_give, signal=signal), _render_signal,
                          "feedback:signal", _("Terugkoppeling verstuurd; de melder en de beheerder van de groep "
                                               "krijgen een bericht."))


@login_required
def defects(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    state = request.GET.get("doorsturen", "")
    qs = defect_list_visible_to(user=request.user).filter(municipality=municipality)
    if state:
        qs = qs.filter(forward_state=state)
    qs = qs.prefetch_related("status_events")
    return render(request, "feedback/defects.html", {
        "defects": list(qs[:200]), "state": state, "municipality": municipality,
        "may_map": policies.may_manage_forwarding(request.user, municipality.pk)})


@login_required
@require_POST
def defect_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    defect = access_defect(user=request.user, pk=pk)
    defect_forward_retry(actor=request.user, defect=defect)
    messages.success(request, _("De melding wordt opnieuw doorgestuurd."))
    return redirect("feedback:defects")


@login_required
@require_POST
def defect_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    defect = access_defect(user=request.user, pk=pk)
    services.defect_close(actor=request.user, defect=defect, note=request.POST.get("note", ""))
    messages.success(request, _("De melding is afgehandeld."))
    return redirect("feedback:defects")


@login_required
def notices(request: AuthenticatedHttpRequest) -> HttpResponse:
    items = list(notices_for(user=request.user)[:50])
    response = render(request, "feedback/notices.html", {"notices": items})
    services.notices_mark_read(actor=request.user)
    return response


@login_required
def news_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    form = NewsForm(request.POST or None, wijken=Wijk.objects.filter(municipality=municipality))
    if request.method == "POST" and form.is_valid():
        try:
            item = services.news_publish(actor=request.user, municipality=municipality,
                                         title=form.cleaned_data["title"], body=form.cleaned_data["body"],
                                         wijk=form.cleaned_data["wijk"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Het nieuwsbericht is gepubliceerd."))
            return redirect("feedback:news_public", item.slug)
    return render(request, "feedback/news_list.html", {
        "items": list(news_list_for_staff(user=request.user).filter(municipality=municipality)[:100]),
        "form": form, "may_publish": policies.may_publish_news(request.user, municipality.pk),
    })


def news_public(request: HttpRequest, slug: str) -> HttpResponse:
    """A published news item, for everyone (no login)."""
    from django.utils import timezone

    item = get_object_or_404(NewsItem.objects.select_related("municipality", "wijk"), slug=slug,
                             published_at__lte=timezone.now())
    request.municipality = item.municipality  # type: ignore[attr-defined]
    return render(request, "feedback/news_public.html", {"item": item})




@login_required
def category_mapping(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Our defect categories → the receiver's Signalen sub-categories and Open311 service codes."""
    from buurtpreventie.patrols.models import DefectCategory

    from . import signalen
    from .forms import CategoryMappingForm
    from .models import CategoryMapping, ForwardEndpoint, ReceiverCategory

    municipality = _municipality(request)
    if not policies.may_manage_forwarding(request.user, municipality.pk):
        raise PermissionDenied
    endpoint = ForwardEndpoint.objects.filter(municipality=municipality).first()
    if request.method == "POST" and "import" in request.POST and endpoint is not None:
        try:
            count = signalen.receiver_categories_import(actor=request.user, endpoint=endpoint)
        except signalen.ForwardError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(count)s categorieën van de ontvanger ingelezen.") % {"count": count})
        return redirect("feedback:category_mapping")
    choices = [(c.url, str(c)) for c in ReceiverCategory.objects.filter(municipality=municipality, is_active=True)]
    current = {m.category: m for m in CategoryMapping.objects.filter(municipality=municipality)}
    rows = []
    for code, label in DefectCategory.choices:
        mapping = current.get(code)
        initial = {"signalen": mapping.signalen_category_url if mapping else "",
                   "open311": mapping.open311_service_code if mapping else ""}
        form = CategoryMappingForm(request.POST or None, prefix=code, initial=initial, receiver_choices=choices)
        rows.append((code, label, form))
    if request.method == "POST" and all(form.is_valid() for _c, _l, form in rows):
        for code, _label, form in rows:
            signalen.category_mapping_set(actor=request.user, municipality_id=municipality.pk, category=code,
                                          signalen_category_url=form.cleaned_data["signalen"],
                                          open311_service_code=form.cleaned_data["open311"])
        messages.success(request, _("De categorie-koppeling is opgeslagen."))
        return redirect("feedback:category_mapping")
    return render(request, "feedback/category_mapping.html", {
        "rows": rows, "municipality": municipality, "endpoint": endpoint, "has_choices": bool(choices)})

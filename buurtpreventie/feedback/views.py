"""The one counter's pages: inbox, report handling, defects, notices and news. Thin views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtpreventie.areas.models import Municipality, Wijk
from buurtpreventie.patrols.models import Defect, PatrolReport, ReportStatus
from buurtpreventie.patrols.quality import MISSING_LABELS, quality_label
from buurtpreventie.patrols.selectors import defect_list_visible_to, report_extra_answers

from . import policies, services
from .forms import FeedbackForm, NewsForm, StatusForm
from .forwarding import defect_forward_retry
from .models import NewsItem
from .selectors import (
    INBOX_PAGE_SIZE,
    colleagues_for_assignment,
    feedback_for_report,
    inbox_municipality_ids,
    inbox_page,
    news_list_for_staff,
    notices_for,
    parse_inbox_cursor,
    report_history,
)


def _municipality(request: HttpRequest) -> Municipality:
    ids = inbox_municipality_ids(user=request.user)
    if not ids:
        raise PermissionDenied
    code = request.GET.get("gemeente")
    qs = Municipality.objects.filter(pk__in=ids)
    municipality = (qs.filter(code=code).first() if code else None) or qs.order_by("name").first()
    assert municipality is not None
    request.municipality = municipality  # type: ignore[attr-defined]
    return municipality


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    status = request.GET.get("status", "")
    if status not in ReportStatus.values:
        status = ""
    wijk_id = request.GET.get("wijk")
    wijk_pk = int(wijk_id) if wijk_id and wijk_id.isdigit() else None
    before = parse_inbox_cursor(request.GET.get("voor", ""))
    with_observations = request.GET.get("waarnemingen") == "1"
    mine = request.GET.get("mij") == "1"
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
        "failed_defects": bool(list(failed)),
    })


def _report(request: HttpRequest, pk: int) -> PatrolReport:
    report = get_object_or_404(
        PatrolReport.objects.select_related("initiative", "author", "wijk", "round", "municipality", "assigned_to"),
        pk=pk,
    )
    if not policies.may_triage(request.user, report):
        raise Http404
    request.municipality = report.municipality  # type: ignore[attr-defined]
    return report


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    colleagues = colleagues_for_assignment(report=report)
    status_form = StatusForm(colleagues=colleagues, initial={"status": report.status,
                                                             "assigned_to": report.assigned_to_id})
    feedback_form = FeedbackForm()
    return _render_report(request, report, status_form, feedback_form)


def _render_report(request: HttpRequest, report: PatrolReport, status_form: StatusForm,
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
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = StatusForm(request.POST, colleagues=colleagues_for_assignment(report=report))
    if form.is_valid():
        try:
            services.report_status_change(
                actor=request.user, report=report, status=form.cleaned_data["status"],
                assigned_to=form.cleaned_data["assigned_to"], unassign=form.cleaned_data["assigned_to"] is None,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Status bijgewerkt."))
            return redirect("feedback:report", report.pk)
    return _render_report(request, report, form, FeedbackForm(), status=400)


@login_required
@require_POST
def report_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.feedback_give(actor=request.user, report=report, kind=form.cleaned_data["kind"],
                                   body=form.cleaned_data["body"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Terugkoppeling verstuurd; het team krijgt een bericht."))
            return redirect("feedback:report", report.pk)
    status_form = StatusForm(colleagues=colleagues_for_assignment(report=report),
                             initial={"status": report.status, "assigned_to": report.assigned_to_id})
    return _render_report(request, report, status_form, form, status=400)


@login_required
def defects(request: HttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    state = request.GET.get("doorsturen", "")
    qs = defect_list_visible_to(user=request.user).filter(municipality=municipality)
    if state:
        qs = qs.filter(forward_state=state)
    return render(request, "feedback/defects.html", {"defects": list(qs[:200]), "state": state,
                                                      "municipality": municipality})


@login_required
@require_POST
def defect_retry(request: HttpRequest, pk: int) -> HttpResponse:
    defect = get_object_or_404(Defect, pk=pk)
    if not defect_list_visible_to(user=request.user).filter(pk=pk).exists():
        raise Http404
    defect_forward_retry(actor=request.user, defect=defect)
    messages.success(request, _("De melding wordt opnieuw doorgestuurd."))
    return redirect("feedback:defects")


@login_required
@require_POST
def defect_close(request: HttpRequest, pk: int) -> HttpResponse:
    defect = get_object_or_404(Defect, pk=pk)
    if not defect_list_visible_to(user=request.user).filter(pk=pk).exists():
        raise Http404
    services.defect_close(actor=request.user, defect=defect, note=request.POST.get("note", ""))
    messages.success(request, _("De melding is afgehandeld."))
    return redirect("feedback:defects")


@login_required
def notices(request: HttpRequest) -> HttpResponse:
    items = list(notices_for(user=request.user)[:50])
    response = render(request, "feedback/notices.html", {"notices": items})
    services.notices_mark_read(actor=request.user)
    return response


@login_required
def news_list(request: HttpRequest) -> HttpResponse:
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



"""Writes of the one counter: triage, assignment, status (append-only history), feedback to the
member, news for all residents, notices. Every write checks permission and leaves an audit row."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from buurtpreventie.core.audit import audit_record
from buurtpreventie.notifications import service as notifications_service
from buurtpreventie.notifications.service import EMAIL, NOTICE, notify
from buurtpreventie.patrols.models import Defect, PatrolReport, ReportStatus

from . import policies
from .models import Feedback, NewsItem, ReportEvent


def notices_mark_read(*, actor: Any) -> int:
    return notifications_service.notices_mark_read(actor=actor)


def report_status_change(
    *, actor: Any, report: PatrolReport, status: str | None = None, assigned_to: Any = None, note: str = "",
    unassign: bool = False,
) -> ReportEvent:
    """Change status and/or assignee of a report in the inbox; appends one history row."""
    if not policies.may_triage(actor, report):
        raise PermissionDenied
    if status is not None and status not in ReportStatus.values:
        raise ValidationError(_("Onbekende status."))
    if assigned_to is not None:
        from .selectors import colleagues_for_assignment

        if not colleagues_for_assignment(report=report).filter(pk=assigned_to.pk).exists():
            raise ValidationError(_("Deze persoon kan dit verslag niet behandelen."))
    with transaction.atomic():
        report = PatrolReport.objects.select_for_update().get(pk=report.pk)
        old_status = report.status
        fields = []
        if status is not None and status != old_status:
            report.status = status
            fields.append("status")
        if assigned_to is not None and assigned_to.pk != report.assigned_to_id:
            report.assigned_to = assigned_to
            fields.append("assigned_to")
        elif unassign and report.assigned_to_id:
            report.assigned_to = None
            fields.append("assigned_to")
        if fields:
            report.save(update_fields=fields)
        event = ReportEvent.objects.create(
            report=report, actor=actor, from_status=old_status,
            to_status=report.status if "status" in fields else "",
            assigned_to=assigned_to if "assigned_to" in fields else None, note=note,
        )
        audit_record(actor=actor, action="report.status", obj=report, municipality_id=report.municipality_id,
                     detail={"from": old_status, "to": report.status,
                             "assigned_to": report.assigned_to_id})
    return event


def feedback_give(*, actor: Any, report: PatrolReport, kind: str, body: str) -> Feedback:
    """Targeted feedback to the team that filed the report; the author and walkers are notified."""
    if not policies.may_give_feedback(actor, report):
        raise PermissionDenied
    if not body.strip():
        raise ValidationError(_("Schrijf een terugkoppeling."))
    url = reverse("patrols:report_detail", args=[report.pk])
    with transaction.atomic():
        feedback = Feedback.objects.create(report=report, author=actor, kind=kind, body=body.strip())
        if report.status == ReportStatus.NEW:
            report.status = ReportStatus.TRIAGED
            report.save(update_fields=["status"])
            ReportEvent.objects.create(report=report, actor=actor, from_status=ReportStatus.NEW,
                                       to_status=ReportStatus.TRIAGED, note=_("Terugkoppeling gegeven"))
        recipients = {report.author_id: report.author}
        for walker in report.walkers.all():
            recipients.setdefault(walker.pk, walker)
        with translation.override("nl"):  # stored in the source language, shown in the reader's
            kind_label = str(feedback.get_kind_display())
        notify(
            recipients.values(),
            "feedback/email/report_feedback",
            {"who": actor.get_full_name() or actor.username, "kind": kind_label, "body": feedback.body},
            channels=(EMAIL, NOTICE),
            url=url,
        )
        audit_record(actor=actor, action="report.feedback", obj=report, municipality_id=report.municipality_id,
                     detail={"kind": kind})
    return feedback


def news_publish(
    *, actor: Any, municipality: Any, title: str, body: str, wijk: Any = None, report: PatrolReport | None = None
) -> NewsItem:
    """General news for all residents of the municipality (shown on the public page)."""
    if not policies.may_publish_news(actor, municipality.pk):
        raise PermissionDenied
    if wijk is not None and wijk.municipality_id != municipality.pk:
        raise PermissionDenied
    if not title.strip() or not body.strip():
        raise ValidationError(_("Titel en tekst zijn verplicht."))
    base = slugify(f"{municipality.slug}-{title}")[:200] or "nieuws"
    slug = base
    n = 2
    while NewsItem.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    with transaction.atomic():
        item = NewsItem.objects.create(municipality=municipality, wijk=wijk, title=title.strip(), slug=slug,
                                       body=body.strip(), author=actor, report=report)
        audit_record(actor=actor, action="news.publish", obj=item, municipality_id=municipality.pk)
    return item


def defect_close(*, actor: Any, defect: Defect, note: str = "") -> Defect:
    """Mark a public-space defect closed (visible as status=closed in Open311)."""
    from buurtpreventie.accounts.roles import Cap
    from buurtpreventie.patrols.policies import professional_covers

    if not professional_covers(actor, Cap.VIEW_AREA_REPORTS, municipality_id=defect.municipality_id,
                               wijk_ids={defect.wijk_id} if defect.wijk_id else set()):
        raise PermissionDenied
    with transaction.atomic():
        defect.is_open = False
        defect.status_notes = note
        defect.updated_at = timezone.now()
        defect.save(update_fields=["is_open", "status_notes", "updated_at"])
        audit_record(actor=actor, action="defect.close", obj=defect, municipality_id=defect.municipality_id)
    return defect

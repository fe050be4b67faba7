"""Writes of the one counter: triage, assignment, status (append-only history), feedback to the
member, news for all residents, notices. Every write checks permission and leaves an audit row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from buurtpreventie.core.audit import audit_record
from buurtpreventie.notifications import service as notifications_service
from buurtpreventie.notifications.models import MessageType
from buurtpreventie.notifications.service import EMAIL, NOTICE, notify
from buurtpreventie.patrols.models import Defect, PatrolReport, ReportStatus
from buurtpreventie.signals.models import Signal

from . import policies
from .models import Feedback, FeedbackKind, NewsItem, ReportEvent

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User

MESSAGE_TEMPLATE = "notifications/email/message"


def notice_send(*, user: User, text: str, url: str = "") -> int:
    """An in-app notice with a ready text (through the one notification path)."""
    return notify([user], MESSAGE_TEMPLATE, {"text": text[:300], "subject": "", "body": ""}, channels=(NOTICE,),
                  url=url)


def notify_people(*, users: Any, text: str, url: str, subject: str, body: str = "",
                  message_type: str | None = None) -> int:
    """A ready text to people as an in-app notice and an e-mail each, through the one notification
    path (`notifications.notify`). Each person once; returns how many were reached."""
    recipients = {u.pk: u for u in users}
    return notify(list(recipients.values()), MESSAGE_TEMPLATE, {"text": text, "subject": subject, "body": body},
                  channels=(EMAIL, NOTICE), url=url, message_type=message_type)


def notices_mark_read(*, actor: User) -> int:
    return notifications_service.notices_mark_read(actor=actor)


def report_status_change(
    *, actor: User, report: PatrolReport, status: str | None = None, assigned_to: Any = None, note: str = "",
    unassign: bool = False,
) -> ReportEvent:
    """Change status and/or assignee of a report in the inbox; appends one history row."""
    return _status_change(actor=actor, item=report, status=status, assigned_to=assigned_to, note=note,
                          unassign=unassign)


def signal_status_change(
    *, actor: User, signal: Signal, status: str | None = None, assigned_to: Any = None, note: str = "",
    unassign: bool = False,
) -> ReportEvent:
    """The same triage for a signal: status and/or assignee; appends one history row."""
    return _status_change(actor=actor, item=signal, status=status, assigned_to=assigned_to, note=note,
                          unassign=unassign)


def _status_change(
    *, actor: User, item: PatrolReport | Signal, status: str | None, assigned_to: Any, note: str, unassign: bool,
) -> ReportEvent:
    if not policies.may_triage(actor, item):
        raise PermissionDenied
    if status is not None and status not in ReportStatus.values:
        raise ValidationError(_("Onbekende status."))
    if assigned_to is not None:
        from .selectors import colleagues_for_assignment

        if not colleagues_for_assignment(report=item).filter(pk=assigned_to.pk).exists():
            raise ValidationError(_("Deze persoon kan dit verslag niet behandelen."))
    is_signal = isinstance(item, Signal)
    with transaction.atomic():
        item = type(item).objects.select_for_update().get(pk=item.pk)
        old_status = item.status
        fields = []
        if status is not None and status != old_status:
            item.status = status
            fields.append("status")
        if assigned_to is not None and assigned_to.pk != item.assigned_to_id:
            item.assigned_to = assigned_to
            fields.append("assigned_to")
        elif unassign and item.assigned_to_id:
            item.assigned_to = None
            fields.append("assigned_to")
        if fields:
            item.save(update_fields=fields)
        event = ReportEvent.objects.create(
            report=None if isinstance(item, Signal) else item, signal=item if isinstance(item, Signal) else None,
            actor=actor,
            from_status=old_status, to_status=item.status if "status" in fields else "",
            assigned_to=assigned_to if "assigned_to" in fields else None, note=note,
        )
        audit_record(actor=actor, action="signal.status" if is_signal else "report.status", obj=item,
                     municipality_id=item.municipality_id,
                     detail={"from": old_status, "to": item.status, "assigned_to": item.assigned_to_id})
    return event


def feedback_give(
    *, actor: User, report: PatrolReport | None = None, signal: Signal | None = None, kind: str, body: str
) -> Feedback:
    """Targeted feedback on a patrol report (to its author and walkers) or on a signal (to its filer and
    the group's admin or coordinator): notice + e-mail through `notify`."""
    item: PatrolReport | Signal | None = report if report is not None else signal
    if item is None or (report is not None and signal is not None):
        raise ValueError("Feedback is on a report or on a signal.")
    if not policies.may_give_feedback(actor, item):
        raise PermissionDenied
    if not body.strip():
        raise ValidationError(_("Schrijf een terugkoppeling."))
    if kind not in FeedbackKind.values:
        raise ValidationError(_("Kies de soort terugkoppeling."))
    who = actor.get_full_name() or actor.username
    with transaction.atomic():
        feedback = Feedback.objects.create(report=report, signal=signal, author=actor, kind=kind, body=body.strip())
        if item.status == ReportStatus.NEW:
            type(item).objects.filter(pk=item.pk).update(status=ReportStatus.TRIAGED)
            item.status = ReportStatus.TRIAGED
            ReportEvent.objects.create(report=report, signal=signal, actor=actor, from_status=ReportStatus.NEW,
                                       to_status=ReportStatus.TRIAGED, note=_("Terugkoppeling gegeven"))
        with translation.override("nl"):  # stored in the source language, shown in the reader's
            kind_label = str(feedback.get_kind_display())
        if report is not None:
            url = reverse("patrols:report_detail", args=[report.pk])
            recipients = [report.author, *report.walkers.all()]
            template, context = "feedback/email/report_feedback", {}
            action = "report.feedback"
        else:
            assert signal is not None
            from buurtpreventie.accounts.models import User
            from buurtpreventie.initiatives.models import Membership

            url = reverse("signals:detail", args=[signal.pk])
            leads = User.objects.filter(pk__in=Membership.objects.leads().filter(
                initiative_id=signal.initiative_id).values("user_id"))
            recipients = [signal.author, *leads]
            template = "feedback/email/signal_feedback"
            context = {"when": f"{timezone.localtime(signal.observed_at):%d-%m %H:%M}"}
            action = "signal.feedback"
        people = list({u.pk: u for u in recipients}.values())  # each person once
        notify(people, template, {"who": who, "kind": kind_label, "body": feedback.body, **context},
               channels=(EMAIL, NOTICE), url=url, message_type=MessageType.FEEDBACK)
        audit_record(actor=actor, action=action, obj=item, municipality_id=item.municipality_id,
                     detail={"kind": kind})
    return feedback


def news_publish(
    *, actor: User, municipality: Any, title: str, body: str, wijk: Any = None, report: PatrolReport | None = None
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


def defect_close(*, actor: User, defect: Defect, note: str = "") -> Defect:
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

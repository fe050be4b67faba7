"""Writes: contacts, rhythm, events, appreciation, budgets, newsletters, evaluations, digest."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtpreventie.accounts.models import RoleGrant
from buurtpreventie.accounts.roles import ROLE_CAPABILITIES, Cap
from buurtpreventie.areas.models import Municipality
from buurtpreventie.core.audit import audit_record
from buurtpreventie.core.files import clean_upload
from buurtpreventie.initiatives.models import Initiative, Membership
from buurtpreventie.notifications.links import absolute_url
from buurtpreventie.notifications.service import EMAIL, NOTICE, Recipient, notify, recipient

from . import policies, selectors
from .budgets import euro
from .models import (
    ActionPoint,
    Appreciation,
    BudgetRequest,
    BudgetRequestHistory,
    BudgetRequestStatus,
    BudgetRule,
    ContactKind,
    ContactLog,
    ContactRhythm,
    EvaluationMeeting,
    Event,
    EventInvitation,
    EventKind,
    Expense,
    Newsletter,
    NewsletterOptOut,
    NewsletterStatus,
    PracticeExample,
)

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User

UNSUBSCRIBE_SALT = "engagement.newsletter.unsubscribe"


def _check_scope(actor: User, initiative: Initiative) -> None:
    if not policies.can_log_contact(actor, initiative.municipality_id):
        raise PermissionDenied
    if not selectors._in_scope(actor, initiative.municipality_id, initiative, Cap.LOG_CONTACT):
        raise PermissionDenied


# --- Contact rhythm ------------------------------------------------------------------------------

def rhythm_save(*, actor: User, municipality: Municipality, data: Mapping[str, Any]) -> ContactRhythm:
    if not policies.can_manage_engagement(actor, municipality.pk):
        raise PermissionDenied
    with transaction.atomic():
        rhythm, _created = ContactRhythm.objects.get_or_create(municipality=municipality)
        for name in ("checkin_months", "meeting_months", "appreciation_days"):
            if name in data:
                setattr(rhythm, name, data[name])
        rhythm.updated_by = actor
        rhythm.full_clean()
        rhythm.save()
        audit_record(actor=actor, action="engagement.rhythm_saved", obj=rhythm, municipality_id=municipality.pk)
    return rhythm


def contact_log(
    *, actor: User, initiative: Initiative, contact_person: Any, kind: str, occurred_at: Any = None, notes: str = ""
) -> ContactLog:
    """Record a contact with a team's coordinator or app-group admin."""
    _check_scope(actor, initiative)
    if not Membership.objects.current().filter(
        initiative=initiative, user=contact_person, role__in=selectors.MANAGER_ROLES
    ).exists():
        raise ValidationError({"contact_person": _("Deze persoon is geen coördinator of beheerder van het team.")})
    if kind not in ContactKind.values:
        raise ValidationError({"kind": _("Onbekende soort contact.")})
    occurred_at = occurred_at or timezone.now()
    if occurred_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"occurred_at": _("Een contactmoment kan niet in de toekomst liggen.")})
    with transaction.atomic():
        log = ContactLog.objects.create(
            municipality_id=initiative.municipality_id, initiative=initiative, contact_person=contact_person,
            professional=actor, kind=kind, occurred_at=occurred_at, notes=notes,
        )
        audit_record(actor=actor, action="engagement.contact_logged", obj=log,
                     municipality_id=initiative.municipality_id)
    return log


# --- Events --------------------------------------------------------------------------------------

def event_save(*, actor: User, municipality: Municipality, event: Event | None = None,
               data: Mapping[str, Any]) -> Event:
    if not policies.can_manage_engagement(actor, municipality.pk):
        raise PermissionDenied
    if event is not None and event.municipality_id != municipality.pk:
        raise PermissionDenied
    with transaction.atomic():
        event = event or Event(municipality=municipality, created_by=actor)
        for name in ("kind", "title", "starts_at", "location", "description"):
            if name in data:
                setattr(event, name, data[name])
        event.full_clean()
        event.save()
        audit_record(actor=actor, action="engagement.event_saved", obj=event, municipality_id=municipality.pk)
    return event


def event_invite(*, actor: User, event: Event) -> int:
    """Invite coordinators/admins (meetings) or every member (member events); e-mail after commit."""
    if not policies.can_manage_engagement(actor, event.municipality_id):
        raise PermissionDenied
    memberships = Membership.objects.current().filter(
        initiative__in=selectors._active_initiatives(event.municipality_id)
    ).select_related("user")
    if event.kind != EventKind.MEMBER_EVENT:
        memberships = memberships.filter(role__in=selectors.MANAGER_ROLES)
    created: list[EventInvitation] = []
    with transaction.atomic():
        for m in memberships:
            inv, was_created = EventInvitation.objects.get_or_create(
                event=event, user=m.user, defaults={"initiative": m.initiative})
            if was_created:
                created.append(inv)
        audit_record(actor=actor, action="engagement.event_invited", obj=event,
                     municipality_id=event.municipality_id, detail={"count": len(created)})

    notify(
        [recipient(inv.user, invitation=inv) for inv in created],
        "engagement/email/event_invitation",
        {"event": event},
    )
    return len(created)


def attendance_record(*, actor: User, invitation: EventInvitation, attended: bool) -> EventInvitation:
    """Mark attendance. A coordinator at the coordinators' meeting counts as that yearly contact."""
    event = invitation.event
    if not policies.can_manage_engagement(actor, event.municipality_id):
        raise PermissionDenied
    with transaction.atomic():
        invitation.attended = attended
        invitation.save(update_fields=["attended"])
        if attended and event.kind in (EventKind.COORDINATORS_MEETING, EventKind.EVALUATION_MEETING):
            meeting = event.kind == EventKind.COORDINATORS_MEETING
            kind = ContactKind.COORDINATORS_MEETING if meeting else ContactKind.EVENT
            for m in Membership.objects.current().filter(user=invitation.user, role__in=selectors.MANAGER_ROLES,
                                                         initiative__municipality_id=event.municipality_id):
                ContactLog.objects.get_or_create(
                    municipality_id=event.municipality_id, initiative=m.initiative, contact_person=invitation.user,
                    event=event, kind=kind,
                    defaults={"professional": actor, "occurred_at": min(event.starts_at, timezone.now()),
                              "notes": event.title},
                )
        audit_record(actor=actor, action="engagement.attendance_recorded", obj=invitation,
                     municipality_id=event.municipality_id, detail={"attended": attended})
    return invitation


# --- Appreciation --------------------------------------------------------------------------------

def appreciation_log(*, actor: User, initiative: Initiative, kind: str, occurred_on: date | None = None,
                     note: str = "") -> Appreciation:
    _check_scope(actor, initiative)
    occurred_on = occurred_on or timezone.localdate()
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("De datum kan niet in de toekomst liggen.")})
    with transaction.atomic():
        item = Appreciation.objects.create(initiative=initiative, kind=kind, occurred_on=occurred_on, note=note,
                                           logged_by=actor)
        audit_record(actor=actor, action="engagement.appreciation_logged", obj=item,
                     municipality_id=initiative.municipality_id)
    return item


# --- Budgets -------------------------------------------------------------------------------------

RULE_FIELDS = ("initiative", "year", "basis", "rate", "activity", "minimum", "maximum", "mode")


def budget_rule_save(*, actor: User, municipality: Municipality, rule: BudgetRule | None = None,
                     data: Mapping[str, Any]) -> BudgetRule:
    if not policies.can_manage_budgets(actor, municipality.pk):
        raise PermissionDenied
    if rule is not None and rule.municipality_id != municipality.pk:
        raise PermissionDenied
    initiative = data.get("initiative")
    if initiative is not None and initiative.municipality_id != municipality.pk:
        raise PermissionDenied
    minimum, maximum = data.get("minimum") or Decimal("0"), data.get("maximum")
    if maximum is not None and maximum < minimum:
        raise ValidationError({"maximum": _("Het maximum moet minstens even hoog zijn als het minimum.")})
    if data.get("basis") == "per_activity" and not (data.get("activity") or "").strip():
        raise ValidationError({"activity": _("Noem de gekozen activiteit.")})
    with transaction.atomic():
        rule = rule or BudgetRule(municipality=municipality)
        for name in RULE_FIELDS:
            if name in data:
                setattr(rule, name, data[name])
        rule.minimum = minimum
        rule.updated_by = actor
        rule.full_clean(validate_unique=False)
        duplicate = BudgetRule.objects.filter(municipality=municipality, initiative=rule.initiative,
                                              year=rule.year).exclude(pk=rule.pk)
        if duplicate.exists():
            raise ValidationError(_("Voor dit team en jaar bestaat al een regel; pas die aan."))
        rule.save()
        audit_record(actor=actor, action="engagement.budget_rule_saved", obj=rule, municipality_id=municipality.pk)
    return rule


def budget_request_submit(*, actor: User, initiative: Initiative, year: int, amount: Decimal,
                          purpose: str) -> BudgetRequest:
    if not policies.can_request_budget(actor, initiative):
        raise PermissionDenied
    if amount <= 0:
        raise ValidationError({"amount": _("Het bedrag moet groter zijn dan nul.")})
    overview = selectors.team_budget(initiative, year)
    available = overview.still_available
    if available is not None and amount > available:
        raise ValidationError({"amount": _("Er is nog %(left)s beschikbaar voor %(year)s.")
                               % {"left": euro(max(available, Decimal("0"))), "year": year}})
    with transaction.atomic():
        request = BudgetRequest.objects.create(initiative=initiative, year=year, amount=amount, purpose=purpose,
                                               requested_by=actor)
        BudgetRequestHistory.objects.create(request=request, status=request.status, actor=actor)
        audit_record(actor=actor, action="engagement.budget_requested", obj=request,
                     municipality_id=initiative.municipality_id)
        notify(
            _budget_approvers(initiative.municipality_id),
            "engagement/email/budget_requested",
            {"team": initiative.name, "amount": euro(amount), "year": year, "purpose": purpose},
            channels=(EMAIL, NOTICE),
            url=reverse("engagement:budgets"),
        )
    return request


def _budget_approvers(municipality_id: int) -> list[Any]:
    """Who decides on budget requests in this municipality (capability MANAGE_BUDGETS)."""
    roles = [r for r, caps in ROLE_CAPABILITIES.items() if Cap.MANAGE_BUDGETS in caps]
    grants = RoleGrant.objects.active().filter(municipality_id=municipality_id, role__in=roles).select_related("user")
    return list({g.user.pk: g.user for g in grants}.values())


def budget_request_decide(*, actor: User, request: BudgetRequest, approve: bool, note: str = "") -> BudgetRequest:
    if not policies.can_manage_budgets(actor, request.initiative.municipality_id):
        raise PermissionDenied
    if request.status != BudgetRequestStatus.REQUESTED:
        raise ValidationError(_("Over deze aanvraag is al besloten."))
    with transaction.atomic():
        request.status = BudgetRequestStatus.APPROVED if approve else BudgetRequestStatus.REJECTED
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.decision_note = note
        request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        BudgetRequestHistory.objects.create(request=request, status=request.status, actor=actor, note=note)
        audit_record(actor=actor, action="engagement.budget_decided", obj=request,
                     municipality_id=request.initiative.municipality_id, detail={"status": request.status})
    return request



def expense_record(*, actor: User, request: BudgetRequest, amount: Decimal, description: str,
                   spent_on: date, receipt: Any) -> Expense:
    initiative = request.initiative
    if not (policies.can_request_budget(actor, initiative)
            or policies.can_manage_budgets(actor, initiative.municipality_id)):
        raise PermissionDenied
    if request.status != BudgetRequestStatus.APPROVED:
        raise ValidationError(_("Uitgaven kunnen alleen bij een goedgekeurde aanvraag."))
    spent = sum((e.amount for e in request.expenses.all()), Decimal("0"))
    if amount + spent > request.amount:
        raise ValidationError({"amount": _("Dit is meer dan er over is van deze aanvraag (%(left)s).")
                               % {"left": euro(request.amount - spent)}})
    if receipt is None:
        raise ValidationError({"receipt": _("Voeg de bon of factuur toe.")})
    receipt = clean_upload(receipt, kinds=("pdf", "image"), field="receipt")
    with transaction.atomic():
        expense = Expense(request=request, amount=amount, description=description, spent_on=spent_on,
                          receipt=receipt, recorded_by=actor)
        expense.full_clean()
        expense.save()
        audit_record(actor=actor, action="engagement.expense_recorded", obj=expense,
                     municipality_id=initiative.municipality_id)
    return expense


def free_spending_record(*, actor: User, initiative: Initiative, year: int, amount: Decimal, description: str,
                         spent_on: date, receipt: Any) -> Expense:
    """Budget mode "vrij in te vullen": the team spends its allocation without asking per request and
    keeps a spending record. Stored as an approved request (decided by the rule) with its expense, so
    totals, receipts and the CSV export stay one set of books."""
    from .models import BudgetMode

    if not policies.can_request_budget(actor, initiative):
        raise PermissionDenied
    overview = selectors.team_budget(initiative, year)
    if overview.rule is None or overview.rule.mode != BudgetMode.FREE:
        raise ValidationError(_("Dit budget is niet vrij in te vullen; vraag het eerst aan."))
    if amount <= 0:
        raise ValidationError({"amount": _("Het bedrag moet groter zijn dan nul.")})
    available = overview.still_available
    if available is not None and amount > available:
        raise ValidationError({"amount": _("Er is nog %(left)s beschikbaar voor %(year)s.")
                               % {"left": euro(max(available, Decimal("0"))), "year": year}})
    with transaction.atomic():
        request = BudgetRequest.objects.create(
            initiative=initiative, year=year, amount=amount, purpose=description, requested_by=actor,
            status=BudgetRequestStatus.APPROVED, decided_at=timezone.now(),
            decision_note=_("Vrij in te vullen budget"),
        )
        BudgetRequestHistory.objects.create(request=request, status=request.status, actor=actor,
                                            note=_("Vrij in te vullen budget"))
        expense = expense_record(actor=actor, request=request, amount=amount, description=description,
                                 spent_on=spent_on, receipt=receipt)
    return expense


# --- Newsletter ----------------------------------------------------------------------------------

def newsletter_save(*, actor: User, municipality: Municipality, newsletter: Newsletter | None = None,
                    data: Mapping[str, Any]) -> Newsletter:
    if not policies.can_manage_engagement(actor, municipality.pk):
        raise PermissionDenied
    if newsletter is not None and (newsletter.municipality_id != municipality.pk
                                   or newsletter.status != NewsletterStatus.DRAFT):
        raise PermissionDenied
    with transaction.atomic():
        newsletter = newsletter or Newsletter(municipality=municipality, created_by=actor)
        for name in ("title", "intro"):
            if name in data:
                setattr(newsletter, name, data[name])
        newsletter.full_clean()
        newsletter.save()
        audit_record(actor=actor, action="engagement.newsletter_saved", obj=newsletter,
                     municipality_id=municipality.pk)
    return newsletter


def practice_example_add(*, actor: User, newsletter: Newsletter, data: Mapping[str, Any]) -> PracticeExample:
    if not policies.can_manage_engagement(actor, newsletter.municipality_id):
        raise PermissionDenied
    if newsletter.status != NewsletterStatus.DRAFT:
        raise ValidationError(_("Deze nieuwsbrief is al verstuurd."))
    initiative = data.get("initiative")
    if initiative is not None and initiative.municipality_id != newsletter.municipality_id:
        raise PermissionDenied
    with transaction.atomic():
        example = PracticeExample.objects.create(newsletter=newsletter, initiative=initiative, title=data["title"],
                                                 body=data["body"], order=newsletter.examples.count() + 1)
        audit_record(actor=actor, action="engagement.practice_example_added", obj=example,
                     municipality_id=newsletter.municipality_id)
    return example


def unsubscribe_token(*, user_id: int, municipality_id: int) -> str:
    return signing.dumps({"u": user_id, "m": municipality_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def newsletter_send(*, actor: User, newsletter: Newsletter) -> int:
    """Send to every coordinator and member (HTML + plain text, a personal unsubscribe link each)."""
    if not policies.can_manage_engagement(actor, newsletter.municipality_id):
        raise PermissionDenied
    if newsletter.status != NewsletterStatus.DRAFT:
        raise ValidationError(_("Deze nieuwsbrief is al verstuurd."))
    recipients = selectors.newsletter_recipients(newsletter.municipality)
    examples = list(newsletter.examples.select_related("initiative"))
    with transaction.atomic():
        newsletter.status = NewsletterStatus.SENT
        newsletter.sent_at = timezone.now()
        newsletter.sent_count = len(recipients)
        newsletter.save(update_fields=["status", "sent_at", "sent_count"])
        audit_record(actor=actor, action="engagement.newsletter_sent", obj=newsletter,
                     municipality_id=newsletter.municipality_id, detail={"count": len(recipients)})

    people = []
    for user in recipients:
        token = unsubscribe_token(user_id=user.pk, municipality_id=newsletter.municipality_id)
        unsubscribe = absolute_url(reverse("engagement:unsubscribe", args=[token]))
        people.append(Recipient(email=user.email, language=user.language or "nl", name=str(user), user=user,
                                context={"user": user, "unsubscribe": unsubscribe},
                                # RFC 8058 one-click: the mail provider POSTs "List-Unsubscribe=One-Click" to the link.
                                headers={"List-Unsubscribe": f"<{unsubscribe}>",
                                         "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}))
    notify(
        people,
        "engagement/email/newsletter",
        {"newsletter": newsletter, "examples": examples, "municipality": newsletter.municipality},
        message_type="broadcast",
    )
    return len(recipients)


def newsletter_unsubscribe(*, token: str) -> NewsletterOptOut:
    """No login needed: the signed token in the e-mail identifies person and municipality."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as exc:
        raise PermissionDenied(_("Deze afmeldlink is ongeldig.")) from exc
    with transaction.atomic():
        optout, _created = NewsletterOptOut.objects.get_or_create(municipality_id=data["m"], user_id=data["u"])
        audit_record(actor=None, action="engagement.newsletter_unsubscribed", obj=optout,
                     municipality_id=data["m"])
    return optout


# --- Evaluations ---------------------------------------------------------------------------------

def evaluation_meeting_save(*, actor: User, municipality: Municipality, meeting: EvaluationMeeting | None = None,
                            data: Mapping[str, Any]) -> EvaluationMeeting:
    if not policies.can_manage_engagement(actor, municipality.pk):
        raise PermissionDenied
    if meeting is not None and meeting.municipality_id != municipality.pk:
        raise PermissionDenied
    questionnaire = data.get("questionnaire")
    if questionnaire is not None and questionnaire.municipality_id != municipality.pk:
        raise PermissionDenied
    with transaction.atomic():
        meeting = meeting or EvaluationMeeting(municipality=municipality, created_by=actor)
        for name in ("title", "held_on", "questionnaire", "outcomes"):
            if name in data:
                setattr(meeting, name, data[name])
        meeting.full_clean()
        meeting.save()
        audit_record(actor=actor, action="engagement.evaluation_saved", obj=meeting, municipality_id=municipality.pk)
    return meeting


def action_point_add(*, actor: User, meeting: EvaluationMeeting, data: Mapping[str, Any]) -> ActionPoint:
    if not policies.can_manage_engagement(actor, meeting.municipality_id):
        raise PermissionDenied
    initiative = data.get("initiative")
    if initiative is not None and initiative.municipality_id != meeting.municipality_id:
        raise PermissionDenied
    with transaction.atomic():
        point = ActionPoint.objects.create(meeting=meeting, initiative=initiative, description=data["description"],
                                           owner=data.get("owner", ""), due_on=data.get("due_on"))
        audit_record(actor=actor, action="engagement.action_point_added", obj=point,
                     municipality_id=meeting.municipality_id)
    return point


def action_point_set_done(*, actor: User, point: ActionPoint, done: bool) -> ActionPoint:
    if not policies.can_manage_engagement(actor, point.meeting.municipality_id):
        raise PermissionDenied
    with transaction.atomic():
        point.done = done
        point.save(update_fields=["done"])
        audit_record(actor=actor, action="engagement.action_point_done", obj=point,
                     municipality_id=point.meeting.municipality_id, detail={"done": done})
    return point


# --- Weekly digest -------------------------------------------------------------------------------

def _officers(municipality_id: int) -> list[Any]:
    roles = [r for r, caps in ROLE_CAPABILITIES.items() if Cap.MANAGE_INITIATIVES in caps]
    grants = RoleGrant.objects.active().filter(municipality_id=municipality_id, role__in=roles).select_related("user")
    return list({g.user.pk: g.user for g in grants}.values())


def contact_digest_send(*, today: date | None = None) -> int:
    """The weekly digest (system action): each professional gets their overdue contacts; the safety
    officers get the ones nobody has picked up yet and the appreciation reminders. Returns mails sent."""
    sent = 0
    for municipality in Municipality.objects.all():
        items = selectors.overdue_for(municipality, today=today)
        reminders = selectors.appreciation_reminders_for(municipality, today=today)
        if not items and not reminders:
            continue
        groups = selectors.overdue_by_professional(items)
        unassigned = next((lst for pro, lst in groups if pro is None), [])
        for pro, lst in groups:
            if pro is None or not pro.email:
                continue
            _digest_mail(pro, municipality, lst, [])
            sent += 1
        for officer in _officers(municipality.pk):
            if officer.email and (unassigned or reminders):
                _digest_mail(officer, municipality, unassigned, reminders)
                sent += 1
        audit_record(actor=None, action="engagement.digest_sent", municipality_id=municipality.pk,
                     detail={"overdue": len(items), "reminders": len(reminders)})
    return sent


def _digest_mail(user: User, municipality: Municipality, items: list[Any], reminders: list[Any]) -> None:
    context = {"user": user, "municipality": municipality, "items": items, "reminders": reminders,
               "url": absolute_url(reverse("engagement:index"))}
    notify([user], "engagement/email/digest", context)

"""Writes for running a team or group: invite links (create, revoke, use, approve), bulk invites
by a pasted list of e-mail addresses (with a preview first), and broadcasts to all members.

Every new member comes in through `initiatives.services.membership_create_invited` (membership,
audit, invitation mail with a set-password link in their language); every notice + e-mail goes
through `feedback.services.notify`."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtpreventie.core.audit import audit_record
from buurtpreventie.initiatives.models import Initiative, Membership
from buurtpreventie.initiatives.services import membership_create_invited

from . import policies
from .models import Broadcast, InviteLink, InviteRequest

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User

SALT = "buurtpreventie.groups.invite"
MAX_BULK = 200


# --- Invite links ---------------------------------------------------------------------------


def invite_link_create(*, actor: User, initiative: Initiative, days: int = 14,
                       requires_approval: bool = False) -> InviteLink:
    if not policies.may_invite(actor, initiative):
        raise PermissionDenied
    if not 1 <= days <= 90:
        raise ValidationError(_("Een uitnodigingslink is 1 tot 90 dagen geldig."))
    with transaction.atomic():
        link = InviteLink.objects.create(initiative=initiative, created_by=actor, requires_approval=requires_approval,
                                         expires_at=timezone.now() + timedelta(days=days),
                                         nonce=secrets.token_hex(8))
        audit_record(actor=actor, action="invite_link.create", obj=initiative,
                     municipality_id=initiative.municipality_id, detail={"link": link.pk, "days": days})
    return link


def invite_token(link: InviteLink) -> str:
    """The signed token in the link: names the link and its nonce; the row decides validity."""
    return signing.dumps({"l": link.pk, "n": link.nonce}, salt=SALT, compress=True)


def invite_link_from_token(token: str) -> InviteLink:
    """The link a token names, or ValidationError (tampered, unknown, expired or revoked)."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature as exc:
        raise ValidationError(_("Deze uitnodigingslink is ongeldig.")) from exc
    link = InviteLink.objects.select_related("initiative").filter(pk=data.get("l"), nonce=data.get("n")).first()
    if link is None:
        raise ValidationError(_("Deze uitnodigingslink is ongeldig."))
    if link.revoked_at is not None:
        raise ValidationError(_("Deze uitnodigingslink is ingetrokken. Vraag de coördinator of beheerder om een "
                                "nieuwe."))
    if link.expires_at <= timezone.now():
        raise ValidationError(_("Deze uitnodigingslink is verlopen. Vraag de coördinator of beheerder om een "
                                "nieuwe."))
    return link


def invite_link_revoke(*, actor: User, link: InviteLink) -> InviteLink:
    if not policies.may_invite(actor, link.initiative):
        raise PermissionDenied
    with transaction.atomic():
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="invite_link.revoke", obj=link.initiative,
                     municipality_id=link.initiative.municipality_id, detail={"link": link.pk})
    return link


def _join(*, actor: User | None, initiative: Initiative, email: str, full_name: str, language: str, via: str
          ) -> Membership | None:
    """A person by e-mail becomes a member (None when already one)."""
    from buurtpreventie.initiatives.services._common import _user_for_email

    user = _user_for_email(email=email, full_name=full_name, language=language)
    if Membership.objects.current().filter(initiative=initiative, user=user).exists():
        return None
    return membership_create_invited(actor=actor, initiative=initiative, user=user, via=via)


def invite_link_use(*, token: str, full_name: str, email: str, language: str = "nl") -> str:
    """Someone opens the link and gives name and e-mail: a member at once ("joined"), or a request
    for the lead to approve ("requested"). Returns which."""
    link = invite_link_from_token(token)
    initiative = link.initiative
    validate_email(email)
    if not full_name.strip():
        raise ValidationError(_("Vul uw naam in."))
    with transaction.atomic():
        InviteLink.objects.filter(pk=link.pk).update(uses=F("uses") + 1)
        if link.requires_approval:
            if not InviteRequest.objects.filter(link__initiative=initiative, email__iexact=email,
                                                decided_at__isnull=True).exists():
                request = InviteRequest.objects.create(link=link, full_name=full_name.strip(), email=email,
                                                       language=language)
                _tell_leads(initiative, request)
            return "requested"
        _join(actor=link.created_by, initiative=initiative, email=email, full_name=full_name.strip(),
              language=language, via="invite_link")
    return "joined"


def _tell_leads(initiative: Initiative, request: InviteRequest) -> None:
    from django.urls import reverse

    from buurtpreventie.accounts.models import User
    from buurtpreventie.feedback.services import notify_people as notify

    leads = User.objects.filter(pk__in=Membership.objects.leads().filter(initiative=initiative).values("user_id"))
    notify(users=leads, text=_("%(name)s wil lid worden van %(group)s (via de uitnodigingslink).") % {
        "name": request.full_name, "group": initiative.name},
        url=reverse("groups:invites", args=[initiative.pk]), subject=_("Nieuwe aanmelding via uitnodigingslink"))


def invite_request_decide(*, actor: User, request: InviteRequest, accept: bool) -> Membership | None:
    initiative = request.link.initiative
    if not policies.may_invite(actor, initiative):
        raise PermissionDenied
    if request.decided_at is not None:
        raise ValidationError(_("Deze aanmelding is al afgehandeld."))
    with transaction.atomic():
        request.decided_at = timezone.now()
        request.decided_by = actor
        request.accepted = accept
        request.save(update_fields=["decided_at", "decided_by", "accepted"])
        audit_record(actor=actor, action="invite_request.decide", obj=initiative,
                     municipality_id=initiative.municipality_id, detail={"request": request.pk, "accept": accept})
        if not accept:
            return None
        return _join(actor=actor, initiative=initiative, email=request.email, full_name=request.full_name,
                     language=request.language, via="invite_link_approved")


# --- Bulk invite ----------------------------------------------------------------------------


@dataclass
class BulkLine:
    email: str
    name: str
    state: str  # new | member | invalid | duplicate

    @property
    def will_join(self) -> bool:
        return self.state == "new"


_ADDRESS = re.compile(r"^\s*(?:(?P<name>[^<>]*?)\s*<(?P<bracketed>[^<>]+)>|(?P<plain>\S+@\S+?))\s*[,;]?\s*$")


def bulk_invite_preview(*, actor: User, initiative: Initiative, text: str) -> list[BulkLine]:
    """Parse a pasted list (one address a line, or separated by commas/semicolons; "Name <a@b>" allowed)
    and tell per address what will happen. Writes nothing."""
    if not policies.may_invite(actor, initiative):
        raise PermissionDenied
    parts = [p for chunk in text.splitlines() for p in re.split(r"[;,](?![^<]*>)", chunk)]
    members = {e.lower() for e in Membership.objects.current().filter(initiative=initiative)
               .values_list("user__email", flat=True) if e}
    seen: set[str] = set()
    lines: list[BulkLine] = []
    for part in parts:
        if not part.strip():
            continue
        match = _ADDRESS.match(part)
        email = ((match.group("bracketed") or match.group("plain")) if match else part).strip().strip(",;")
        name = (match.group("name") or "").strip().strip('"') if match else ""
        try:
            validate_email(email)
        except ValidationError:
            lines.append(BulkLine(email=part.strip(), name="", state="invalid"))
            continue
        key = email.lower()
        if key in seen:
            state = "duplicate"
        elif key in members:
            state = "member"
        else:
            state = "new"
        seen.add(key)
        lines.append(BulkLine(email=email, name=name, state=state))
    if len(lines) > MAX_BULK:
        raise ValidationError(_("Hoogstens %(n)s adressen tegelijk.") % {"n": MAX_BULK})
    return lines


def bulk_invite(*, actor: User, initiative: Initiative, text: str) -> int:
    """Invite every new address of the (previewed) list; returns the number of new members."""
    lines = bulk_invite_preview(actor=actor, initiative=initiative, text=text)
    added = 0
    with transaction.atomic():
        for line in lines:
            if line.will_join and _join(actor=actor, initiative=initiative, email=line.email,
                                        full_name=line.name or line.email.split("@")[0], language="nl",
                                        via="bulk_invite"):
                added += 1
        audit_record(actor=actor, action="membership.bulk_invite", obj=initiative,
                     municipality_id=initiative.municipality_id, detail={"added": added})
    return added


# --- Broadcasts -----------------------------------------------------------------------------


def broadcast_send(*, actor: User, initiative: Initiative, subject: str, body: str) -> Broadcast:
    """A message to every current member of this initiative (and no one else): in-app notice and
    e-mail through `notify`, and Web Push where a member subscribed."""
    from django.urls import reverse

    from buurtpreventie.accounts.models import User
    from buurtpreventie.feedback.services import notify_people as notify

    if not policies.may_broadcast(actor, initiative):
        raise PermissionDenied
    if not subject.strip() or not body.strip():
        raise ValidationError(_("Onderwerp en bericht zijn verplicht."))
    members = list(User.objects.filter(
        pk__in=Membership.objects.current().filter(initiative=initiative).values("user_id"), is_active=True,
    ).exclude(pk=actor.pk))
    with transaction.atomic():
        broadcast = Broadcast.objects.create(initiative=initiative, author=actor, subject=subject.strip(),
                                             body=body.strip(), recipient_count=len(members))
        url = reverse("groups:broadcasts", args=[initiative.pk])
        notify(users=members, text=_("%(group)s: %(subject)s") % {"group": initiative.name,
                                                                  "subject": broadcast.subject},
               url=url, subject=f"{initiative.name}: {broadcast.subject}", body=broadcast.body,
               message_type="broadcast")
        audit_record(actor=actor, action="broadcast.send", obj=initiative, municipality_id=initiative.municipality_id,
                     detail={"broadcast": broadcast.pk, "recipients": len(members)})
        from buurtpreventie.notifications.service import opted_out_user_ids

        muted = opted_out_user_ids([m.pk for m in members], "broadcast")
        ids = [m.pk for m in members if m.pk not in muted]  # push honours the same choice
        transaction.on_commit(lambda: _push(ids, initiative.name, broadcast.subject, url))
    return broadcast


def _push(user_ids: list[int], title: str, body: str, url: str) -> int:
    """Web Push (the alerts app's sender) to members who subscribed on a device; returns how many went."""
    from buurtpreventie.alerts.models import PushSubscription
    from buurtpreventie.alerts.push import send_push

    sent = 0
    for subscription in PushSubscription.objects.filter(user_id__in=user_ids, failed_at__isnull=True):
        if send_push(subscription, {"title": title, "body": body, "url": url}):
            sent += 1
    return sent


def chat_group_size_set(*, actor: User, initiative: Initiative, size: int | None) -> Initiative:
    """Record the real number of people in the group's chat app (budget per member and reach use it)."""
    if not policies.may_invite(actor, initiative):
        raise PermissionDenied
    if size is not None and not 0 <= size <= 5000:
        raise ValidationError(_("Vul een aantal tussen 0 en 5000 in."))
    with transaction.atomic():
        initiative.chat_group_size = size
        initiative.save(update_fields=["chat_group_size"])
        audit_record(actor=actor, action="initiative.chat_group_size", obj=initiative,
                     municipality_id=initiative.municipality_id, detail={"size": size})
    return initiative


# --- Meelopen: a wijkagent or BOA walks a round ------------------------------------------------


def round_walk_along(*, actor: User, round: Any) -> Any:
    """A professional signs up to walk a round with the team. It counts as a contact with the team's
    coordinator (contact log, kind 'round') and as appreciation for the team; the leads are told."""
    from django.urls import reverse

    from buurtpreventie.accounts.models import User
    from buurtpreventie.engagement.models import AppreciationKind, ContactKind
    from buurtpreventie.engagement.services import appreciation_log, contact_log
    from buurtpreventie.feedback.services import notify_people as notify
    from buurtpreventie.patrols.models import RoundParticipant, RoundStatus
    from buurtpreventie.patrols.policies import may_walk_along

    if not may_walk_along(actor, round):
        raise PermissionDenied
    if round.status != RoundStatus.PLANNED:
        raise ValidationError(_("Voor deze ronde kunt u zich niet meer aanmelden."))
    initiative = round.initiative
    leads = list(User.objects.filter(pk__in=Membership.objects.leads().filter(initiative=initiative)
                                     .values("user_id")))
    start = timezone.localtime(round.planned_start)
    with transaction.atomic():
        participant, created = RoundParticipant.objects.get_or_create(round=round, user=actor)
        if not created and participant.cancelled_at is None:
            return participant
        if participant.cancelled_at is not None:
            participant.cancelled_at = None
            participant.save(update_fields=["cancelled_at"])
        note = _("Meelopen met de ronde van %(when)s") % {"when": f"{start:%d-%m-%Y %H:%M}"}
        if leads:
            contact_log(actor=actor, initiative=initiative, contact_person=leads[0], kind=ContactKind.ROUND,
                        notes=note)
        appreciation_log(actor=actor, initiative=initiative, kind=AppreciationKind.ROUND, note=note)
        audit_record(actor=actor, action="round.walk_along", obj=round, municipality_id=initiative.municipality_id)
        notify(users=leads, text=_("%(who)s loopt mee met de ronde van %(when)s.") % {
            "who": actor.get_full_name() or actor.username, "when": f"{start:%d-%m %H:%M}"},
            url=reverse("patrols:round_detail", args=[round.pk]), subject=_("Een professional loopt mee"))
    return participant


# --- Team activities ------------------------------------------------------------------------------


def activity_plan(*, actor: User, initiative: Initiative, kind: str, title: str, planned_at: Any,
                  place: str = "") -> Any:
    from .models import Activity, ActivityKind

    if not policies.may_broadcast(actor, initiative):
        raise PermissionDenied
    if kind not in ActivityKind.values or not title.strip():
        raise ValidationError(_("Kies een soort en geef de activiteit een titel."))
    with transaction.atomic():
        activity = Activity.objects.create(initiative=initiative, kind=kind, title=title.strip(),
                                           planned_at=planned_at, place=place.strip(), created_by=actor)
        audit_record(actor=actor, action="activity.plan", obj=initiative, municipality_id=initiative.municipality_id,
                     detail={"activity": activity.pk})
    return activity


def activity_log_done(*, actor: User, activity: Any, participants: int | None, outcome: str = "",
                      done_at: Any = None) -> Any:
    """Log that the activity took place (with how many joined); it then counts as team activity."""
    if not policies.may_broadcast(actor, activity.initiative):
        raise PermissionDenied
    done_at = done_at or timezone.now()
    if done_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError(_("Een gehouden activiteit kan niet in de toekomst liggen."))
    if participants is not None and participants < 0:
        raise ValidationError(_("Vul een aantal van 0 of meer in."))
    with transaction.atomic():
        activity.done_at = done_at
        activity.participants = participants
        activity.outcome = outcome.strip()
        activity.save(update_fields=["done_at", "participants", "outcome"])
        audit_record(actor=actor, action="activity.done", obj=activity.initiative,
                     municipality_id=activity.initiative.municipality_id, detail={"activity": activity.pk})
    return activity


# --- Thanks to a professional ---------------------------------------------------------------------


def thanks_send(*, actor: User, initiative: Initiative, professional: Any, message: str) -> Any:
    """A member thanks a professional who works with their team (the professional gets a notice)."""
    from django.urls import reverse

    from buurtpreventie.feedback.services import notify_people as notify

    from .models import Thanks
    from .selectors import professionals_of

    if not Membership.objects.current().filter(initiative=initiative, user=actor).exists():
        raise PermissionDenied
    if not professionals_of(initiative=initiative).filter(pk=professional.pk).exists():
        raise ValidationError(_("Deze professional werkt niet met uw team of groep."))
    if not message.strip():
        raise ValidationError(_("Schrijf een kort bedankje."))
    with transaction.atomic():
        thanks = Thanks.objects.create(initiative=initiative, from_user=actor, professional=professional,
                                       message=message.strip())
        audit_record(actor=actor, action="thanks.send", obj=initiative, municipality_id=initiative.municipality_id)
        notify(users=[professional], text=_("Een bedankje van %(group)s: %(message)s") % {
            "group": initiative.name, "message": thanks.message[:200]},
            url=reverse("groups:activities", args=[initiative.pk]), subject=_("Een bedankje uit de buurt"))
    return thanks

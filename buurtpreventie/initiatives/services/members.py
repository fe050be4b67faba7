"""Members: join/leave, trainings, equipment, house rules."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtpreventie.core.audit import audit_record

from ..models import (
    EquipmentIssue,
    HouseRulesAcceptance,
    HouseRulesVersion,
    Initiative,
    Membership,
    TrainingRecord,
)
from ..policies import can_manage_initiatives, can_manage_team
from ._common import _require, _user_for_email

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User


def membership_add(
    *, actor: User, initiative: Initiative, email: str, full_name: str, role: str = "member"
) -> Membership:
    """Add a person (found or invited by e-mail) to the team."""
    _require(can_manage_team(actor, initiative))
    if role not in dict(Membership.ROLE_CHOICES):
        raise ValidationError(_("Onbekende rol."))
    if role != "member" and not can_manage_initiatives(actor, initiative.municipality_id):
        raise PermissionDenied
    with transaction.atomic():
        user = _user_for_email(email=email, full_name=full_name)
        if Membership.objects.current().filter(initiative=initiative, user=user).exists():
            raise ValidationError(_("Deze persoon is al lid."))
        membership = membership_create_invited(actor=actor, initiative=initiative, user=user, role=role,
                                               via="by_hand")
    return membership


def membership_create_invited(*, actor: User | None, initiative: Initiative, user: User, role: str = "member",
                              via: str) -> Membership:
    """The one way a new member comes in (by hand, admitted application, invite link, bulk invite):
    the membership, an audit row and, after commit, the invitation mail in the member's language with a
    link to set a password (or to log in, for someone who already has one). Permission is the caller's."""
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils import translation
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from buurtpreventie.notifications.service import EMAIL, notify

    from ..notifications import absolute

    membership = Membership.objects.create(initiative=initiative, user=user, role=role)
    audit_record(actor=actor, action="membership.add", obj=initiative,
                 detail={"user": user.pk, "role": role, "via": via})
    user.__dict__.pop("_membership_cache", None)
    if user.has_usable_password():
        link = absolute(reverse("accounts:login"))
    else:
        link = absolute(reverse("accounts:password_reset_confirm", kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)}))
    has_password = user.has_usable_password()

    def build() -> tuple[str, str]:
        subject = _("Welkom bij %(name)s") % {"name": initiative.name}
        params = {"person": user.get_full_name() or user.email, "name": initiative.name}
        if initiative.is_app_group:
            body = _("Beste %(person)s,\n\nU bent lid van de buurt-app-groep %(name)s.\n\n") % params
        else:
            body = _("Beste %(person)s,\n\nU bent lid van het buurtpreventieteam %(name)s.\n\n") % params
        if has_password:
            body += _("Log in met uw bestaande account: %(link)s\n") % {"link": link}
        else:
            body += _("Stel eerst uw wachtwoord in via deze persoonlijke link (een paar dagen geldig): %(link)s\n"
                      "Daarna logt u in met uw e-mailadres.\n") % {"link": link}
        body += _("\nLees en accepteer na het inloggen de huisregels.\n")
        return subject, body

    with translation.override(user.language or "nl"):  # the member's language
        subject, body = build()
    notify([user], "notifications/email/message", {"subject": subject, "text": body, "body": ""}, channels=(EMAIL,))
    return membership


def membership_end(*, actor: User, membership: Membership, left_on: date | None = None, reason: str = "") -> None:
    initiative = membership.initiative
    allowed = can_manage_team(actor, initiative) or (actor is not None and actor.pk == membership.user_id)
    _require(allowed)
    with transaction.atomic():
        membership.left_on = left_on or timezone.localdate()
        membership.save(update_fields=["left_on"])
        audit_record(
            actor=actor,
            action="membership.end",
            obj=initiative,
            detail={"membership": membership.pk, "reason": reason},
        )


def training_record(
    *, actor: User, membership: Membership, kind: str, completed_on: date, description: str = ""
) -> TrainingRecord:
    _require(can_manage_team(actor, membership.initiative))
    with transaction.atomic():
        record = TrainingRecord.objects.create(
            membership=membership,
            kind=kind,
            completed_on=completed_on,
            description=description,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="training.record",
            obj=membership.initiative,
            detail={"membership": membership.pk, "kind": kind},
        )
    return record


def equipment_issue(*, actor: User, membership: Membership, item: str, issued_on: date) -> EquipmentIssue:
    _require(can_manage_team(actor, membership.initiative))
    with transaction.atomic():
        issue = EquipmentIssue.objects.create(membership=membership, item=item, issued_on=issued_on)
        audit_record(
            actor=actor,
            action="equipment.issue",
            obj=membership.initiative,
            detail={"membership": membership.pk, "item": item},
        )
    return issue


def equipment_return(*, actor: User, issue: EquipmentIssue, returned_on: date | None = None) -> None:
    _require(can_manage_team(actor, issue.membership.initiative))
    with transaction.atomic():
        issue.returned_on = returned_on or timezone.localdate()
        issue.save(update_fields=["returned_on"])
        audit_record(
            actor=actor,
            action="equipment.return",
            obj=issue.membership.initiative,
            detail={"issue": issue.pk},
        )


def house_rules_text(initiative: Initiative) -> str:
    from ..selectors import house_rules_current

    return house_rules_current(initiative=initiative)[0]


def house_rules_publish(
    *, actor: User, text: str, initiative: Initiative | None = None, municipality: Any = None, kind: str = ""
) -> HouseRulesVersion:
    """A new version of the house rules, for one initiative (its coordinator/admin or the safety
    officer) or for all teams or app groups of a municipality (the safety officer). Members are asked
    to accept it before their next round or signal."""
    if not text.strip():
        raise ValidationError(_("De huisregels mogen niet leeg zijn."))
    if initiative is not None:
        _require(can_manage_team(actor, initiative))
        municipality_id = initiative.municipality_id
        existing = HouseRulesVersion.objects.filter(initiative=initiative)
    else:
        if municipality is None or kind not in ("team", "app_group"):
            raise ValidationError(_("Kies voor teams of voor appgroepen."))
        _require(can_manage_initiatives(actor, municipality.pk))
        municipality_id = municipality.pk
        existing = HouseRulesVersion.objects.filter(municipality_id=municipality_id, initiative__isnull=True,
                                                    kind=kind)
    with transaction.atomic():
        last = existing.order_by("-number").first()
        version = HouseRulesVersion.objects.create(
            municipality_id=municipality_id, initiative=initiative, kind=kind if initiative is None else "",
            number=(last.number if last else 0) + 1, text=text.strip(), created_by=actor,
        )
        audit_record(actor=actor, action="house_rules.publish", obj=initiative or version,
                     municipality_id=municipality_id, detail={"version": version.number, "kind": kind})
    return version


def house_rules_accept(*, actor: User, membership: Membership, confirms_adult: bool) -> HouseRulesAcceptance:
    """The member accepts the house rules (app groups: also confirms being 18+)."""
    if actor is None or actor.pk != membership.user_id:
        _require(can_manage_team(actor, membership.initiative))
    initiative = membership.initiative
    if initiative.is_app_group and not confirms_adult:
        raise ValidationError(_("Deelnemers aan een buurtpreventie-appgroep moeten 18 jaar of ouder zijn."))
    with transaction.atomic():
        acceptance = HouseRulesAcceptance.objects.create(
            membership=membership, rules_text=house_rules_text(initiative), confirms_adult=confirms_adult
        )
        audit_record(actor=actor, action="house_rules.accept", obj=initiative, detail={"membership": membership.pk})
    return acceptance




class HouseRulesNotAccepted(ValidationError):
    """The member has not accepted the current house rules (raised before a round or a signal)."""


def house_rules_require(*, user: User, initiative: Initiative) -> None:
    """The gate before walking a round or filing a signal: the current house rules are accepted."""
    from ..policies import has_accepted_house_rules

    if not has_accepted_house_rules(user, initiative):
        raise HouseRulesNotAccepted(
            _("Lees en accepteer eerst de huisregels van %(name)s (op de ledenpagina); daarna kunt u verder.")
            % {"name": initiative.name}
        )

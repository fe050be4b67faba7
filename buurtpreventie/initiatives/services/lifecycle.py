"""Life cycle of an initiative: status changes, at-risk flag, edits, direct registration."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from buurtpreventie.areas.models import Buurt, Municipality, Wijk
from buurtpreventie.core.audit import audit_record
from buurtpreventie.notifications.links import absolute_url
from buurtpreventie.notifications.service import notify

from ..models import (
    ApplicationKind,
    ApplicationStatus,
    Initiative,
    InitiativeStatus,
    InitiativeStatusChange,
    Membership,
    contact_details_problem,
)
from ..notifications import applicant
from ..policies import can_manage_initiatives, can_manage_team
from ._common import _history_start, _require, _status_change, _user_for_email

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User


def initiative_status_set(*, actor: User, initiative: Initiative, status: str, reason: str) -> InitiativeStatusChange:
    """Move an initiative through its life cycle. Only the safety officer; a reason is required.

    Becoming active needs the latest agreement accepted by all parties (F18).
    """
    _require(can_manage_initiatives(actor, initiative.municipality_id))
    if not reason.strip():
        raise ValidationError(_("Geef een reden voor de statuswijziging."))
    if status not in InitiativeStatus.values:
        raise ValidationError(_("Onbekende status."))
    with transaction.atomic():
        initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if status == InitiativeStatus.ACTIVE and initiative.status == InitiativeStatus.AGREEMENT:
            agreement = initiative.agreements.order_by("-version").first()
            if agreement is None or not agreement.fully_accepted:
                raise ValidationError(
                    _("Het initiatief kan pas actief worden als alle partijen het convenant hebben geaccepteerd.")
                )
        change = _status_change(actor=actor, initiative=initiative, status=status, reason=reason)
        if status == InitiativeStatus.ACTIVE:
            _on_activated(actor=actor, initiative=initiative)
        _mail_applicants_about_status(initiative=initiative, change=change)
    return change


def _on_activated(*, actor: User, initiative: Initiative) -> None:
    """The applicant who started the initiative becomes its coordinator/admin (an account is made)."""
    application = (
        initiative.applications.filter(kind=ApplicationKind.START, status=ApplicationStatus.ACCEPTED)
        .order_by("submitted_at")
        .first()
    )
    if application is None:
        return
    if Membership.objects.current().filter(initiative=initiative, role=initiative.lead_role()).exists():
        return
    user = _user_for_email(email=application.email, full_name=application.full_name, language=application.language)
    Membership.objects.create(initiative=initiative, user=user, role=initiative.lead_role())
    user.__dict__.pop("_membership_cache", None)
    audit_record(
        actor=actor,
        action="membership.add",
        obj=initiative,
        detail={"user": user.pk, "role": initiative.lead_role(), "from_application": application.pk},
    )


def _mail_applicants_about_status(*, initiative: Initiative, change: InitiativeStatusChange) -> None:
    applications = initiative.applications.filter(kind=ApplicationKind.START, status=ApplicationStatus.ACCEPTED)
    active = change.to_status == InitiativeStatus.ACTIVE
    notify(
        [applicant(application) for application in applications],
        "initiatives/email/status_changed",
        {
            "initiative_name": initiative.name,
            "status": InitiativeStatus(change.to_status).label,
            "reason": change.reason,
        },
        per_recipient=lambda person: {"password_link": _password_link(person.email) if active else ""},
    )


def _password_link(email: str) -> str:
    """Where the new coordinator sets a password: a personal link for an account made from the
    application (Django's reset form ignores accounts without a usable password, so the general
    'forgot password' page would send nothing), the login page for an existing one."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from buurtpreventie.accounts.models import User

    user = User.objects.filter(email__iexact=email, is_active=True).order_by("pk").first()
    if user is None:
        return absolute_url(reverse("accounts:password_reset"))
    if user.has_usable_password():
        return absolute_url(reverse("accounts:login"))
    return absolute_url(reverse("accounts:password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)}))


def initiative_at_risk_set(*, actor: User, initiative: Initiative, at_risk: bool, reason: str) -> None:
    """Mark (or unmark) an initiative as at risk of stopping: the trigger for a continuity review (F2)."""
    _require(can_manage_team(actor, initiative))
    with transaction.atomic():
        initiative.at_risk = at_risk
        initiative.save(update_fields=["at_risk"])
        audit_record(
            actor=actor,
            action="initiative.at_risk",
            obj=initiative,
            detail={"at_risk": at_risk, "reason": reason},
        )


def initiative_update(
    *,
    actor: User,
    initiative: Initiative,
    name: str,
    kind: str,
    wijken: list[Wijk],
    buurten: list[Buurt],
    area_geometry: dict[str, Any] | None,
    public_description: str,
    how_to_join: str,
) -> Initiative:
    """Name, type, area (wijken/buurten or a drawn polygon) and public texts.

    The coordinator may edit the public texts and area of their own initiative; only the
    safety officer changes its type.
    """
    _require(can_manage_team(actor, initiative))
    municipality_id = initiative.municipality_id
    if any(w.municipality_id != municipality_id for w in wijken) or any(
        b.municipality_id != municipality_id for b in buurten
    ):
        raise ValidationError(_("Een wijk of buurt hoort bij een andere gemeente."))
    problems = {
        field: contact_details_problem(text)
        for field, text in (("public_description", public_description), ("how_to_join", how_to_join))
    }
    if any(problems.values()):
        raise ValidationError({field: problem for field, problem in problems.items() if problem})
    if kind != initiative.kind and not can_manage_initiatives(actor, municipality_id):
        raise PermissionDenied
    with transaction.atomic():
        initiative.name = name
        initiative.kind = kind
        initiative.area_geometry = area_geometry
        initiative.public_description = public_description
        initiative.how_to_join = how_to_join
        initiative.save()
        initiative.wijken.set(wijken)
        initiative.buurten.set(buurten)
        audit_record(actor=actor, action="initiative.update", obj=initiative)
    return initiative


def initiative_create(
    *, actor: User, municipality: Municipality, name: str, kind: str, wijken: list[Wijk], reason: str
) -> Initiative:
    """The safety officer registers an initiative directly (e.g. one that already existed on paper)."""
    _require(can_manage_initiatives(actor, municipality.pk))
    with transaction.atomic():
        initiative = Initiative.objects.create(
            municipality=municipality, name=name, kind=kind, status=InitiativeStatus.APPLIED
        )
        initiative.wijken.set([w for w in wijken if w.municipality_id == municipality.pk])
        _history_start(actor=actor, initiative=initiative,
                       reason=reason or gettext_noop("Geregistreerd door de gemeente."))
        audit_record(actor=actor, action="initiative.create", obj=initiative)
    return initiative



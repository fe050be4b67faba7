"""Applications: a resident applies, intake, decision, withdrawal (F1)."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from buurtpreventie.accounts.policies import manages_team
from buurtpreventie.areas.models import Municipality, Wijk
from buurtpreventie.core.audit import audit_record
from buurtpreventie.notifications.service import notify

from ..models import (
    APPLICATION_TRANSITIONS,
    Application,
    ApplicationEvent,
    ApplicationKind,
    ApplicationStatus,
    Initiative,
    InitiativeKind,
    InitiativeStatus,
    Membership,
)
from ..notifications import applicant
from ..policies import can_manage_initiatives
from ._common import _history_start, _require, _status_change

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User


def _application_event(
    *,
    application: Application,
    status: str,
    actor: User | None,
    note: str,
    public: bool = True,
    params: dict[str, Any] | None = None,
) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application,
        status=status,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
        note_params=params or {},
        public=public,
    )


def _application_status_set(*, application: Application, status: str, fields: tuple[str, ...] = ()) -> None:
    """The life-cycle gate for applications: checks APPLICATION_TRANSITIONS and saves the status
    (with `fields` changed alongside). The caller appends the history row with `_application_event`."""
    if status not in APPLICATION_TRANSITIONS.get(application.status, set()):
        raise ValidationError(_("Deze aanmelding is al afgehandeld."))
    application.status = status
    application._status_gate = True  # type: ignore[attr-defined]
    application.save(update_fields=["status", *fields] if fields else None)


def application_submit(
    *,
    municipality: Municipality,
    kind: str,
    full_name: str,
    email: str,
    motivation: str,
    initiative: Initiative | None = None,
    initiative_kind: str = InitiativeKind.TEAM,
    proposed_name: str = "",
    wijk: Wijk | None = None,
    phone: str = "",
    language: str = "nl",
) -> Application:
    """A resident applies, without an account (public form). Starting a new initiative creates it
    in status 'applied'; the applicant gets an e-mail with a private link to follow the status."""
    from ..selectors import moment_for_new_application

    if kind not in ApplicationKind.values:
        raise ValidationError(_("Kies wat u wilt."))
    if kind == ApplicationKind.JOIN and (
        initiative is None
        or initiative.municipality_id != municipality.pk
        or initiative.status != (InitiativeStatus.ACTIVE)
    ):
        raise ValidationError(_("Kies een actief initiatief om bij aan te sluiten."))
    if wijk is not None and wijk.municipality_id != municipality.pk:
        raise ValidationError(_("Deze wijk hoort niet bij de gemeente."))
    with transaction.atomic():
        application = Application.objects.create(
            municipality=municipality,
            moment=moment_for_new_application(municipality=municipality),
            kind=kind,
            initiative=initiative if kind == ApplicationKind.JOIN else None,
            initiative_kind=initiative_kind,
            proposed_name=proposed_name,
            wijk=wijk,
            full_name=full_name,
            email=email,
            phone=phone,
            motivation=motivation,
            language=language,
            token=secrets.token_urlsafe(32),
        )
        if kind == ApplicationKind.START:
            name = proposed_name or (
                _("Nieuw initiatief in %(wijk)s") % {"wijk": wijk.name} if wijk else _("Nieuw initiatief")
            )
            new = Initiative.objects.create(
                municipality=municipality, name=name, kind=initiative_kind, status=InitiativeStatus.APPLIED
            )
            if wijk is not None:
                new.wijken.add(wijk)
            _history_start(actor=None, initiative=new, actor_label=full_name,
                           reason=gettext_noop("Aanvraag ontvangen via de openbare pagina."))
            application.initiative = new
            application.save(update_fields=["initiative"])
        _application_event(
            application=application,
            status=ApplicationStatus.SUBMITTED,
            actor=None,
            note=gettext_noop("Aanmelding ontvangen."),
        )
        audit_record(actor=None, action="application.submit", obj=application, municipality_id=municipality.pk)

        moment = application.moment
        notify(
            [applicant(application)],
            "initiatives/email/application_received",
            {
                "municipality_name": municipality.name,
                "meeting_when": (
                    timezone.localtime(moment.info_meeting_at).strftime("%d-%m-%Y %H:%M")
                    if moment and moment.info_meeting_at
                    else ""
                ),
                "meeting_where": moment.info_meeting_location if moment else "",
            },
        )
        if kind == ApplicationKind.JOIN and initiative is not None:
            _mail_leads_about_join(application=application, initiative=initiative)
    return application


def _mail_leads_about_join(*, application: Application, initiative: Initiative) -> None:
    """Tell the coordinator/admin that someone wants to join; the details are behind the login."""
    leads = Membership.objects.leads().filter(initiative=initiative).select_related("user")
    notify(
        [lead.user for lead in leads],
        "initiatives/email/join_request",
        {"applicant_name": application.full_name, "initiative_name": initiative.name},
        url=reverse("initiatives:application", kwargs={"pk": application.pk}),
    )


def _may_handle_application(actor: User, application: Application) -> bool:
    if can_manage_initiatives(actor, application.municipality_id):
        return True
    return bool(
        application.kind == ApplicationKind.JOIN
        and application.initiative_id
        and manages_team(actor, application.initiative_id)
    )


def application_intake_plan(*, actor: User, application: Application, intake_at: datetime, note: str = "") -> None:
    """Invite the applicant for an intake conversation."""
    _require(_may_handle_application(actor, application))
    if application.status not in {ApplicationStatus.SUBMITTED, ApplicationStatus.INTAKE}:
        raise ValidationError(_("Deze aanmelding is al afgehandeld."))
    with transaction.atomic():
        application.intake_at = intake_at
        _application_status_set(application=application, status=ApplicationStatus.INTAKE, fields=("intake_at",))
        when = timezone.localtime(intake_at).strftime("%d-%m-%Y %H:%M")
        _application_event(
            application=application,
            status=ApplicationStatus.INTAKE,
            actor=actor,
            note=gettext_noop("Intakegesprek gepland op %(when)s. %(note)s"),
            params={"when": when, "note": note},
        )
        initiative = application.initiative
        if (
            application.kind == ApplicationKind.START
            and initiative is not None
            and initiative.status == InitiativeStatus.APPLIED
        ):
            _status_change(
                actor=actor,
                initiative=initiative,
                status=InitiativeStatus.INTAKE,
                reason=gettext_noop("Intakegesprek gepland op %(when)s."),
                params={"when": when},
            )
        audit_record(actor=actor, action="application.intake_plan", obj=application)

        notify([applicant(application)], "initiatives/email/intake_invitation", {"when": when, "note": note})


def application_intake_record(
    *,
    actor: User,
    application: Application,
    intake_notes: str,
    intake_why: str,
    needs_training: bool,
    needs_vog: bool,
) -> None:
    """Conversation notes, why the applicant wants to take part (3.1.3), training and VOG need.
    Staff only: a coordinator handling a join application never sees or writes these."""
    _require(_may_handle_application(actor, application))
    _require(can_manage_initiatives(actor, application.municipality_id))
    with transaction.atomic():
        application.intake_notes = intake_notes
        application.intake_why = intake_why
        application.needs_training = needs_training
        application.needs_vog = needs_vog
        if application.status == ApplicationStatus.SUBMITTED:
            _application_status_set(application=application, status=ApplicationStatus.INTAKE)
        else:
            application.save()
        _application_event(
            application=application,
            status=application.status,
            actor=actor,
            note=gettext_noop("Intakegesprek vastgelegd."),
            public=False,
        )
        audit_record(actor=actor, action="application.intake_record", obj=application)


def application_decide(*, actor: User, application: Application, accept: bool, reason: str) -> None:
    """Decision with reasons. Accepting a new initiative moves it to 'agreement'; declining stops it.
    Accepting a join-application introduces the applicant to the coordinator by e-mail."""
    _require(_may_handle_application(actor, application))
    if not reason.strip():
        raise ValidationError(_("Geef de reden van het besluit."))
    if application.status in {
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.DECLINED,
        ApplicationStatus.WITHDRAWN,
    }:
        raise ValidationError(_("Deze aanmelding is al afgehandeld."))
    status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.DECLINED
    with transaction.atomic():
        application.decision_reason = reason
        application.decided_at = timezone.now()
        application.decided_by = actor
        _application_status_set(application=application, status=status)
        _application_event(application=application, status=status, actor=actor, note=reason)
        initiative = application.initiative
        if application.kind == ApplicationKind.START and initiative is not None:
            if initiative.status == InitiativeStatus.APPLIED:
                _status_change(
                    actor=actor,
                    initiative=initiative,
                    status=InitiativeStatus.INTAKE,
                    reason=gettext_noop("Intake gehouden."),
                )
            target = InitiativeStatus.AGREEMENT if accept else InitiativeStatus.STOPPED
            if initiative.status in {InitiativeStatus.INTAKE, InitiativeStatus.APPLIED}:
                _status_change(actor=actor, initiative=initiative, status=target, reason=reason)
        audit_record(actor=actor, action="application.decide", obj=application, detail={"accept": accept})

        notify([applicant(application)], "initiatives/email/decision", {"accepted": accept, "reason": reason})
        if accept and application.kind == ApplicationKind.JOIN and initiative is not None:
            _join_membership(actor=actor, application=application, initiative=initiative)
            leads = Membership.objects.leads().filter(initiative=initiative).select_related("user")
            notify(
                [lead.user for lead in leads],
                "initiatives/email/new_member",
                {
                    "applicant_name": application.full_name,
                    "applicant_email": application.email,
                    "applicant_phone": application.phone,
                    "initiative_name": initiative.name,
                    "motivation": application.motivation,
                },
            )


def _join_membership(*, actor: User, application: Application, initiative: Initiative) -> None:
    """An admitted join application becomes a membership (with the invitation mail), once."""
    from ._common import _user_for_email
    from .members import membership_create_invited

    user = _user_for_email(email=application.email, full_name=application.full_name, language=application.language)
    if not Membership.objects.current().filter(initiative=initiative, user=user).exists():
        membership_create_invited(actor=actor, initiative=initiative, user=user, via="application")


def application_withdraw(*, application: Application, token: str) -> None:
    """The applicant withdraws through the private link (the token is their proof; no account)."""
    if not token or not secrets.compare_digest(token, application.token):
        raise PermissionDenied
    if application.status not in {ApplicationStatus.SUBMITTED, ApplicationStatus.INTAKE}:
        raise ValidationError(_("Deze aanmelding is al afgehandeld."))
    with transaction.atomic():
        _application_status_set(application=application, status=ApplicationStatus.WITHDRAWN)
        note = gettext_noop("Aanmelding ingetrokken door de aanvrager.")
        _application_event(application=application, status=ApplicationStatus.WITHDRAWN, actor=None, note=note)
        initiative = application.initiative
        if (
            application.kind == ApplicationKind.START
            and initiative is not None
            and initiative.status in {InitiativeStatus.APPLIED, InitiativeStatus.INTAKE}
        ):
            _status_change(actor=None, initiative=initiative, status=InitiativeStatus.STOPPED, reason=note)
        audit_record(actor=None, action="application.withdraw", obj=application)



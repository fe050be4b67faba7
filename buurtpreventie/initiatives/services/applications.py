"""Applications: a resident applies, intake, decision, withdrawal (F1)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from buurtpreventie.accounts.policies import manages_team
from buurtpreventie.areas.models import Municipality, Wijk
from buurtpreventie.core.audit import audit_record
from buurtpreventie.core.events import send_event_on_commit

from ..models import (
    Application,
    ApplicationEvent,
    ApplicationKind,
    ApplicationStatus,
    Initiative,
    InitiativeKind,
    InitiativeStatus,
    InitiativeStatusChange,
    Membership,
)
from ..notifications import mail_on_commit, status_link
from ..policies import can_manage_initiatives
from ._common import _require, _status_change


def _application_event(
    *,
    application: Application,
    status: str,
    actor: Any,
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
            InitiativeStatusChange.objects.create(
                initiative=new,
                from_status="",
                to_status=InitiativeStatus.APPLIED,
                actor=None,
                actor_label=full_name,
                reason=gettext_noop("Aanvraag ontvangen via de openbare pagina."),
            )
            application.initiative = new
            application.save(update_fields=["initiative"])
        _application_event(
            application=application,
            status=ApplicationStatus.SUBMITTED,
            actor=None,
            note=gettext_noop("Aanmelding ontvangen."),
        )
        audit_record(actor=None, action="application.submit", obj=application, municipality_id=municipality.pk)
        send_event_on_commit(
            channel=f"municipality:{municipality.pk}:initiatives",
            event={"type": "application.submitted", "application": application.pk},
        )

        def build() -> tuple[str, str]:
            subject = _("Wij hebben uw aanmelding ontvangen")
            body = _(
                "Beste %(name)s,\n\nBedankt voor uw aanmelding voor buurtpreventie in %(municipality)s. "
                "De gemeente neemt contact met u op voor een kennismakingsgesprek (intake).\n\n"
                "Via deze persoonlijke link ziet u steeds de status van uw aanmelding:\n%(link)s\n\n"
                "Deel deze link niet met anderen.\n"
            ) % {"name": full_name, "municipality": municipality.name, "link": status_link(application)}
            if application.moment and application.moment.info_meeting_at:
                body += _("\nInformatiebijeenkomst: %(when)s, %(where)s.\n") % {
                    "when": timezone.localtime(application.moment.info_meeting_at).strftime("%d-%m-%Y %H:%M"),
                    "where": application.moment.info_meeting_location,
                }
            return subject, body

        mail_on_commit(to=[email], language=language, build=build)
        if kind == ApplicationKind.JOIN and initiative is not None:
            _mail_leads_about_join(application=application, initiative=initiative)
    return application


def _mail_leads_about_join(*, application: Application, initiative: Initiative) -> None:
    """Tell the coordinator/admin that someone wants to join; the details are behind the login."""
    from django.urls import reverse

    from ..notifications import absolute

    link = absolute(reverse("initiatives:application", kwargs={"pk": application.pk}))
    leads = Membership.objects.leads().filter(initiative=initiative).select_related("user")
    for lead in leads:

        def build(lead_user: Any = lead.user) -> tuple[str, str]:
            return (
                _("Nieuwe aanmelding voor %(name)s") % {"name": initiative.name},
                _(
                    "Beste %(lead)s,\n\n%(name)s wil meedoen met %(initiative)s. Bekijk de aanmelding en "
                    "maak kennis: %(link)s\n"
                )
                % {"lead": lead_user, "name": application.full_name, "initiative": initiative.name, "link": link},
            )

        mail_on_commit(to=[lead.user.email], language=lead.user.language, build=build)


def _may_handle_application(actor: Any, application: Application) -> bool:
    if can_manage_initiatives(actor, application.municipality_id):
        return True
    return bool(
        application.kind == ApplicationKind.JOIN
        and application.initiative_id
        and manages_team(actor, application.initiative_id)
    )


def _mail_applicant(application: Application, subject: Callable[[], str], text: Callable[[], str]) -> None:
    def build() -> tuple[str, str]:
        body = _("Beste %(name)s,\n\n%(text)s\n\nBekijk de status: %(link)s\n") % {
            "name": application.full_name,
            "text": text(),
            "link": status_link(application),
        }
        return subject(), body

    mail_on_commit(to=[application.email], language=application.language, build=build)


def application_intake_plan(*, actor: Any, application: Application, intake_at: datetime, note: str = "") -> None:
    """Invite the applicant for an intake conversation."""
    _require(_may_handle_application(actor, application))
    if application.status not in {ApplicationStatus.SUBMITTED, ApplicationStatus.INTAKE}:
        raise ValidationError(_("Deze aanmelding is al afgehandeld."))
    with transaction.atomic():
        application.status = ApplicationStatus.INTAKE
        application.intake_at = intake_at
        application.save(update_fields=["status", "intake_at"])
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

        def build() -> tuple[str, str]:
            subject = _("Uitnodiging voor een intakegesprek")
            body = _(
                "Beste %(name)s,\n\nWij nodigen u uit voor een intakegesprek op %(when)s. %(note)s\n\n"
                "Bekijk de status: %(link)s\n"
            ) % {"name": application.full_name, "when": when, "note": note, "link": status_link(application)}
            return subject, body

        mail_on_commit(to=[application.email], language=application.language, build=build)


def application_intake_record(
    *,
    actor: Any,
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
            application.status = ApplicationStatus.INTAKE
        application.save()
        _application_event(
            application=application,
            status=application.status,
            actor=actor,
            note=gettext_noop("Intakegesprek vastgelegd."),
            public=False,
        )
        audit_record(actor=actor, action="application.intake_record", obj=application)


def application_decide(*, actor: Any, application: Application, accept: bool, reason: str) -> None:
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
        application.status = status
        application.decision_reason = reason
        application.decided_at = timezone.now()
        application.decided_by = actor
        application.save()
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

        def text() -> str:
            if accept:
                return _("Goed nieuws: uw aanmelding is toegelaten. %(reason)s") % {"reason": reason}
            return _("Uw aanmelding is helaas niet toegelaten. %(reason)s") % {"reason": reason}

        _mail_applicant(application, lambda: _("Besluit over uw aanmelding"), text)
        if accept and application.kind == ApplicationKind.JOIN and initiative is not None:
            _join_membership(actor=actor, application=application, initiative=initiative)
            leads = Membership.objects.leads().filter(initiative=initiative).select_related("user")
            for lead in leads:

                def build(lead_user: Any = lead.user) -> tuple[str, str]:
                    return (
                        _("Nieuwe deelnemer voor %(name)s") % {"name": initiative.name},
                        _(
                            "Beste %(lead)s,\n\n%(name)s (%(email)s %(phone)s) "
                            "wil meedoen met %(initiative)s "
                            "en is na de intake toegelaten. Neem contact op om kennis te maken.\n\nWaarom: "
                            "%(why)s\n"
                        )
                        % {
                            "lead": lead_user,
                            "name": application.full_name,
                            "email": application.email,
                            "phone": application.phone,
                            "initiative": initiative.name,
                            "why": application.motivation,
                        },
                    )

                mail_on_commit(to=[lead.user.email], language=lead.user.language, build=build)


def _join_membership(*, actor: Any, application: Application, initiative: Initiative) -> None:
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
        application.status = ApplicationStatus.WITHDRAWN
        application.save(update_fields=["status"])
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



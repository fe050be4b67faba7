"""Every write about initiatives: applications, intake, life cycle, agreements, members, goals.

Each service checks permission (PermissionDenied), writes inside a transaction, appends history
or an audit row, and schedules e-mails and real-time events for after the commit.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from buurtpreventie.accounts.models import User
from buurtpreventie.accounts.policies import manages_team
from buurtpreventie.accounts.roles import Role
from buurtpreventie.areas.models import Buurt, Municipality, Wijk
from buurtpreventie.core.audit import audit_record
from buurtpreventie.core.events import send_event_on_commit

from .models import (
    APP_GROUP_HOUSE_RULES,
    STATUS_TRANSITIONS,
    TEAM_HOUSE_RULES,
    Agreement,
    AgreementAcceptance,
    Application,
    ApplicationEvent,
    ApplicationKind,
    ApplicationStatus,
    Commitment,
    ContinuityDecision,
    ContinuityReview,
    EquipmentIssue,
    HouseRulesAcceptance,
    Initiative,
    InitiativeKind,
    InitiativeStatus,
    InitiativeStatusChange,
    MeetingInvitation,
    Membership,
    Party,
    PolicyGoal,
    ProfessionalInvolvement,
    RegistrationMoment,
    TrainingRecord,
)
from .notifications import mail_on_commit, status_link
from .policies import can_accept_agreement, can_manage_initiatives, can_manage_team


def _source(label: Any) -> str:
    """A choice label in Dutch (the source language), for storing in history parameters."""
    with translation.override("nl"):
        return str(label)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _actor_label(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    return str(actor)


def _event(initiative: Initiative, kind: str, **data: Any) -> None:
    send_event_on_commit(
        channel=f"municipality:{initiative.municipality_id}:initiatives",
        event={"type": f"initiative.{kind}", "initiative": initiative.pk, **data},
    )


# --- Life cycle -----------------------------------------------------------------------------


def _status_change(
    *,
    actor: Any,
    initiative: Initiative,
    status: str,
    reason: str,
    public: bool = True,
    params: dict[str, Any] | None = None,
) -> InitiativeStatusChange:
    previous = initiative.status
    initiative.status = status
    initiative.save(update_fields=["status"])
    change = InitiativeStatusChange.objects.create(
        initiative=initiative,
        from_status=previous,
        to_status=status,
        actor=actor if actor else None,
        actor_label=_actor_label(actor),
        reason=reason,
        reason_params=params or {},
        public=public,
    )
    audit_record(
        actor=actor,
        action="initiative.status",
        obj=initiative,
        detail={"from": previous, "to": status, "reason": reason},
    )
    _event(initiative, "status", status=status)
    return change


def initiative_status_set(*, actor: Any, initiative: Initiative, status: str, reason: str) -> InitiativeStatusChange:
    """Move an initiative through its life cycle. Only the safety officer; a reason is required.

    Becoming active needs the latest agreement accepted by all parties (F18).
    """
    _require(can_manage_initiatives(actor, initiative.municipality_id))
    if not reason.strip():
        raise ValidationError(_("Geef een reden voor de statuswijziging."))
    if status not in STATUS_TRANSITIONS.get(initiative.status, set()):
        raise ValidationError(
            _("Van %(from)s naar %(to)s kan niet.")
            % {"from": initiative.get_status_display(), "to": InitiativeStatus(status).label}
        )
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


def _on_activated(*, actor: Any, initiative: Initiative) -> None:
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


def _user_for_email(*, email: str, full_name: str, language: str = "nl") -> User:
    existing = User.objects.filter(email__iexact=email).order_by("pk").first()
    if existing is not None:
        return existing
    first, _sep, last = full_name.strip().partition(" ")
    base = email.split("@")[0].lower()[:100] or "bewoner"
    username = base
    n = 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}{n}"
    user = User(username=username, email=email, first_name=first[:150], last_name=last[:150], language=language)
    user.set_unusable_password()
    user.save()
    return user


def _mail_applicants_about_status(*, initiative: Initiative, change: InitiativeStatusChange) -> None:
    for application in initiative.applications.filter(kind=ApplicationKind.START, status=ApplicationStatus.ACCEPTED):
        status_label = InitiativeStatus(change.to_status)
        reason = change.reason

        def build(app: Application = application, label: Any = status_label, why: str = reason) -> tuple[str, str]:
            from django.urls import reverse

            from .notifications import absolute

            subject = _("Uw initiatief %(name)s: %(status)s") % {
                "name": app.initiative,
                "status": label.label,
            }
            body = _(
                "Beste %(name)s,\n\nDe status van uw initiatief is nu: %(status)s.\n%(reason)s\n\n"
                "Bekijk de voortgang: %(link)s\n"
            ) % {"name": app.full_name, "status": label.label, "reason": why, "link": status_link(app)}
            if label == InitiativeStatus.ACTIVE:
                body += _(
                    "\nU bent nu coördinator/beheerder. Stel uw wachtwoord in via %(link)s (gebruik uw e-mailadres).\n"
                ) % {"link": absolute(reverse("accounts:password_reset"))}
            return subject, body

        mail_on_commit(to=[application.email], language=application.language, build=build)


def initiative_at_risk_set(*, actor: Any, initiative: Initiative, at_risk: bool, reason: str) -> None:
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
    actor: Any,
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
    *, actor: Any, municipality: Municipality, name: str, kind: str, wijken: list[Wijk], reason: str
) -> Initiative:
    """The safety officer registers an initiative directly (e.g. one that already existed on paper)."""
    _require(can_manage_initiatives(actor, municipality.pk))
    with transaction.atomic():
        initiative = Initiative.objects.create(
            municipality=municipality, name=name, kind=kind, status=InitiativeStatus.APPLIED
        )
        initiative.wijken.set([w for w in wijken if w.municipality_id == municipality.pk])
        InitiativeStatusChange.objects.create(
            initiative=initiative,
            from_status="",
            to_status=InitiativeStatus.APPLIED,
            actor=actor,
            actor_label=_actor_label(actor),
            reason=reason or gettext_noop("Geregistreerd door de gemeente."),
        )
        audit_record(actor=actor, action="initiative.create", obj=initiative)
    return initiative


# --- Applications ---------------------------------------------------------------------------


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
    from .selectors import moment_for_new_application

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

    from .notifications import absolute

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
    """Conversation notes, why the applicant wants to take part (3.1.3), training and VOG need."""
    _require(_may_handle_application(actor, application))
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


# --- Registration moments and information meetings -----------------------------------------


def moment_save(
    *,
    actor: Any,
    municipality: Municipality,
    title: str,
    opens_on: date,
    closes_on: date,
    info_meeting_at: datetime | None,
    info_meeting_location: str,
    description: str,
    moment: RegistrationMoment | None = None,
) -> RegistrationMoment:
    _require(can_manage_initiatives(actor, municipality.pk))
    if moment is not None and moment.municipality_id != municipality.pk:
        raise PermissionDenied
    moment = moment or RegistrationMoment(municipality=municipality)
    moment.title = title
    moment.opens_on = opens_on
    moment.closes_on = closes_on
    moment.info_meeting_at = info_meeting_at
    moment.info_meeting_location = info_meeting_location
    moment.description = description
    moment.full_clean()
    with transaction.atomic():
        moment.save()
        audit_record(actor=actor, action="moment.save", obj=moment, municipality_id=municipality.pk)
    return moment


def meeting_invite_coordinators(*, actor: Any, moment: RegistrationMoment) -> int:
    """Invite the coordinators and admins of all active initiatives to the information meeting."""
    _require(can_manage_initiatives(actor, moment.municipality_id))
    leads = (
        Membership.objects.leads()
        .filter(initiative__municipality_id=moment.municipality_id, initiative__status=InitiativeStatus.ACTIVE)
        .select_related("user", "initiative")
    )
    created = 0
    with transaction.atomic():
        for lead in leads:
            _inv, new = MeetingInvitation.objects.get_or_create(
                moment=moment, user=lead.user, defaults={"initiative": lead.initiative}
            )
            if not new:
                continue
            created += 1

            def build(user: Any = lead.user) -> tuple[str, str]:
                when = (
                    timezone.localtime(moment.info_meeting_at).strftime("%d-%m-%Y %H:%M")
                    if moment.info_meeting_at
                    else _("nog niet bekend")
                )
                return (
                    _("Uitnodiging: informatiebijeenkomst buurtpreventie"),
                    _(
                        "Beste %(name)s,\n\nOp %(when)s (%(where)s) is de informatiebijeenkomst voor nieuwe "
                        "initiatieven. Wilt u als coördinator of beheerder vertellen over uw ervaring?\n"
                    )
                    % {"name": user, "when": when, "where": moment.info_meeting_location},
                )

            mail_on_commit(to=[lead.user.email], language=lead.user.language, build=build)
        audit_record(actor=actor, action="moment.invite", obj=moment, detail={"invited": created})
    return created


def meeting_attendance_record(*, actor: Any, moment: RegistrationMoment, present_user_ids: set[int]) -> None:
    _require(can_manage_initiatives(actor, moment.municipality_id))
    with transaction.atomic():
        for invitation in moment.invitations.all():
            invitation.attended = invitation.user_id in present_user_ids
            invitation.save(update_fields=["attended"])
        audit_record(actor=actor, action="moment.attendance", obj=moment, detail={"present": sorted(present_user_ids)})


# --- Agreement / covenant -------------------------------------------------------------------


def agreement_create(
    *,
    actor: Any,
    initiative: Initiative,
    citizens_roles: str,
    professionals_roles: str,
    offered: str,
    not_offered: str,
    action_points: str,
) -> Agreement:
    """A new version of the covenant. Earlier versions and their acceptances stay as they were."""
    _require(can_manage_initiatives(actor, initiative.municipality_id))
    with transaction.atomic():
        last = initiative.agreements.select_for_update().order_by("-version").first()
        agreement = Agreement.objects.create(
            initiative=initiative,
            version=(last.version + 1) if last else 1,
            citizens_roles=citizens_roles,
            professionals_roles=professionals_roles,
            offered=offered,
            not_offered=not_offered,
            action_points=action_points,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="agreement.create",
            obj=initiative,
            detail={"agreement": agreement.pk, "version": agreement.version},
        )
        reason = gettext_noop("Convenant versie %(v)s opgesteld.")
        if initiative.status == InitiativeStatus.INTAKE:
            _status_change(
                actor=actor,
                initiative=initiative,
                status=InitiativeStatus.AGREEMENT,
                reason=reason,
                params={"v": agreement.version},
            )
        else:
            InitiativeStatusChange.objects.create(
                initiative=initiative,
                from_status=initiative.status,
                to_status=initiative.status,
                actor=actor,
                actor_label=_actor_label(actor),
                reason=reason,
                reason_params={"v": agreement.version},
            )
    return agreement


def agreement_accept(*, actor: Any, agreement: Agreement, party: str, signed_by_name: str) -> AgreementAcceptance:
    initiative = agreement.initiative
    if party not in Party.values:
        raise ValidationError(_("Onbekende partij."))
    _require(can_accept_agreement(actor, initiative, party))
    latest = initiative.agreements.order_by("-version").first()
    if latest is None or latest.pk != agreement.pk:
        raise ValidationError(_("Alleen de nieuwste versie van het convenant kan worden geaccepteerd."))
    if agreement.acceptances.filter(party=party).exists():
        raise ValidationError(_("Deze partij heeft dit convenant al geaccepteerd."))
    with transaction.atomic():
        acceptance = AgreementAcceptance.objects.create(
            agreement=agreement, party=party, signed_by_name=signed_by_name or str(actor), recorded_by=actor
        )
        InitiativeStatusChange.objects.create(
            initiative=initiative,
            from_status=initiative.status,
            to_status=initiative.status,
            actor=actor,
            actor_label=_actor_label(actor),
            reason=gettext_noop("Convenant versie %(v)s geaccepteerd door %(party)s (%(name)s)."),
            reason_params={
                "v": agreement.version,
                "party": _source(Party(party).label),
                "name": acceptance.signed_by_name,
            },
        )
        audit_record(
            actor=actor,
            action="agreement.accept",
            obj=initiative,
            detail={"agreement": agreement.pk, "party": party},
        )
    return acceptance


# --- Members: join/leave, trainings, equipment, house rules ---------------------------------


def membership_add(
    *, actor: Any, initiative: Initiative, email: str, full_name: str, role: str = "member"
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
        membership = Membership.objects.create(initiative=initiative, user=user, role=role)
        audit_record(actor=actor, action="membership.add", obj=initiative, detail={"user": user.pk, "role": role})
    user.__dict__.pop("_membership_cache", None)
    return membership


def membership_end(*, actor: Any, membership: Membership, left_on: date | None = None, reason: str = "") -> None:
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
    *, actor: Any, membership: Membership, kind: str, completed_on: date, description: str = ""
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


def equipment_issue(*, actor: Any, membership: Membership, item: str, issued_on: date) -> EquipmentIssue:
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


def equipment_return(*, actor: Any, issue: EquipmentIssue, returned_on: date | None = None) -> None:
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
    return str(APP_GROUP_HOUSE_RULES if initiative.is_app_group else TEAM_HOUSE_RULES)


def house_rules_accept(*, actor: Any, membership: Membership, confirms_adult: bool) -> HouseRulesAcceptance:
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


# --- Goals, commitments, professionals, continuity -----------------------------------------


def policy_goal_save(
    *,
    actor: Any,
    municipality: Municipality,
    initiative: Initiative | None,
    goal: PolicyGoal | None = None,
    **fields: Any,
) -> PolicyGoal:
    _require(can_manage_initiatives(actor, municipality.pk))
    if initiative is not None and initiative.municipality_id != municipality.pk:
        raise PermissionDenied
    if goal is not None and goal.municipality_id != municipality.pk:
        raise PermissionDenied
    goal = goal or PolicyGoal(municipality=municipality, initiative=initiative)
    allowed = {"goal_type", "description", "indicators", "review_on", "is_public", "reached", "review_note"}
    for key, value in fields.items():
        if key in allowed:
            setattr(goal, key, value)
    with transaction.atomic():
        goal.save()
        audit_record(actor=actor, action="policy_goal.save", obj=goal)
    return goal


def commitment_save(
    *,
    actor: Any,
    municipality: Municipality,
    initiative: Initiative | None,
    party: str,
    contact_frequency: str,
    information_shared: str,
    time_and_resources: str,
) -> Commitment:
    _require(can_manage_initiatives(actor, municipality.pk))
    if initiative is not None and initiative.municipality_id != municipality.pk:
        raise PermissionDenied
    with transaction.atomic():
        commitment = Commitment.objects.create(
            municipality=municipality,
            initiative=initiative,
            party=party,
            contact_frequency=contact_frequency,
            information_shared=information_shared,
            time_and_resources=time_and_resources,
        )
        audit_record(actor=actor, action="commitment.save", obj=commitment)
    return commitment


def involvement_record(
    *,
    actor: Any,
    municipality: Municipality,
    professional: Any,
    initiative: Initiative | None,
    wijken: list[Wijk],
    attitude: str,
    setup_wishes: str,
    needs: str,
    objections: str,
    objections_resolution: str,
) -> ProfessionalInvolvement:
    """Record early how a wijkagent/BOA stands in relation to an initiative (F4)."""
    _require(can_manage_initiatives(actor, municipality.pk) or (actor is not None and actor.pk == professional.pk))
    from buurtpreventie.accounts.policies import roles_of

    if not roles_of(professional, municipality_id=municipality.pk) & {Role.WIJKAGENT, Role.BOA}:
        raise ValidationError(_("Kies een wijkagent of BOA van deze gemeente."))
    if initiative is not None and initiative.municipality_id != municipality.pk:
        raise PermissionDenied
    with transaction.atomic():
        involvement = ProfessionalInvolvement.objects.create(
            municipality=municipality,
            professional=professional,
            initiative=initiative,
            attitude=attitude,
            setup_wishes=setup_wishes,
            needs=needs,
            objections=objections,
            objections_resolution=objections_resolution,
            recorded_by=actor,
        )
        involvement.wijken.set([w for w in wijken if w.municipality_id == municipality.pk])
        audit_record(actor=actor, action="involvement.record", obj=involvement, municipality_id=municipality.pk)
    return involvement


_DECISION_STATUS = {
    ContinuityDecision.DORMANT: InitiativeStatus.DORMANT,
    ContinuityDecision.STOP: InitiativeStatus.STOPPED,
}


def continuity_review_record(
    *,
    actor: Any,
    initiative: Initiative,
    trigger: str,
    causes: str,
    solvable: bool | None,
    solvable_how: str,
    goal_reached: str,
    reachable_without: str,
    decision: str,
    decision_reason: str,
) -> ContinuityReview:
    """The guided review (F2); the decision changes the life cycle where it says so."""
    _require(can_manage_initiatives(actor, initiative.municipality_id))
    with transaction.atomic():
        review = ContinuityReview.objects.create(
            initiative=initiative,
            trigger=trigger,
            causes=causes,
            solvable=solvable,
            solvable_how=solvable_how,
            goal_reached=goal_reached,
            reachable_without=reachable_without,
            decision=decision,
            decision_reason=decision_reason,
            decided_by=actor,
        )
        target = _DECISION_STATUS.get(ContinuityDecision(decision))
        reason = gettext_noop("Continuïteitsgesprek: %(decision)s. %(reason)s")
        params = {"decision": _source(ContinuityDecision(decision).label), "reason": decision_reason}
        if target and target != initiative.status and target in STATUS_TRANSITIONS.get(initiative.status, set()):
            _status_change(actor=actor, initiative=initiative, status=target, reason=reason, params=params)
        else:
            InitiativeStatusChange.objects.create(
                initiative=initiative,
                from_status=initiative.status,
                to_status=initiative.status,
                actor=actor,
                actor_label=_actor_label(actor),
                reason=reason,
                reason_params=params,
                public=False,
            )
        initiative.at_risk = decision == ContinuityDecision.CONTINUE_WITH_SUPPORT
        initiative.save(update_fields=["at_risk"])
        audit_record(actor=actor, action="continuity.review", obj=initiative, detail={"decision": decision})
    return review


EARLY_WARNING_REASON = gettext_noop("Vroegsignalering %(month)s (activiteitsindex %(index)s): %(reasons)s")


def initiative_at_risk_signal(*, initiative: Initiative, reasons: str, index: int, month: str) -> None:
    """System: a measured early warning (F24, computed outside this app) marks the initiative at
    risk, the trigger of the continuity review (F2), and records the reasons in words in its
    history so the review starts from them. No actor: the scheduler raises it."""
    with transaction.atomic():
        initiative.at_risk = True
        initiative.save(update_fields=["at_risk"])
        InitiativeStatusChange.objects.create(
            initiative=initiative, from_status=initiative.status, to_status=initiative.status, actor=None,
            actor_label="Vroegsignalering", reason=EARLY_WARNING_REASON,
            reason_params={"month": month, "index": index, "reasons": reasons}, public=False,
        )
        audit_record(actor=None, action="initiative.early_warning", obj=initiative,
                     detail={"month": month, "index": index, "reasons": reasons})

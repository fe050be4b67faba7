"""Services: the life cycle from application to active, and who may do what."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from buurtpreventie.initiatives import services
from buurtpreventie.initiatives.models import (
    Application,
    ApplicationStatus,
    InitiativeKind,
    InitiativeStatus,
    InitiativeStatusChange,
    Membership,
    Party,
    RegistrationMoment,
)
from buurtpreventie.testing.factories import InitiativeFactory, WijkFactory
from buurtpreventie.testing.helpers import make_member, make_professional

pytestmark = pytest.mark.django_db

AGREEMENT = {
    "citizens_roles": "Signaleren en melden.",
    "professionals_roles": "Terugkoppelen binnen twee weken.",
    "offered": "Hesjes — omdat herkenbaar veilig is.",
    "not_offered": "Geen portofoons.",
    "action_points": "Eerste ronde met de wijkagent\nEvaluatie na een half jaar",
}


def _apply(municipality: Any, wijk: Any, **kwargs: Any) -> Application:
    data = {
        "municipality": municipality,
        "kind": "start",
        "full_name": "Anna de Vries",
        "email": "anna@example.org",
        "motivation": "Veel inbraken in de straat.",
        "wijk": wijk,
        "proposed_name": "Team Oud-West",
    }
    data.update(kwargs)
    return services.application_submit(**data)


def _to_agreement(application: Application, officer: Any) -> None:
    services.application_intake_plan(
        actor=officer, application=application, intake_at=timezone.now() + timedelta(days=2)
    )
    services.application_intake_record(
        actor=officer,
        application=application,
        intake_notes="Goed gesprek.",
        intake_why="Samen met buren iets doen.",
        needs_training=True,
        needs_vog=False,
    )
    services.application_decide(actor=officer, application=application, accept=True, reason="Past bij het beleidsdoel.")


def test_full_flow_from_application_to_active(
    municipality: Any, wijk: Any, safety_officer: Any, wijkagent: Any, django_capture_on_commit_callbacks: Any
) -> None:
    RegistrationMoment.objects.create(
        municipality=municipality,
        title="Voorjaar",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + timedelta(days=10),
    )
    with django_capture_on_commit_callbacks(execute=True):
        application = _apply(municipality, wijk)
    initiative = application.initiative
    assert initiative is not None and initiative.status == InitiativeStatus.APPLIED
    assert application.moment is not None and application.moment.title == "Voorjaar"
    assert mail.outbox[-1].to == ["anna@example.org"]
    assert application.token in mail.outbox[-1].body

    with django_capture_on_commit_callbacks(execute=True):
        _to_agreement(application, safety_officer)
    initiative.refresh_from_db()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.decided_by == safety_officer
    assert initiative.status == InitiativeStatus.AGREEMENT
    assert len(mail.outbox) == 3  # received, intake invitation, decision

    agreement = services.agreement_create(actor=safety_officer, initiative=initiative, **AGREEMENT)
    assert agreement.version == 1
    with pytest.raises(ValidationError):
        services.initiative_status_set(
            actor=safety_officer, initiative=initiative, status=InitiativeStatus.ACTIVE, reason="Start"
        )
    services.agreement_accept(actor=safety_officer, agreement=agreement, party=Party.CITIZENS, signed_by_name="Anna")
    services.agreement_accept(
        actor=safety_officer, agreement=agreement, party=Party.MUNICIPALITY, signed_by_name="Olga"
    )
    services.agreement_accept(actor=wijkagent, agreement=agreement, party=Party.POLICE, signed_by_name="Willem")
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_status_set(
            actor=safety_officer, initiative=initiative, status=InitiativeStatus.ACTIVE, reason="Convenant getekend."
        )
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.ACTIVE
    lead = Membership.objects.get(initiative=initiative)
    assert lead.role == "coordinator" and lead.user.email == "anna@example.org"
    assert not lead.user.has_usable_password()
    statuses = [c.to_status for c in initiative.status_changes.all() if c.from_status != c.to_status]
    assert statuses == ["applied", "intake", "agreement", "active"]
    assert all(c.reason for c in initiative.status_changes.all())
    assert "wachtwoord" in mail.outbox[-1].body
    # A personal set-password link: the general reset form ignores accounts without a usable
    # password, so pointing there would leave the new coordinator locked out.
    import re

    from django.contrib.auth.tokens import default_token_generator

    found = re.search(r"/wachtwoord-herstellen/[^/\s]+/([^/\s]+)/", str(mail.outbox[-1].body))
    assert found and default_token_generator.check_token(lead.user, found.group(1))


def test_history_rows_are_append_only(team: Any, safety_officer: Any) -> None:
    change = services.initiative_status_set(
        actor=safety_officer, initiative=team, status=InitiativeStatus.DORMANT, reason="Even rust."
    )
    change.reason = "anders"
    with pytest.raises(ValueError):
        change.save()
    with pytest.raises(ValueError):
        change.delete()
    assert InitiativeStatusChange.objects.get(pk=change.pk).reason == "Even rust."


def test_invalid_transition_and_missing_reason_are_refused(team: Any, safety_officer: Any) -> None:
    with pytest.raises(ValidationError):
        services.initiative_status_set(
            actor=safety_officer, initiative=team, status=InitiativeStatus.APPLIED, reason="terug"
        )
    with pytest.raises(ValidationError):
        services.initiative_status_set(
            actor=safety_officer, initiative=team, status=InitiativeStatus.DORMANT, reason=" "
        )
    services.initiative_status_set(
        actor=safety_officer, initiative=team, status=InitiativeStatus.STOPPED, reason="Gestopt."
    )
    with pytest.raises(ValidationError):
        services.initiative_status_set(
            actor=safety_officer, initiative=team, status=InitiativeStatus.ACTIVE, reason="Toch weer"
        )


@pytest.mark.parametrize(
    "who", ["coordinator", "member", "wijkagent", "dispatcher", "other_safety_officer", "anonymous"]
)
def test_only_own_safety_officer_runs_intake_and_life_cycle(
    request: Any, who: str, municipality: Any, wijk: Any, team: Any
) -> None:
    from django.contrib.auth.models import AnonymousUser

    # Any: the point is to hand the services an anonymous user, which their types forbid.
    actor: Any = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    application = _apply(municipality, wijk)
    with pytest.raises(PermissionDenied):
        services.application_intake_plan(actor=actor, application=application, intake_at=timezone.now())
    with pytest.raises(PermissionDenied):
        services.application_decide(actor=actor, application=application, accept=True, reason="ok")
    with pytest.raises(PermissionDenied):
        services.initiative_status_set(actor=actor, initiative=team, status=InitiativeStatus.DORMANT, reason="x")
    with pytest.raises(PermissionDenied):
        services.agreement_create(actor=actor, initiative=team, **AGREEMENT)
    with pytest.raises(PermissionDenied):
        services.policy_goal_save(
            actor=actor,
            municipality=municipality,
            initiative=None,
            goal_type="problems",
            description="x",
            indicators="y",
            review_on=timezone.localdate(),
        )


def test_coordinator_decides_join_applications_for_own_team_only(
    municipality: Any, wijk: Any, team: Any, other_team: Any, coordinator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    coordinator.email = "coord@example.org"
    coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        own = _apply(municipality, wijk, kind="join", initiative=team)
    assert any(m.to == ["coord@example.org"] and f"/initiatieven/aanmeldingen/{own.pk}/" in m.body for m in mail.outbox)
    assert not any(m.to == ["coord@example.org"] and "anna@example.org" in m.body for m in mail.outbox)
    other = _apply(municipality, wijk, kind="join", initiative=other_team, email="b@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(actor=coordinator, application=own, accept=True, reason="Welkom!")
    assert any(m.to == ["coord@example.org"] and "anna@example.org" in m.body for m in mail.outbox)
    with pytest.raises(PermissionDenied):
        services.application_decide(actor=coordinator, application=other, accept=True, reason="Welkom!")


def test_join_requires_active_initiative_of_same_municipality(
    municipality: Any, other_municipality: Any, wijk: Any
) -> None:
    foreign = InitiativeFactory(municipality=other_municipality)
    with pytest.raises(ValidationError):
        _apply(municipality, wijk, kind="join", initiative=foreign)
    applied = InitiativeFactory(municipality=municipality, status=InitiativeStatus.APPLIED)
    with pytest.raises(ValidationError):
        _apply(municipality, wijk, kind="join", initiative=applied)


def test_agreement_versions_and_acceptance_rules(
    team: Any, safety_officer: Any, coordinator: Any, member: Any, wijkagent: Any, other_safety_officer: Any
) -> None:
    v1 = services.agreement_create(actor=safety_officer, initiative=team, **AGREEMENT)
    with pytest.raises(PermissionDenied):
        services.agreement_accept(actor=member, agreement=v1, party=Party.CITIZENS, signed_by_name="Lid")
    with pytest.raises(PermissionDenied):
        services.agreement_accept(actor=coordinator, agreement=v1, party=Party.MUNICIPALITY, signed_by_name="C")
    with pytest.raises(PermissionDenied):
        services.agreement_accept(actor=wijkagent, agreement=v1, party=Party.MUNICIPALITY, signed_by_name="W")
    with pytest.raises(PermissionDenied):
        services.agreement_accept(
            actor=other_safety_officer, agreement=v1, party=Party.MUNICIPALITY, signed_by_name="X"
        )
    services.agreement_accept(actor=coordinator, agreement=v1, party=Party.CITIZENS, signed_by_name="Coördinator")
    with pytest.raises(ValidationError):
        services.agreement_accept(actor=coordinator, agreement=v1, party=Party.CITIZENS, signed_by_name="again")
    v2 = services.agreement_create(actor=safety_officer, initiative=team, **{**AGREEMENT, "offered": "Meer"})
    assert v2.version == 2
    assert v1.acceptances.count() == 1 and v2.acceptances.count() == 0
    with pytest.raises(ValidationError):
        services.agreement_accept(actor=safety_officer, agreement=v1, party=Party.MUNICIPALITY, signed_by_name="O")


def test_wijkagent_of_another_wijk_cannot_accept_for_police(municipality: Any, team: Any, safety_officer: Any) -> None:
    elsewhere = WijkFactory(municipality=municipality, code="WK026809", name="Noord")
    agent = make_professional("wijkagent", municipality, wijk=elsewhere, username="agent-noord")
    agreement = services.agreement_create(actor=safety_officer, initiative=team, **AGREEMENT)
    with pytest.raises(PermissionDenied):
        services.agreement_accept(actor=agent, agreement=agreement, party=Party.POLICE, signed_by_name="A")


def test_coordinator_manages_own_members_not_other_team(
    team: Any, other_team: Any, coordinator: Any, member: Any
) -> None:
    membership = services.membership_add(
        actor=coordinator, initiative=team, email="nieuw@example.org", full_name="Nieuw Lid"
    )
    assert membership.role == "member"
    services.training_record(
        actor=coordinator, membership=membership, kind="acute_danger", completed_on=timezone.localdate()
    )
    issue = services.equipment_issue(
        actor=coordinator, membership=membership, item="Hesje", issued_on=timezone.localdate()
    )
    services.equipment_return(actor=coordinator, issue=issue)
    services.membership_end(actor=coordinator, membership=membership, reason="Verhuisd")
    membership.refresh_from_db()
    assert membership.left_on == timezone.localdate()
    assert not Membership.objects.current().filter(pk=membership.pk).exists()
    with pytest.raises(PermissionDenied):
        services.membership_add(actor=coordinator, initiative=other_team, email="x@example.org", full_name="X")
    with pytest.raises(PermissionDenied):
        services.membership_add(
            actor=coordinator, initiative=team, email="y@example.org", full_name="Y", role="coordinator"
        )
    own = Membership.objects.get(user=member, initiative=team)
    with pytest.raises(PermissionDenied):
        services.training_record(actor=member, membership=own, kind="acute_danger", completed_on=timezone.localdate())


def test_app_group_house_rules_require_adult(municipality: Any) -> None:
    group = InitiativeFactory(municipality=municipality, kind=InitiativeKind.APP_GROUP)
    user = make_member(group, username="appdeelnemer")
    membership = Membership.objects.get(user=user)
    with pytest.raises(ValidationError):
        services.house_rules_accept(actor=user, membership=membership, confirms_adult=False)
    acceptance = services.house_rules_accept(actor=user, membership=membership, confirms_adult=True)
    assert "SAAR" in acceptance.rules_text
    stranger = make_member(InitiativeFactory(municipality=municipality), username="vreemde")
    with pytest.raises(PermissionDenied):
        services.house_rules_accept(actor=stranger, membership=membership, confirms_adult=True)


def test_continuity_review_records_decision_and_changes_status(
    team: Any, safety_officer: Any, coordinator: Any
) -> None:
    services.initiative_at_risk_set(actor=coordinator, initiative=team, at_risk=True, reason="Weinig lopers")
    team.refresh_from_db()
    assert team.at_risk
    data: dict[str, Any] = {
        "trigger": "at_risk",
        "causes": "Te weinig leden",
        "solvable": False,
        "solvable_how": "",
        "goal_reached": "Deels",
        "reachable_without": "Ja, met de appgroep",
        "decision": "dormant",
        "decision_reason": "Even rust",
    }
    with pytest.raises(PermissionDenied):
        services.continuity_review_record(actor=coordinator, initiative=team, **data)
    review = services.continuity_review_record(actor=safety_officer, initiative=team, **data)
    team.refresh_from_db()
    assert team.status == InitiativeStatus.DORMANT and not team.at_risk
    assert review.decided_by == safety_officer
    assert team.status_changes.last().reason.startswith("Continu")


def test_meeting_invitations_and_attendance(
    municipality: Any, team: Any, coordinator: Any, safety_officer: Any, other_safety_officer: Any
) -> None:
    moment = services.moment_save(
        actor=safety_officer,
        municipality=municipality,
        title="Najaar",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + timedelta(days=5),
        info_meeting_at=timezone.now() + timedelta(days=3),
        info_meeting_location="Stadhuis",
        description="",
    )
    assert services.meeting_invite_coordinators(actor=safety_officer, moment=moment) == 1
    assert services.meeting_invite_coordinators(actor=safety_officer, moment=moment) == 0
    services.meeting_attendance_record(actor=safety_officer, moment=moment, present_user_ids={coordinator.pk})
    assert moment.invitations.get().attended is True
    with pytest.raises(PermissionDenied):
        services.meeting_invite_coordinators(actor=other_safety_officer, moment=moment)
    with pytest.raises(ValidationError):
        services.moment_save(
            actor=safety_officer,
            municipality=municipality,
            title="Fout",
            opens_on=timezone.localdate(),
            closes_on=timezone.localdate() - timedelta(days=1),
            info_meeting_at=None,
            info_meeting_location="",
            description="",
        )


def test_involvement_only_for_police_or_boa(
    municipality: Any, team: Any, wijk: Any, safety_officer: Any, wijkagent: Any, dispatcher: Any
) -> None:
    involvement = services.involvement_record(
        actor=safety_officer,
        municipality=municipality,
        professional=wijkagent,
        initiative=team,
        wijken=[wijk],
        attitude="Positief",
        setup_wishes="",
        needs="Verslagen",
        objections="Niet zelf ingrijpen",
        objections_resolution="In convenant",
    )
    assert list(involvement.wijken.all()) == [wijk]
    with pytest.raises(ValidationError):
        services.involvement_record(
            actor=safety_officer,
            municipality=municipality,
            professional=dispatcher,
            initiative=team,
            wijken=[],
            attitude="",
            setup_wishes="",
            needs="",
            objections="",
            objections_resolution="",
        )
    with pytest.raises(PermissionDenied):
        services.involvement_record(
            actor=dispatcher,
            municipality=municipality,
            professional=wijkagent,
            initiative=team,
            wijken=[],
            attitude="",
            setup_wishes="",
            needs="",
            objections="",
            objections_resolution="",
        )


def test_update_area_refuses_foreign_wijk(team: Any, coordinator: Any, other_municipality: Any) -> None:
    foreign = WijkFactory(municipality=other_municipality, code="WK036101")
    with pytest.raises(ValidationError):
        services.initiative_update(
            actor=coordinator,
            initiative=team,
            name=team.name,
            kind=team.kind,
            wijken=[foreign],
            buurten=[],
            area_geometry=None,
            public_description="",
            how_to_join="",
        )
    with pytest.raises(PermissionDenied):
        services.initiative_update(
            actor=coordinator,
            initiative=team,
            name=team.name,
            kind=InitiativeKind.APP_GROUP,
            wijken=[],
            buurten=[],
            area_geometry=None,
            public_description="",
            how_to_join="",
        )


def test_history_reads_in_the_readers_language(municipality: Any, wijk: Any, safety_officer: Any) -> None:
    from django.utils import translation

    application = _apply(municipality, wijk)
    services.application_intake_plan(actor=safety_officer, application=application,
                                     intake_at=timezone.now() + timedelta(days=1))
    first, second = application.initiative.status_changes.all()
    with translation.override("en"):
        assert first.display_reason() == "Application received through the public page."
        assert second.display_reason().startswith("Intake conversation planned for ")
    with translation.override("nl"):
        assert second.display_reason().startswith("Intakegesprek gepland op ")

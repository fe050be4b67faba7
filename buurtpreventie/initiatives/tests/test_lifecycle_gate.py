"""One life-cycle gate: every path that changes an initiative's or application's status passes the
transition table and leaves exactly one history row; other paths are refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from buurtpreventie.initiatives import services
from buurtpreventie.initiatives.models import Application, ApplicationStatus, Initiative, InitiativeStatus
from buurtpreventie.testing.factories import InitiativeFactory, UserFactory

from .test_services import _apply

pytestmark = pytest.mark.django_db


def test_service_path_enforces_the_table_and_appends_history(team: Any, safety_officer: Any) -> None:
    before = team.status_changes.count()
    with pytest.raises(ValidationError):
        services.initiative_status_set(actor=safety_officer, initiative=team, status=InitiativeStatus.INTAKE,
                                       reason="Terug naar intake")
    team.refresh_from_db()
    assert team.status == InitiativeStatus.ACTIVE and team.status_changes.count() == before
    services.initiative_status_set(actor=safety_officer, initiative=team, status=InitiativeStatus.STOPPED,
                                   reason="Gestopt")
    assert team.status_changes.count() == before + 1
    with pytest.raises(ValidationError):  # stopped is final
        services.initiative_status_set(actor=safety_officer, initiative=team, status=InitiativeStatus.ACTIVE,
                                       reason="Toch weer")


def test_continuity_review_on_a_stopped_initiative_changes_nothing(team: Any, safety_officer: Any) -> None:
    services.initiative_status_set(actor=safety_officer, initiative=team, status=InitiativeStatus.STOPPED,
                                   reason="Gestopt")
    services.continuity_review_record(
        actor=safety_officer, initiative=team, trigger="at_risk", causes="-", solvable=None, solvable_how="",
        goal_reached="-", reachable_without="-", decision="dormant", decision_reason="Even rust",
    )
    team.refresh_from_db()
    assert team.status == InitiativeStatus.STOPPED
    last = team.status_changes.last()
    assert last.from_status == last.to_status == InitiativeStatus.STOPPED and not last.public


def test_direct_save_of_another_status_is_refused(team: Any) -> None:
    team.status = InitiativeStatus.DORMANT
    with pytest.raises(ValueError, match="life-cycle gate"):
        team.save()
    with pytest.raises(ValueError):
        _save_status(team.pk, InitiativeStatus.STOPPED)
    # Other fields still save as before; creating with a status is a birth, not a change.
    fresh = Initiative.objects.get(pk=team.pk)
    fresh.name = "Nieuwe naam"
    fresh.save()
    assert InitiativeFactory(status=InitiativeStatus.ACTIVE).pk


def _save_status(pk: int, status: str) -> None:
    item = Initiative.objects.get(pk=pk)
    item.status = status
    item.save(update_fields=["status"])


def test_admin_cannot_change_the_status(team: Any, client: Any) -> None:
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    from buurtpreventie.testing.helpers import login

    login(client, admin)
    page = client.get(f"/beheer/initiatives/initiative/{team.pk}/change/")
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()  # read-only: the gate is the only way


def test_application_paths_follow_the_table(municipality: Any, wijk: Any, safety_officer: Any) -> None:
    application = _apply(municipality, wijk)
    services.application_decide(actor=safety_officer, application=application, accept=False, reason="Geen ruimte")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    events = application.events.count()
    with pytest.raises(ValidationError):
        services.application_withdraw(application=application, token=application.token)
    with pytest.raises(ValidationError):
        services.application_decide(actor=safety_officer, application=application, accept=True, reason="Toch")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED and application.events.count() == events
    stored = Application.objects.get(pk=application.pk)
    stored.status = ApplicationStatus.ACCEPTED
    with pytest.raises(ValueError, match="life-cycle gate"):
        stored.save()


def test_withdrawal_moves_application_and_initiative_through_the_gate(municipality: Any, wijk: Any) -> None:
    application = _apply(municipality, wijk)
    services.application_withdraw(application=application, token=application.token)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    initiative = application.initiative
    assert initiative.status == InitiativeStatus.STOPPED
    assert [c.to_status for c in initiative.status_changes.all()] == [InitiativeStatus.APPLIED,
                                                                       InitiativeStatus.STOPPED]

"""One history selector decides what each reader sees of an initiative's life cycle."""

from __future__ import annotations

from typing import Any

import pytest

from buurtpreventie.accounts.models import User
from buurtpreventie.initiatives import services
from buurtpreventie.initiatives.models import Initiative, InitiativeStatus

pytestmark = pytest.mark.django_db

SECRET = "Coördinator drinkt tijdens rondes"


def _review(actor: User, team: Initiative, decision: str) -> None:
    services.continuity_review_record(
        actor=actor, initiative=team, trigger="at_risk", causes="Onrust", solvable=True, solvable_how="Gesprek",
        goal_reached="Deels", reachable_without="Nee", decision=decision, decision_reason=SECRET,
    )


@pytest.mark.parametrize("decision", ["support", "dormant"])
def test_internal_reason_of_a_review_is_not_shown_to_the_team(
    decision: str, team: Any, member: Any, coordinator: Any, safety_officer: Any, wijkagent: Any, client_for: Any
) -> None:
    _review(safety_officer, team, decision)
    for user in (member, coordinator):
        client = client_for(user)
        page = client.get(f"/initiatieven/{team.pk}/")
        assert page.status_code == 200
        assert SECRET not in page.content.decode()
        api = client.get(f"/api/initiatives/{team.pk}/history")
        assert api.status_code == 200
        assert SECRET not in api.content.decode()
    # The people who may read internal notes still see it.
    for user in (safety_officer, wijkagent):
        client = client_for(user)
        assert SECRET in client.get(f"/initiatieven/{team.pk}/").content.decode()
    history = client_for(safety_officer).get(f"/api/initiatives/{team.pk}/history").json()
    assert any(SECRET in row["reason"] for row in history) == (decision == "support")


def test_status_change_from_a_review_stays_visible_without_the_reason(
    team: Any, member: Any, safety_officer: Any, client_for: Any
) -> None:
    _review(safety_officer, team, "dormant")
    team.refresh_from_db()
    assert team.status == InitiativeStatus.DORMANT
    rows = client_for(member).get(f"/api/initiatives/{team.pk}/history").json()
    assert rows[-1]["to_status"] == "dormant"
    assert rows[-1]["reason"].startswith("Continu")

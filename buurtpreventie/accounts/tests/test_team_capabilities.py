"""Team roles are asked by capability; the leads of an initiative have one definition."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from buurtpreventie.accounts.policies import managed_team_ids, manages_team
from buurtpreventie.accounts.roles import ROLE_CAPABILITIES, Cap, team_roles_with
from buurtpreventie.initiatives.models import Membership
from buurtpreventie.testing.helpers import make_member

pytestmark = pytest.mark.django_db


def test_leads_are_the_team_roles_that_may_manage_the_team() -> None:
    assert team_roles_with(Cap.MANAGE_TEAM) == {"coordinator", "app_group_admin"}
    assert team_roles_with(Cap.PATROL) == {"member", "coordinator"}
    # A professional role that carried MANAGE_TEAM would still not be a team role.
    assert all(Cap.MANAGE_TEAM in ROLE_CAPABILITIES[r] for r in team_roles_with(Cap.MANAGE_TEAM))


def test_leads_queryset_and_policy_agree(team: Any, member: Any, coordinator: Any) -> None:
    former = make_member(team, role="coordinator", username="oud-coordinator")
    Membership.objects.filter(user=former).update(left_on=timezone.localdate() - timedelta(days=1))
    leads = set(Membership.objects.leads().filter(initiative=team).values_list("user_id", flat=True))
    assert leads == {coordinator.pk}
    assert manages_team(coordinator, team.pk) and team.pk in managed_team_ids(coordinator)
    assert not manages_team(member, team.pk)
    assert not manages_team(former, team.pk)

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from buurtpreventie.accounts.models import RoleGrant, User
from buurtpreventie.areas.models import Wijk

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent_and_has_every_role():
    call_command("load_demo", quiet=True)
    counts = (User.objects.count(), RoleGrant.objects.count(), Wijk.objects.count())
    call_command("load_demo", quiet=True)
    assert (User.objects.count(), RoleGrant.objects.count(), Wijk.objects.count()) == counts
    assert Wijk.objects.filter(municipality__code="GM0268").count() == 9
    roles = set(RoleGrant.objects.values_list("role", flat=True))
    assert {"resident", "wijkagent", "boa", "safety_officer", "dispatcher", "administrator"} <= roles
    assert User.objects.filter(username="lid", memberships__role="member").exists()
    assert User.objects.filter(username="coordinator", memberships__role="coordinator").exists()
    assert User.objects.filter(username="appbeheerder", memberships__role="app_group_admin").exists()


def test_load_demo_refused_in_production(settings):
    settings.BUURTPREVENTIE = {**settings.BUURTPREVENTIE, "ALLOW_DEMO_USERS": False}
    with pytest.raises(CommandError):
        call_command("load_demo", quiet=True, stdout=StringIO())


def test_load_demo_runs_again_after_rounds_were_planned_and_edited():
    """A second `make run` after trying the planner: no Round.MultipleObjectsReturned, no duplicates."""
    from datetime import timedelta

    from django.utils import timezone

    from buurtpreventie.patrols.models import Round
    from buurtpreventie.patrols.services import round_plan

    call_command("load_demo", quiet=True)
    coordinator = User.objects.get(username="coordinator")
    demo_round = Round.objects.get(meeting_point="Station Nijmegen, hoofdingang")
    team = demo_round.initiative
    start = timezone.now() + timedelta(days=3)
    mine = round_plan(actor=coordinator, initiative=team, planned_start=start, planned_end=start + timedelta(hours=2),
                      meeting_point="Station Nijmegen, hoofdingang")  # the same meeting point as the demo's
    Round.objects.filter(meeting_point="Kelfkensbos").update(meeting_point="Kelfkensbos, bij de bank")  # edited
    before = Round.objects.count()
    call_command("load_demo", quiet=True)
    assert Round.objects.count() == before
    mine.refresh_from_db()
    assert mine.planned_start == start  # what the user planned is left alone
    call_command("load_demo", quiet=True)
    assert Round.objects.count() == before



def _demo_team_and_coordinator() -> tuple[Any, Any]:
    from buurtpreventie.initiatives.models import Membership

    coordinator = User.objects.get(username="coordinator")
    return Membership.objects.current().get(user=coordinator, role="coordinator").initiative, coordinator


def test_load_demo_runs_again_after_a_member_left_and_came_back():
    """A second `make run` after a morning in the demo: a member left and was added again (two
    membership rows for one person, one ended), a round was planned and its meeting point edited.
    The seed must find its rows by key or by the current membership, never by what a user may
    change: no MultipleObjectsReturned, no second current membership, the user's edits stay."""
    from datetime import timedelta

    from django.utils import timezone

    from buurtpreventie.initiatives.models import Membership
    from buurtpreventie.initiatives.services.members import membership_add, membership_end
    from buurtpreventie.patrols.models import Round
    from buurtpreventie.patrols.services import round_plan

    call_command("load_demo", quiet=True)
    team, coordinator = _demo_team_and_coordinator()
    member = User.objects.get(username="lid")
    membership_end(actor=coordinator, membership=Membership.objects.current().get(user=member, initiative=team))
    membership_add(actor=coordinator, initiative=team, email=member.email, full_name=member.get_full_name())
    start = timezone.now() + timedelta(days=2)
    planned = round_plan(actor=coordinator, initiative=team, planned_start=start,
                         planned_end=start + timedelta(hours=2), meeting_point="Kelfkensbos")
    Round.objects.filter(pk=planned.pk).update(meeting_point="Kelfkensbos, bij de fontein")
    counts = (Round.objects.count(), Membership.objects.current().count())

    call_command("load_demo", quiet=True)  # must not raise

    assert (Round.objects.count(), Membership.objects.current().count()) == counts
    assert Membership.objects.current().filter(user=member, initiative=team).count() == 1
    assert Round.objects.get(pk=planned.pk).meeting_point == "Kelfkensbos, bij de fontein"


def test_load_demo_runs_again_after_the_team_was_renamed():
    """The coordinator may rename the team: a second run keeps using (and does not duplicate) it."""
    from buurtpreventie.initiatives.models import Initiative, Membership
    from buurtpreventie.initiatives.services.lifecycle import initiative_update

    call_command("load_demo", quiet=True)
    team, coordinator = _demo_team_and_coordinator()
    initiative_update(actor=coordinator, initiative=team, name="Buurtpreventie Binnenstad Nijmegen", kind=team.kind,
                      wijken=list(team.wijken.all()), buurten=list(team.buurten.all()),
                      area_geometry=team.area_geometry, public_description=team.public_description,
                      how_to_join=team.how_to_join)
    counts = (Initiative.objects.count(), Membership.objects.current().count())

    call_command("load_demo", quiet=True)

    assert (Initiative.objects.count(), Membership.objects.current().count()) == counts
    assert Initiative.objects.get(pk=team.pk).name == "Buurtpreventie Binnenstad Nijmegen"


def test_load_demo_runs_again_after_titles_were_edited():
    """Titles and descriptions are text people edit: a second run finds its rows by key, not by text."""
    from buurtpreventie.engagement.models import Event, Newsletter
    from buurtpreventie.initiatives.models import PolicyGoal, RegistrationMoment

    call_command("load_demo", quiet=True)
    Event.objects.filter(title="Buurtpreventie-BBQ").update(title="Zomer-BBQ")
    RegistrationMoment.objects.filter(title="Aanmeldronde voorjaar").update(title="Aanmeldronde april")
    Newsletter.objects.update(title="Nieuwsbrief oktober")
    PolicyGoal.objects.filter(goal_type="problems").update(description="Minder inbraken.")
    models = (Event, Newsletter, RegistrationMoment, PolicyGoal)
    counts = [m.objects.count() for m in models]

    call_command("load_demo", quiet=True)

    assert [m.objects.count() for m in models] == counts
    assert Event.objects.filter(title="Zomer-BBQ").exists()
    assert not Event.objects.filter(title="Buurtpreventie-BBQ").exists()
    assert RegistrationMoment.objects.filter(title="Aanmeldronde april").exists()

from __future__ import annotations

from io import StringIO

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

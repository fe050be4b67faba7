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

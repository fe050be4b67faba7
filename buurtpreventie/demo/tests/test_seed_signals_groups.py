from __future__ import annotations

import pytest
from django.core.management import call_command

from buurtpreventie.feedback.models import Feedback
from buurtpreventie.groups.models import Broadcast, InviteLink
from buurtpreventie.initiatives.models import Membership
from buurtpreventie.signals.models import Signal

pytestmark = pytest.mark.django_db


def test_demo_has_an_app_group_with_members_signals_and_feedback() -> None:
    call_command("load_demo", quiet=True)
    call_command("load_demo", quiet=True)  # idempotent
    group_members = Membership.objects.filter(initiative__name="Buurtapp Binnenstad-West")
    assert group_members.count() == 3 and group_members.filter(role="app_group_admin").exists()
    assert Signal.objects.count() == 5
    assert Feedback.objects.filter(signal__isnull=False).count() == 3
    assert Signal.objects.filter(defect__isnull=False).exists()
    assert Broadcast.objects.count() == 1 and InviteLink.objects.count() == 1
    from buurtpreventie.groups.models import Activity

    assert Activity.objects.filter(done_at__isnull=False).count() == 1 and Activity.objects.count() == 2

from __future__ import annotations

import pytest

from buurtpreventie.accounts.policies import has_capability, municipality_ids_with, wijk_scope
from buurtpreventie.accounts.roles import Cap
from buurtpreventie.testing.factories import WijkFactory
from buurtpreventie.testing.helpers import make_professional

pytestmark = pytest.mark.django_db


def test_wijkagent_capabilities_are_scoped_to_municipality_and_wijk(wijkagent, municipality, other_municipality, wijk):
    other_wijk = WijkFactory(municipality=municipality)
    assert has_capability(wijkagent, Cap.SEND_ALERT, municipality_id=municipality.pk)
    assert has_capability(wijkagent, Cap.VIEW_AREA_REPORTS, municipality_id=municipality.pk, wijk_id=wijk.pk)
    assert not has_capability(wijkagent, Cap.VIEW_AREA_REPORTS, municipality_id=municipality.pk, wijk_id=other_wijk.pk)
    assert not has_capability(wijkagent, Cap.SEND_ALERT, municipality_id=other_municipality.pk)
    assert not has_capability(wijkagent, Cap.MANAGE_BUDGETS, municipality_id=municipality.pk)
    assert wijk_scope(wijkagent, Cap.VIEW_AREA_REPORTS, municipality_id=municipality.pk) == {wijk.pk}


def test_municipality_wide_grant_covers_every_wijk(safety_officer, municipality, wijk):
    assert wijk_scope(safety_officer, Cap.VIEW_AREA_REPORTS, municipality_id=municipality.pk) is None
    assert municipality_ids_with(safety_officer, Cap.MANAGE_INITIATIVES) == {municipality.pk}


def test_member_has_team_capabilities_only_in_their_municipality(member, municipality, other_municipality):
    assert has_capability(member, Cap.FILE_REPORT, municipality_id=municipality.pk)
    assert not has_capability(member, Cap.FILE_REPORT, municipality_id=other_municipality.pk)
    assert not has_capability(member, Cap.VIEW_AREA_REPORTS)
    assert not has_capability(member, Cap.SEND_ALERT)


def test_anonymous_has_nothing(municipality):
    from django.contrib.auth.models import AnonymousUser

    assert not has_capability(AnonymousUser(), Cap.ANSWER_SURVEY)


def test_revoked_grant_gives_nothing(municipality):
    from django.utils import timezone

    user = make_professional("dispatcher", municipality)
    user.grants.update(revoked_at=timezone.now())
    user.__dict__.pop("_grant_cache", None)
    assert not has_capability(user, Cap.SEND_ALERT, municipality_id=municipality.pk)

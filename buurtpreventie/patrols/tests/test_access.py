"""One rule per aggregate: the list rule and the object rule of rounds and reports agree."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from buurtpreventie.patrols.selectors import access_round, rounds_visible_to
from buurtpreventie.testing.factories import InitiativeFactory, RoundFactory, WijkFactory
from buurtpreventie.testing.helpers import make_professional

pytestmark = pytest.mark.django_db


def test_round_for_the_whole_team_area_is_visible_in_list_and_detail_alike(
    municipality: Any, wijk: Any, team: Any, wijkagent: Any, member: Any, other_safety_officer: Any, client_for: Any
) -> None:
    elsewhere = WijkFactory(municipality=municipality, code="WK026899", name="Elders")
    far_team = InitiativeFactory(municipality=municipality, name="Team Ver", wijken=[elsewhere])
    area_round = RoundFactory(initiative=team, wijk=None)  # the team's whole area: wijk is empty
    far_round = RoundFactory(initiative=far_team, wijk=None)
    other_agent = make_professional("wijkagent", municipality, wijk=elsewhere, username="agent-elders")
    for user, visible in ((wijkagent, {area_round}), (member, {area_round}),
                          (other_agent, {far_round}), (other_safety_officer, set())):
        listed = set(rounds_visible_to(user=user).filter(pk__in=[area_round.pk, far_round.pk]))
        assert listed == visible, user
        for rnd in (area_round, far_round):
            if rnd in visible:
                assert access_round(user=user, pk=rnd.pk) == rnd
                assert client_for(user).get(f"/rondes/{rnd.pk}/").status_code == 200
                assert client_for(user).get(f"/api/patrols/rounds/{rnd.pk}").status_code == 200
            else:
                with pytest.raises(Http404):
                    access_round(user=user, pk=rnd.pk)
                assert client_for(user).get(f"/rondes/{rnd.pk}/").status_code == 404
                assert client_for(user).get(f"/api/patrols/rounds/{rnd.pk}").status_code == 404
        api_ids = {r["id"] for r in client_for(user).get("/api/patrols/rounds").json()}
        assert api_ids == {r.pk for r in visible}

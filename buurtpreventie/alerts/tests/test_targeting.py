from __future__ import annotations

import math

import pytest

from buurtpreventie.alerts.models import HomeLocation
from buurtpreventie.alerts.targeting import AlertArea, home_locations_within, select_targets
from buurtpreventie.core.geo import EARTH_RADIUS_M, haversine_m
from buurtpreventie.testing.factories import InitiativeFactory, WijkFactory
from buurtpreventie.testing.helpers import make_member

from .conftest import CENTRE, EAST_POINT, start_round

pytestmark = pytest.mark.django_db


def ids(result):
    return {t.user_id for t in result.targets}


def test_circle_reaches_walkers_inside_and_not_outside(municipality, team, member, east_team, east_member, east_wijk):
    start_round(team, [member], at=CENTRE)
    start_round(east_team, [east_member], at=EAST_POINT)
    result = select_targets(municipality_id=municipality.pk, area=AlertArea(lat=CENTRE[0], lon=CENTRE[1], radius_m=500))
    assert ids(result) == {member.pk}
    assert [t["initiative"].pk for t in result.teams] == [team.pk]
    assert result.teams[0]["walkers"] == 1


def test_circle_edge_is_inside_and_just_beyond_is_outside(municipality, team, member, walker2):
    # A walker exactly 1000 m north (same Earth radius as the box) and one 1001 m north.
    dlat = math.degrees(999.99 / EARTH_RADIUS_M)
    dlat_out = math.degrees(1001 / EARTH_RADIUS_M)
    start_round(team, [member], at=(CENTRE[0] + dlat, CENTRE[1]))
    other = InitiativeFactory(municipality=municipality, name="Ander team")
    start_round(other, [walker2], at=(CENTRE[0] + dlat_out, CENTRE[1]))
    result = select_targets(municipality_id=municipality.pk, area=AlertArea(lat=CENTRE[0], lon=CENTRE[1], radius_m=1000))
    assert ids(result) == {member.pk}


def test_polygon_inside_and_outside(municipality, team, member, east_team, east_member, east_wijk):
    start_round(team, [member], at=CENTRE)
    start_round(east_team, [east_member], at=EAST_POINT)
    polygon = {"type": "Polygon", "coordinates": [[[5.86, 51.84], [5.87, 51.84], [5.87, 51.85], [5.86, 51.85],
                                                   [5.86, 51.84]]]}
    result = select_targets(municipality_id=municipality.pk, area=AlertArea(polygon=polygon))
    assert ids(result) == {member.pk}


def test_wijk_area_reaches_rounds_in_that_wijk_only(municipality, wijk, team, member, east_team, east_member,
                                                     east_wijk):
    start_round(team, [member], at=None, wijk=wijk)  # no position shared: the round's wijk counts
    start_round(east_team, [east_member], at=EAST_POINT)
    result = select_targets(municipality_id=municipality.pk, area=AlertArea(wijk_id=east_wijk.pk))
    assert ids(result) == {east_member.pk}


def test_only_running_rounds(municipality, team, member, walker2):
    start_round(team, [member], at=CENTRE, status="planned")
    start_round(team, [walker2], at=CENTRE, status="ended")
    result = select_targets(municipality_id=municipality.pk, area=AlertArea(lat=CENTRE[0], lon=CENTRE[1], radius_m=800))
    assert ids(result) == set()


def test_never_another_municipality(municipality, other_municipality, team, member):
    other_wijk = WijkFactory(municipality=other_municipality, code="WK036101")
    other_team = InitiativeFactory(municipality=other_municipality, wijken=[other_wijk])
    outsider = make_member(other_team, username="alkmaarder")
    start_round(other_team, [outsider], at=CENTRE)  # same coordinates, other tenant
    HomeLocation.objects.create(user=outsider, municipality=other_municipality, lat=CENTRE[0], lon=CENTRE[1])
    result = select_targets(municipality_id=municipality.pk, area=AlertArea(lat=CENTRE[0], lon=CENTRE[1], radius_m=800),
                            include_coordinators=True, include_residents=True)
    assert outsider.pk not in ids(result)


def test_coordinators_and_opted_in_residents_are_optional(municipality, team, member, coordinator, walker2):
    start_round(team, [member], at=CENTRE)
    HomeLocation.objects.create(user=walker2, municipality=municipality, lat=CENTRE[0] + 0.001, lon=CENTRE[1])
    area = AlertArea(lat=CENTRE[0], lon=CENTRE[1], radius_m=500)
    assert ids(select_targets(municipality_id=municipality.pk, area=area)) == {member.pk}
    full = select_targets(municipality_id=municipality.pk, area=area, include_coordinators=True,
                          include_residents=True)
    assert ids(full) == {member.pk, coordinator.pk, walker2.pk}
    assert full.residents == 1 and full.coordinators == 1


def test_home_locations_exact_refine_matches_brute_force(municipality, team):
    import random

    rng = random.Random(7)
    users = [make_member(team, username=f"h{i}") for i in range(200)]
    for u in users:
        HomeLocation.objects.create(user=u, municipality=municipality, lat=CENTRE[0] + rng.uniform(-0.03, 0.03),
                                    lon=CENTRE[1] + rng.uniform(-0.05, 0.05))
    area = AlertArea(lat=CENTRE[0], lon=CENTRE[1], radius_m=1500)
    found = {u for u, _la, _lo in home_locations_within(area)}
    brute = {h.user_id for h in HomeLocation.objects.all() if haversine_m(CENTRE[0], CENTRE[1], h.lat, h.lon) <= 1500}
    assert found == brute and 0 < len(found) < 200


def test_everyone_is_reached_once_under_the_strongest_reason(municipality, team, member, walker2, coordinator):
    """A walker who also lives in the area and subscribed to it is reached once, as walker; a
    resident with a home and a subscription there, once as resident."""
    from buurtpreventie.alerts.models import AlertSubscription
    from buurtpreventie.alerts.recipients import payload_columns, pending_payload

    start_round(team, [member], at=CENTRE)
    for user in (member, walker2):
        HomeLocation.objects.create(user=user, municipality=municipality, lat=CENTRE[0] + 0.001, lon=CENTRE[1])
        AlertSubscription.objects.create(user=user, municipality=municipality, lat=CENTRE[0], lon=CENTRE[1],
                                         radius_m=500)
    result = select_targets(municipality_id=municipality.pk, area=AlertArea(lat=CENTRE[0], lon=CENTRE[1],
                                                                           radius_m=500),
                            include_coordinators=True, include_residents=True)
    assert sorted(result.user_ids) == sorted([member.pk, walker2.pk, coordinator.pk])
    assert result.people == 3 and result.residents == 1 and result.resident_ids == [walker2.pk]
    reasons = {t.user_id: t.reason for t in result.targets}
    assert reasons == {member.pk: "patrol", coordinator.pk: "coordinator", walker2.pk: "resident"}
    columns = payload_columns(pending_payload(result.named, result.resident_ids))
    assert sorted(zip(columns["u"], columns["r"], strict=True)) == sorted(reasons.items())

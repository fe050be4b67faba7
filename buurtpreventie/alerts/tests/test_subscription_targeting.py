"""Subscriptions (a point with a radius) reached by a circle: exactly the brute-force answer
(distance between the centres <= the two radii), per radius from the strip index in one query."""

from __future__ import annotations

import random

import pytest

from buurtpreventie.alerts.models import SUBSCRIPTION_RADII, AlertSubscription
from buurtpreventie.alerts.targeting import AlertArea, subscribers_within
from buurtpreventie.core.geo import haversine_m
from buurtpreventie.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_circle_reaches_exactly_the_overlapping_subscriptions(municipality, other_municipality):
    rng = random.Random(13)
    radii = [r for r, _label in SUBSCRIPTION_RADII]
    subs = []
    for i in range(300):
        # Around Nijmegen, across several ~3.4 km strips, some just outside every reach.
        sub = AlertSubscription(user=UserFactory(username=f"bewoner{i}"),
                                municipality=other_municipality if i % 10 == 0 else municipality,
                                lat=51.845 + rng.uniform(-0.06, 0.06), lon=5.865 + rng.uniform(-0.1, 0.1),
                                radius_m=rng.choice(radii))
        sub.save()  # coarse position and strip, as in production
        subs.append(sub)
    checked = 0
    for _ in range(12):
        lat, lon = 51.845 + rng.uniform(-0.03, 0.03), 5.865 + rng.uniform(-0.05, 0.05)
        radius = rng.choice([50, 300, 1000, 2500])
        expect = sorted(s.user_id for s in subs if s.municipality_id == municipality.pk
                        and haversine_m(lat, lon, s.lat, s.lon) <= radius + s.radius_m)
        got = subscribers_within(AlertArea(lat=lat, lon=lon, radius_m=radius), municipality_id=municipality.pk)
        assert got == expect
        checked += len(expect)
    assert checked > 100  # the circles did reach people


def test_a_subscription_at_exactly_the_reach_counts(municipality):
    sub = AlertSubscription(user=UserFactory(username="rand"), municipality=municipality, lat=51.845, lon=5.9,
                            radius_m=500)
    sub.save()
    distance = haversine_m(51.845, 5.865, sub.lat, sub.lon)
    area = AlertArea(lat=51.845, lon=5.865, radius_m=distance - 500)
    assert subscribers_within(area, municipality_id=municipality.pk) == [sub.user_id]
    area = AlertArea(lat=51.845, lon=5.865, radius_m=distance - 500.01)
    assert subscribers_within(area, municipality_id=municipality.pk) == []

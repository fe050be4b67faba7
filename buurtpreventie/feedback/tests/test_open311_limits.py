"""Open311 POST is limited per api_key (issue 9): 429 with Retry-After; another key is not affected."""

from __future__ import annotations

import pytest
from django.test import Client

from buurtpreventie.core.ratelimit import reset
from buurtpreventie.feedback.models import Open311Key

pytestmark = pytest.mark.django_db


def test_posts_limited_per_key(municipality, wijk, settings):
    settings.OPEN311_POSTS_PER_HOUR = 2
    keys = [Open311Key.objects.create(municipality=municipality, name="app", key="k-1"),
            Open311Key.objects.create(municipality=municipality, name="other", key="k-2")]
    for key in keys:  # the cache may be shared with earlier tests (Redis)
        reset(f"open311:key:{key.pk}", window=3600)
    data = {"jurisdiction_id": "GM0268", "service_code": "street_light", "lat": "51.845", "long": "5.865",
            "description": "Lamp kapot"}
    client = Client()
    codes = [client.post("/open311/v2/requests.json", {**data, "api_key": "k-1"},
                         HTTP_X_FORWARDED_FOR=f"10.0.0.{i}").status_code for i in range(3)]
    assert codes[:2] != [429, 429] and codes[2] == 429
    limited = client.post("/open311/v2/requests.json", {**data, "api_key": "k-1"})
    assert int(limited["Retry-After"]) >= 1 and limited.json()[0]["code"] == 429
    assert client.post("/open311/v2/requests.json", {**data, "api_key": "k-2"}).status_code != 429
    for key in keys:
        reset(f"open311:key:{key.pk}", window=3600)

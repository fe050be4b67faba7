"""JSON API: limits per user (429 + Retry-After) and the standard error answers in the OpenAPI document."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory

from buurtpreventie.api.input import ApiThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_counters(member):
    """Only this test's counters: the cache may be shared with parallel tests (Redis)."""
    keys = [f"throttle_api-user_user:{member.pk}"]
    cache.delete_many(keys)
    yield
    cache.delete_many(keys)


def _use_up(user):
    request = RequestFactory().get("/api/patrols/rounds")
    request.user = user
    throttle = ApiThrottle(settings.API_RATE_PER_USER, scope="api-user")
    while throttle.allow_request(request):
        pass


def test_api_limited_per_user_with_retry_after(client_for, member, coordinator):
    client = client_for(member)
    assert client.get("/api/patrols/rounds").status_code == 200
    _use_up(member)
    # A different (spoofed) address does not help: the limit is per user
    limited = client.get("/api/patrols/rounds", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert limited.status_code == 429 and int(limited["Retry-After"]) >= 1
    assert client_for(coordinator).get("/api/patrols/rounds").status_code == 200  # others are not affected


def test_openapi_lists_error_answers(client_for, member):
    doc = client_for(member).get("/api/openapi.json").json()
    for path_item in doc["paths"].values():
        for operation in path_item.values():
            assert {"401", "403", "404", "422", "429"} <= {str(c) for c in operation["responses"]}

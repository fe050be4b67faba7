"""JSON API: limits per user (429 + Retry-After) and the standard error answers in the OpenAPI document."""

from __future__ import annotations

import os
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.test import RequestFactory

from buurtpreventie.api.input import ApiThrottle
from buurtpreventie.core.cache import RedisCache


@pytest.fixture(autouse=True)
def _clean_counters(request):
    """Only this test's counters: the cache may be shared with parallel tests (Redis)."""
    if "member" not in request.fixturenames:
        yield
        return
    member = request.getfixturevalue("member")
    keys = [f"throttle-log_api-user_user:{member.pk}"]
    cache.delete_many(keys)
    yield
    cache.delete_many(keys)


def _use_up(user):
    request = RequestFactory().get("/api/patrols/rounds")
    request.user = user
    throttle = ApiThrottle(settings.API_RATE_PER_USER, scope="api-user")
    while throttle.allow_request(request):
        pass


@pytest.mark.django_db
def test_api_limited_per_user_with_retry_after(client_for, member, coordinator):
    client = client_for(member)
    assert client.get("/api/patrols/rounds").status_code == 200
    _use_up(member)
    # A different (spoofed) address does not help: the limit is per user
    limited = client.get("/api/patrols/rounds", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert limited.status_code == 429 and int(limited["Retry-After"]) >= 1
    assert client_for(coordinator).get("/api/patrols/rounds").status_code == 200  # others are not affected


@pytest.mark.django_db
def test_openapi_lists_error_answers(client_for, member):
    doc = client_for(member).get("/api/openapi.json").json()
    for path_item in doc["paths"].values():
        for operation in path_item.values():
            assert {"401", "403", "404", "422", "429"} <= {str(c) for c in operation["responses"]}


# --- the counter itself, on both kinds of cache -------------------------------------------------

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/7"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.25

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["redis", "locmem"])
def counter_cache(request):
    backend: BaseCache
    if request.param == "redis":
        backend = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-throttle-{os.getpid()}-{uuid.uuid4().hex[:8]}"})
    else:
        backend = LocMemCache(f"throttle-{uuid.uuid4().hex}", {})
    yield backend
    backend.delete_many([f"throttle-log_api-user_user:{n}" for n in range(1, 4)])


def _throttle(backend, rate="3/10s", clock=None):
    throttle = ApiThrottle(rate, scope="api-user")
    throttle.cache = backend
    throttle.clock = clock or Clock()
    return throttle


def _request_by(user_id):
    request = RequestFactory().post("/api/patrols/reports")
    request.user = SimpleNamespace(pk=user_id, is_authenticated=True)  # type: ignore[assignment]
    return request


def test_at_most_n_in_any_period_and_the_wait_until_the_oldest_leaves(counter_cache):
    clock = Clock()
    throttle = _throttle(counter_cache, "3/10s", clock)
    request = _request_by(1)
    for _ in range(3):
        assert throttle.allow_request(request) and throttle.wait() is None
        clock.now += 2
    assert not throttle.allow_request(request)  # 3 requests within the last 10 s
    assert throttle.wait() == pytest.approx(10 - 6)  # the first one leaves the window 4 s from now
    clock.now += 4  # exactly `period` after the first: it no longer counts (ninja's `<=`)
    assert throttle.allow_request(request)
    assert not throttle.allow_request(request) and throttle.wait() == pytest.approx(2)
    assert throttle.allow_request(_request_by(2))  # another member has a counter of their own


def test_a_limit_of_zero_refuses_with_a_whole_period_to_wait(counter_cache):
    throttle = _throttle(counter_cache, "0/m")
    assert not throttle.allow_request(_request_by(1)) and throttle.wait() == pytest.approx(60)


def test_a_refused_request_is_not_counted(counter_cache):
    clock = Clock()
    throttle = _throttle(counter_cache, "2/10s", clock)
    request = _request_by(3)
    assert throttle.allow_request(request) and throttle.allow_request(request)
    for _ in range(5):
        assert not throttle.allow_request(request)
    clock.now += 10
    assert throttle.allow_request(request) and throttle.allow_request(request)  # refusals did not pile up


def test_redis_counts_atomically_across_threads():
    """50 callers at once on a limit of 20: exactly 20 pass (ninja's read-and-write lets more through)."""
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-throttle-race-{os.getpid()}-{uuid.uuid4().hex[:8]}"})
    throttle = _throttle(backend, "20/m", clock=time.time)
    request = _request_by(1)
    start = threading.Barrier(10)

    def calls(_n):
        start.wait()
        return sum(throttle.allow_request(request) for _ in range(5))

    with ThreadPoolExecutor(max_workers=10) as pool:
        assert sum(pool.map(calls, range(10))) == 20
    backend.delete("throttle-log_api-user_user:1")


def test_wait_answers_for_the_thread_that_was_refused(counter_cache):
    clock = Clock()
    throttle = _throttle(counter_cache, "1/10s", clock)
    assert throttle.allow_request(_request_by(1))
    assert not throttle.allow_request(_request_by(1))
    refused_wait = throttle.wait()
    with ThreadPoolExecutor(max_workers=1) as pool:  # meanwhile another request passes in another thread
        assert pool.submit(throttle.allow_request, _request_by(2)).result()
    assert throttle.wait() == refused_wait == pytest.approx(10)


def test_the_redis_counter_lives_under_the_deployments_prefix():
    prefix = f"test-throttle-prefix-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    assert _throttle(backend).allow_request(_request_by(1))
    client = backend._cache.get_client(write=True)
    keys = [key.decode() for key in client.scan_iter(match=f"{prefix}:*")]
    assert keys == [f"{prefix}:1:throttle-log_api-user_user:1"] and client.type(keys[0]) == b"zset"
    backend.delete("throttle-log_api-user_user:1")

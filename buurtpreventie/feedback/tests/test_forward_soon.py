"""New defects are forwarded by one sweep per second per process, and one attempt at a time."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from buurtpreventie.core import scheduling
from buurtpreventie.feedback import forwarding
from buurtpreventie.feedback.models import ForwardEndpoint
from buurtpreventie.feedback.tasks import forward_due_task
from buurtpreventie.patrols.models import Defect, ForwardState, RoundStatus
from buurtpreventie.testing.factories import RoundFactory

pytestmark = pytest.mark.django_db

DEFERRING = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _defect(municipality, wijk, **extra):
    return Defect.objects.create(municipality=municipality, wijk=wijk, category="street_light",
                                 place="Burchtstraat, paal 23", description="Lamp brandt niet",
                                 lat=51.8472, lon=5.8655, forward_state=ForwardState.PENDING,
                                 forward_next_at=timezone.now(), **extra)


@pytest.fixture
def deferring_backend(monkeypatch):
    scheduling._kicked.clear()
    with override_settings(TASKS=DEFERRING):
        backend: Any = forward_due_task.get_backend()  # the dummy backend keeps what was enqueued
        backend.results.clear()
        yield backend
    scheduling._kicked.clear()


def test_a_burst_of_new_defects_enqueues_one_sweep_per_second(deferring_backend, monkeypatch):
    clock = [1_000_000.25]
    monkeypatch.setattr("buurtpreventie.core.scheduling.time.time", lambda: clock[0])
    for _ in range(50):
        forwarding.forward_soon()
    assert len(deferring_backend.results) == 1
    first = deferring_backend.results[0]
    assert first.task.module_path.endswith("forward_due_task")
    # Deferred to the next whole second: everything stored before it is covered by that run.
    assert first.task.run_after.timestamp() == 1_000_001.0
    clock[0] = 1_000_001.01
    forwarding.forward_soon()
    forwarding.forward_soon()
    assert len(deferring_backend.results) == 2
    assert deferring_backend.results[1].task.run_after.timestamp() == 1_000_002.0


def test_without_a_deferring_backend_every_kick_runs(municipality, wijk):
    # The immediate backend (tests, `make run` without a worker): no coalescing, nothing waits.
    scheduling._kicked.clear()
    defects = [_defect(municipality, wijk) for _ in range(2)]
    forwarding.forward_soon()
    forwarding.forward_soon()
    states = set(Defect.objects.filter(pk__in=[d.pk for d in defects]).values_list("forward_state", flat=True))
    assert states == {ForwardState.NOT_CONFIGURED}  # both reached by a sweep at once


def test_reports_with_defects_kick_one_sweep_after_commit(deferring_backend, member, team, wijk, client_for,
                                                         django_capture_on_commit_callbacks):
    start = timezone.now() - timedelta(hours=3)
    round = RoundFactory(initiative=team, wijk=wijk, planned_start=start, planned_end=start + timedelta(hours=2),
                         status=RoundStatus.ENDED, started_at=start, ended_at=start + timedelta(hours=2))
    client = client_for(member)
    for n in range(3):
        payload = {
            "round_id": round.pk, "client_uuid": str(uuid.uuid4()), "started_at": start.isoformat(),
            "ended_at": (start + timedelta(hours=2)).isoformat(), "quiet": True,
            "defects": [{"category": "street_light", "place": f"Burchtstraat {n}", "description": "Lamp kapot"}],
        }
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/api/patrols/reports", payload, content_type="application/json")
        assert response.status_code == 201, response.content
    # Three reports within the same second: one sweep, which forwards all three defects.
    assert [r.task.module_path for r in deferring_backend.results] == [forward_due_task.module_path]
    assert set(forwarding.defects_forward_due().values()) == {3}


def test_an_attempt_claims_its_defect(municipality, wijk):
    ForwardEndpoint.objects.create(municipality=municipality, url="http://127.0.0.1:9/open311", api_key="k")
    defect = _defect(municipality, wijk)
    now = timezone.now()
    # Another worker holds it: this one does not send it a second time.
    assert forwarding._claim(defect.pk, now)
    assert forwarding.defect_forward(defect_id=defect.pk, now=now) == forwarding.BUSY
    assert forwarding.defects_forward_due(now=now) == {}
    defect.refresh_from_db()
    assert defect.forward_attempts == 0  # nothing was sent
    # The claim lapses (a worker that died mid-attempt): the sweep takes it up again.
    later = now + forwarding.CLAIM_FOR
    assert forwarding.defects_forward_due(now=later) == {ForwardState.PENDING: 1}
    defect.refresh_from_db()
    assert defect.forward_attempts == 1  # refused by the closed port: one attempt, retried later
    assert defect.forward_next_at == later + forwarding.backoff(1)

"""One exception handler for the JSON API: service errors become 403/400 JSON without try/except."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_service_errors_become_json_through_the_one_handler(team: Any, member: Any, wijkagent: Any,
                                                            client_for: Any) -> None:
    start = timezone.now() + timedelta(days=1)
    payload = {"initiative_id": team.pk, "planned_start": start.isoformat(),
               "planned_end": (start - timedelta(hours=1)).isoformat()}
    bad = client_for(member).post("/api/patrols/rounds", payload, content_type="application/json")
    assert bad.status_code == 400 and "na de start" in bad.json()["detail"]
    payload["planned_end"] = (start + timedelta(hours=1)).isoformat()
    refused = client_for(wijkagent).post("/api/patrols/rounds", payload, content_type="application/json")
    assert refused.status_code == 403 and refused.json() == {"detail": "forbidden"}

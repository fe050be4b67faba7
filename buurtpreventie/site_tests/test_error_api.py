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


def test_no_endpoint_turns_service_errors_into_answers_itself() -> None:
    """The handlers in api/input.py are the one place: no api.py catches PermissionDenied,
    ValidationError or Http404 to build its own answer."""
    import ast
    from pathlib import Path

    mapped = {"PermissionDenied", "ValidationError", "Http404"}
    offenders = []
    for path in sorted(Path(__file__).resolve().parents[1].glob("*/api.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                types = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
                names = {t.id if isinstance(t, ast.Name) else getattr(t, "attr", "") for t in types}
                if names & mapped:
                    offenders.append(f"{path.parent.name}/api.py:{node.lineno}")
    assert offenders == []


def test_a_refusal_with_a_reason_keeps_it_and_an_unknown_team_is_404(team: Any, member: Any, wijkagent: Any,
                                                                     client_for: Any) -> None:
    start = timezone.now() + timedelta(days=1)
    payload = {"initiative_id": team.pk, "planned_start": start.isoformat(),
               "planned_end": (start + timedelta(hours=2)).isoformat()}
    planned = client_for(member).post("/api/patrols/rounds", payload, content_type="application/json")
    assert planned.status_code == 201
    position = client_for(member).post(f"/api/patrols/rounds/{planned.json()['id']}/positions",
                                       {"lat": 51.84, "lon": 5.86}, content_type="application/json")
    assert position.status_code == 403 and position.json() == {"detail": "De ronde loopt niet."}
    missing = client_for(wijkagent).get("/api/surveys/teams/999999/mix")
    assert missing.status_code == 404 and "detail" in missing.json()

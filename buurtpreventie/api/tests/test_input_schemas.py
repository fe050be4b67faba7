"""Input schemas are plain pydantic (`core.validation.InputSchema`), output schemas ninja `Schema`s.

ninja's `Schema` reads every value through a `DjangoGetter` (made for ORM objects): for a patrol
report's body that was a fifth of the report API's CPU (ADR 0009, update 4)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import timedelta

import ninja
from django.test import Client
from django.utils import timezone
from pydantic import BaseModel

import buurtpreventie
from buurtpreventie.core.validation import InputSchema
from buurtpreventie.testing.factories import RoundFactory


def _api_schemas() -> list[type[BaseModel]]:
    found = []
    for info in pkgutil.iter_modules(buurtpreventie.__path__):
        try:
            module = importlib.import_module(f"buurtpreventie.{info.name}.api")
        except ModuleNotFoundError:
            continue
        found += [cls for _name, cls in inspect.getmembers(module, inspect.isclass)
                  if issubclass(cls, BaseModel) and cls.__module__ == module.__name__]
    return found


def test_every_input_schema_is_plain_pydantic():
    inputs = [cls for cls in _api_schemas() if cls.__name__.endswith("In")]
    assert {"ReportIn", "ObservationIn", "PositionIn", "SignalIn"} <= {cls.__name__ for cls in inputs}
    for cls in inputs:
        assert issubclass(cls, InputSchema) and not issubclass(cls, ninja.Schema), cls


def test_a_refused_input_still_names_the_field(client_for, member, team, wijk):
    start = timezone.now() - timedelta(hours=3)
    round_ = RoundFactory(initiative=team, wijk=wijk, planned_start=start, planned_end=start + timedelta(hours=2))
    response = client_for(member).post("/api/patrols/reports", {"round_id": round_.pk, "observations": [
        {"observed_at": "2026-12-04T20:00:00+01:00", "place": "Grote Markt", "category": "geen-categorie",
         "behaviour": "x"}]}, content_type="application/json")
    assert response.status_code == 422
    assert any(error["loc"][-3:] == ["observations", 0, "category"] for error in response.json()["detail"])


def test_the_openapi_document_describes_input_schemas(db):
    doc = Client().get("/api/openapi.json").json()
    report_in = doc["components"]["schemas"]["ReportIn"]
    assert report_in["required"] == ["round_id"]
    assert "enum" in doc["components"]["schemas"]["ObservationIn"]["properties"]["category"]

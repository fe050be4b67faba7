"""Per-municipality API keys (hashed, revocable, read-only by default), ninja pagination envelope,
documented errors, Swagger served from our own static files."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from buurtpreventie.accounts.apikeys import api_key_create, api_key_revoke
from buurtpreventie.accounts.models import ApiKey
from buurtpreventie.feedback.models import DefectStatusEvent
from buurtpreventie.patrols.models import Defect
from buurtpreventie.testing.helpers import make_professional

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(municipality):
    return make_professional("administrator", municipality)


@pytest.fixture
def service(municipality):
    return make_professional("safety_officer", municipality, username="dashboard-nijmegen")


@pytest.fixture
def defects(municipality, other_municipality, wijk):
    rows = [Defect.objects.create(municipality=municipality, wijk=wijk, category="street_light", place=f"Paal {i}",
                                  lat=51.846, lon=5.866) for i in range(55)]
    Defect.objects.create(municipality=other_municipality, category="litter", place="Alkmaar")
    DefectStatusEvent.objects.create(defect=rows[-1], via="poll", state="b", state_display="In behandeling")
    return rows


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_key_is_hashed_paged_scoped_and_revocable(admin, service, municipality, defects):
    key, secret = api_key_create(actor=admin, municipality=municipality, user=service, name="Dashboard")
    stored = ApiKey.objects.get(pk=key.pk)
    assert secret not in (stored.key_hash, stored.prefix)
    assert stored.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    client = Client()
    first = client.get("/api/feedback/defects", **bearer(secret))
    assert first.status_code == 200
    body = first.json()
    assert set(body) == {"items", "count"} and body["count"] == 55 and len(body["items"]) == 50
    assert body["items"][0]["receiver_history"][0]["state"] == "b"
    second = client.get("/api/feedback/defects?page=2", **bearer(secret)).json()
    assert len(second["items"]) == 5
    assert all(item["municipality_id"] == municipality.pk for item in body["items"] + second["items"])
    stored.refresh_from_db()
    assert stored.last_used_at is not None
    # Read-only: a write with the key is refused.
    assert client.post("/api/patrols/rounds", {}, content_type="application/json", **bearer(secret)).status_code == 401
    api_key_revoke(actor=admin, key=key)
    assert client.get("/api/feedback/defects", **bearer(secret)).status_code == 401
    assert client.get("/api/feedback/defects", **bearer("bp_nope_x")).status_code == 401
    assert client.get("/api/feedback/defects").status_code == 401


def test_only_administrators_issue_keys_and_service_account_needs_a_role(admin, service, municipality,
                                                                         other_municipality, member):
    with pytest.raises(PermissionDenied):
        api_key_create(actor=service, municipality=municipality, user=service, name="x")
    with pytest.raises(PermissionDenied):
        api_key_create(actor=admin, municipality=municipality, user=member, name="x")
    with pytest.raises(PermissionDenied):
        api_key_create(actor=admin, municipality=other_municipality, user=service, name="x")


def test_key_stops_working_when_the_account_loses_its_role(admin, service, municipality, defects):
    _key, secret = api_key_create(actor=admin, municipality=municipality, user=service, name="Dashboard")
    from django.utils import timezone

    from buurtpreventie.accounts.models import RoleGrant

    RoleGrant.objects.filter(user=service).update(revoked_at=timezone.now())  # grants are ended, never deleted
    assert Client().get("/api/feedback/defects", **bearer(secret)).status_code == 401


def test_openapi_documents_errors_keys_and_pagination(client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/feedback/defects"]["get"]
    assert {"401", "403", "404", "422", "429"} <= set(operation["responses"])
    assert "ApiKeyAuth" in schema["components"]["securitySchemes"]
    assert '{"items": [...], "count"' in schema["info"]["description"]
    page = operation["parameters"]
    assert any(p["name"] == "page" for p in page)
    docs = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()


def test_command_issues_lists_and_revokes(admin, service, municipality, defects):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("api_key", "create", "GM0268", user=service.username, name="GIS", by=admin.username, stdout=out)
    prefix, secret = out.getvalue().splitlines()[0].split(": ")
    assert Client().get("/api/feedback/defects", **bearer(secret)).status_code == 200
    out = StringIO()
    call_command("api_key", "list", "GM0268", stdout=out)
    assert prefix in out.getvalue() and "active" in out.getvalue() and secret not in out.getvalue()
    call_command("api_key", "revoke", prefix, by=admin.username, stdout=StringIO())
    assert Client().get("/api/feedback/defects", **bearer(secret)).status_code == 401

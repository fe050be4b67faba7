"""Role grants are audited on every change and ended, never deleted — also through the admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from buurtpreventie.accounts import services
from buurtpreventie.accounts.models import RoleGrant
from buurtpreventie.core.models import AuditEntry
from buurtpreventie.testing.factories import UserFactory
from buurtpreventie.testing.helpers import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db: Any) -> tuple[Client, Any]:
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    return login(Client(), root), root


def _actions(grant: RoleGrant) -> list[str]:
    return list(AuditEntry.objects.filter(object_type="accounts.rolegrant", object_id=str(grant.pk))
                .order_by("at", "pk").values_list("action", flat=True))


def test_service_audits_add_and_end_and_never_deletes(municipality: Any, admin_client: Any) -> None:
    _client, root = admin_client
    person = UserFactory(username="agent")
    grant = services.role_grant_add(actor=root, user=person, role="wijkagent", municipality=municipality)
    services.role_grant_revoke(actor=root, grant=grant)
    services.role_grant_revoke(actor=root, grant=grant)  # ending twice is one end
    assert _actions(grant) == ["role_grant.add", "role_grant.revoke"]
    grant.refresh_from_db()
    assert grant.ended_at is not None
    with pytest.raises(ValueError):
        grant.delete()
    with pytest.raises(ValueError):
        RoleGrant.objects.filter(pk=grant.pk).delete()
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_admin_adds_and_ends_with_audit_and_cannot_delete(municipality: Any, admin_client: Any) -> None:
    client, root = admin_client
    person = UserFactory(username="boa")
    response = client.post("/beheer/accounts/rolegrant/add/", {
        "user": person.pk, "role": "boa", "municipality": municipality.pk, "wijk": "",
        "granted_at_0": "2026-01-01", "granted_at_1": "09:00:00", "revoked_at_0": "", "revoked_at_1": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    grant = RoleGrant.objects.get(user=person)
    assert grant.granted_by == root
    response = client.post(f"/beheer/accounts/rolegrant/{grant.pk}/change/", {
        "revoked_at_0": "2026-02-01", "revoked_at_1": "10:00:00",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    grant.refresh_from_db()
    assert grant.revoked_at is not None and grant.role == "boa"
    assert _actions(grant) == ["role_grant.add", "role_grant.revoke"]
    entry = AuditEntry.objects.filter(action="role_grant.revoke").get()
    assert entry.actor == root and entry.municipality_id == municipality.pk
    assert client.get(f"/beheer/accounts/rolegrant/{grant.pk}/delete/").status_code == 403
    page = client.get(f"/beheer/accounts/rolegrant/{grant.pk}/change/").content.decode()
    assert 'name="role"' not in page  # who/what/where of a grant is history


def test_admin_user_page_grants_inline_is_audited(municipality: Any, admin_client: Any) -> None:
    client, root = admin_client
    person = UserFactory(username="oov2")
    page = client.get(f"/beheer/accounts/user/{person.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, (list, tuple))}
    data.update({
        "username": person.username, "date_joined_0": "2026-01-01", "date_joined_1": "09:00:00",
        "language": "nl",
        "grants-TOTAL_FORMS": "1", "grants-INITIAL_FORMS": "0", "grants-MIN_NUM_FORMS": "0",
        "grants-MAX_NUM_FORMS": "1000",
        "grants-0-role": "safety_officer", "grants-0-municipality": municipality.pk, "grants-0-wijk": "",
        "grants-0-granted_at_0": "2026-01-01", "grants-0-granted_at_1": "09:00:00",
        "grants-0-user": person.pk,
    })
    data.pop("password", None)
    data.pop("last_login", None)
    response = client.post(f"/beheer/accounts/user/{person.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    grant = RoleGrant.objects.get(user=person)
    assert grant.granted_by == root
    assert _actions(grant) == ["role_grant.add"]

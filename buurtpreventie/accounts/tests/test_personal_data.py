"""A member downloads their own data and deletes their account (issue 9, AVG)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from buurtpreventie.accounts.models import User
from buurtpreventie.initiatives.models import Membership
from buurtpreventie.patrols.models import PatrolReport, Position, RoundParticipant
from buurtpreventie.testing.factories import RoundFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


@pytest.fixture
def history(municipality, wijk, team, member):
    now = timezone.now()
    rnd = RoundFactory(initiative=team, wijk=wijk, status="ended", started_at=now - timedelta(hours=3),
                       ended_at=now - timedelta(hours=1), planned_start=now - timedelta(hours=3))
    RoundParticipant.objects.create(round=rnd, user=member, shares_position=True)
    Position.objects.create(round=rnd, user=member, lat=51.845, lon=5.865, recorded_at=now - timedelta(hours=2))
    report = PatrolReport.objects.create(round=rnd, initiative=team, municipality=municipality, wijk=wijk,
                                         author=member, submitted_at=now, notes="Rustige ronde")
    return report


def test_member_downloads_own_data(client_for, member, history):
    member.email = "lid@example.org"
    member.save()
    client = client_for(member)
    page = client.get("/account/mijn-gegevens/")
    assert page.status_code == 200 and "lid@example.org" in page.content.decode()
    response = client.get("/account/mijn-gegevens.json")
    assert response["Content-Disposition"].startswith("attachment")
    data = response.json()
    assert data["account"]["email"] == "lid@example.org" and "password" not in data["account"]
    records = data["records"]
    assert records["patrols.position"]["rows"][0]["lat"] == 51.845
    assert records["initiatives.membership"]["rows"][0]["initiative_id"] == history.initiative_id
    assert records["patrols.patrolreport"]["rows"][0]["notes"] == "Rustige ronde"


def test_member_deletes_account_reports_kept_anonymised(member, history, team):
    member.email = "lid@example.org"
    member.first_name = "Lidia"
    member.save()
    client = Client()
    client.post("/account/inloggen/", {"username": "lid", "password": PASSWORD})
    wrong = client.post("/account/verwijderen/", {"password": "fout", "confirm": "on"})
    assert wrong.status_code == 400 and User.objects.get(pk=member.pk).is_active
    assert client.post("/account/verwijderen/", {"password": PASSWORD, "confirm": "on"}).status_code == 302
    user = User.objects.get(pk=member.pk)
    assert not user.is_active and user.email == "" and user.first_name == "" and "lid" not in user.username
    assert not user.has_usable_password()
    assert not Position.objects.filter(user_id=member.pk).exists()
    assert not Membership.objects.filter(user_id=member.pk).exists()
    assert not RoundParticipant.objects.filter(user_id=member.pk).exists()
    history.refresh_from_db()
    assert history.author_id == member.pk and history.notes == "Rustige ronde"  # the report stays
    assert "_auth_user_id" not in client.session
    assert client.post("/account/inloggen/", {"username": "lid", "password": PASSWORD}).status_code == 200


def test_professional_cannot_delete_self(client_for, wijkagent):
    assert client_for(wijkagent).post("/account/verwijderen/", {"password": PASSWORD, "confirm": "on"}).status_code == 403
    assert User.objects.get(pk=wijkagent.pk).is_active

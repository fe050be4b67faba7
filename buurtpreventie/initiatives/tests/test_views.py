"""HTTP: staff pages are scoped by role and municipality."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from buurtpreventie.initiatives import services
from buurtpreventie.initiatives.models import Application, InitiativeStatus, Party
from buurtpreventie.testing.factories import InitiativeFactory, WijkFactory
from buurtpreventie.testing.helpers import make_professional

pytestmark = pytest.mark.django_db


def _application(municipality: Any, wijk: Any) -> Application:
    return services.application_submit(
        municipality=municipality,
        kind="start",
        full_name="Anna",
        email="a@example.org",
        motivation="Inbraken",
        wijk=wijk,
    )


def test_index_lists_by_scope(
    client_for: Any,
    municipality: Any,
    wijk: Any,
    team: Any,
    safety_officer: Any,
    member: Any,
    other_safety_officer: Any,
) -> None:
    elsewhere = WijkFactory(municipality=municipality, code="WK026809", name="Noord")
    far_team = InitiativeFactory(municipality=municipality, name="Team Noord", wijken=[elsewhere])
    body = client_for(safety_officer).get(reverse("initiatives:index")).content.decode()
    assert "Team Centrum" in body and "Team Noord" in body
    body = client_for(member).get(reverse("initiatives:index")).content.decode()
    assert "Team Centrum" in body and "Team Noord" not in body
    agent = make_professional("wijkagent", municipality, wijk=wijk, username="agent2")
    body = client_for(agent).get(reverse("initiatives:index")).content.decode()
    assert "Team Centrum" in body and "Team Noord" not in body
    assert client_for(agent).get(reverse("initiatives:detail", args=[far_team.pk])).status_code == 404
    body = client_for(other_safety_officer).get(reverse("initiatives:index")).content.decode()
    assert "Team Centrum" not in body


def test_anonymous_is_sent_to_login(team: Any) -> None:
    response = Client().get(reverse("initiatives:detail", args=[team.pk]))
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


def test_detail_of_other_municipality_is_404(client_for: Any, team: Any, other_safety_officer: Any) -> None:
    assert client_for(other_safety_officer).get(reverse("initiatives:detail", args=[team.pk])).status_code == 404


def test_status_change_only_by_safety_officer(
    client_for: Any, team: Any, coordinator: Any, safety_officer: Any
) -> None:
    url = reverse("initiatives:status", args=[team.pk])
    assert client_for(coordinator).post(url, {"status": "dormant", "reason": "x"}).status_code == 403
    response = client_for(safety_officer).post(url, {"status": "dormant", "reason": "Zomerstop"})
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.status == InitiativeStatus.DORMANT
    page = client_for(safety_officer).get(reverse("initiatives:detail", args=[team.pk])).content.decode()
    assert "Zomerstop" in page


def test_application_pages_scoped(
    client_for: Any,
    municipality: Any,
    wijk: Any,
    safety_officer: Any,
    other_safety_officer: Any,
    coordinator: Any,
    wijkagent: Any,
) -> None:
    application = _application(municipality, wijk)
    url = reverse("initiatives:application", args=[application.pk])
    assert client_for(safety_officer).get(url).status_code == 200
    assert client_for(other_safety_officer).get(url).status_code == 404
    assert client_for(coordinator).get(url).status_code == 404
    assert client_for(wijkagent).get(url).status_code == 404
    assert "Anna" not in client_for(other_safety_officer).get(reverse("initiatives:applications")).content.decode()


def test_intake_and_decision_through_pages(client_for: Any, municipality: Any, wijk: Any, safety_officer: Any) -> None:
    application = _application(municipality, wijk)
    client = client_for(safety_officer)
    url = reverse("initiatives:application", args=[application.pk])
    when = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(url, {"step": "plan", "plan-intake_at": when}).status_code == 302
    # A failed form keeps what was typed
    response = client.post(url, {"step": "record", "rec-intake_notes": "Notities die blijven", "rec-intake_why": ""})
    assert response.status_code == 400
    assert "Notities die blijven" in response.content.decode()
    client.post(url, {"step": "record", "rec-intake_notes": "Goed", "rec-intake_why": "Buren", "rec-needs_vog": "on"})
    client.post(url, {"step": "decide", "dec-decision": "accept", "dec-reason": "Past goed"})
    application.refresh_from_db()
    assert application.status == "accepted" and application.needs_vog
    assert application.initiative.status == InitiativeStatus.AGREEMENT


def test_agreement_pages_and_pdf(
    client_for: Any, team: Any, safety_officer: Any, member: Any, other_safety_officer: Any
) -> None:
    client = client_for(safety_officer)
    response = client.get(reverse("initiatives:agreement_new", args=[team.pk]))
    assert response.status_code == 200
    data = {
        "citizens_roles": "Bewoners melden",
        "professionals_roles": "Politie koppelt terug",
        "offered": "Hesjes",
        "not_offered": "Geen portofoons — parallel kanaal",
        "action_points": "Eén\nTwee",
    }
    response = client.post(reverse("initiatives:agreement_new", args=[team.pk]), data)
    agreement = team.agreements.get()
    assert response.status_code == 302
    response = client.post(
        reverse("initiatives:agreement_accept", args=[agreement.pk]),
        {"party": Party.MUNICIPALITY, "signed_by_name": "Olga"},
    )
    assert agreement.acceptances.get().party == Party.MUNICIPALITY
    pdf = client.get(reverse("initiatives:agreement_pdf", args=[agreement.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert client_for(member).get(reverse("initiatives:agreement_pdf", args=[agreement.pk])).status_code == 200
    assert (
        client_for(other_safety_officer).get(reverse("initiatives:agreement_pdf", args=[agreement.pk])).status_code
        == 404
    )
    assert client_for(member).post(reverse("initiatives:agreement_new", args=[team.pk]), data).status_code == 403


def test_members_page(client_for: Any, team: Any, coordinator: Any, member: Any, other_team: Any) -> None:
    url = reverse("initiatives:members", args=[team.pk])
    response = client_for(coordinator).post(url, {"add-full_name": "Nieuw", "add-email": "nieuw@example.org"})
    assert response.status_code == 302
    assert team.memberships.filter(user__email="nieuw@example.org").exists()
    assert client_for(member).post(url, {"add-full_name": "X", "add-email": "x@example.org"}).status_code == 403
    assert client_for(coordinator).get(reverse("initiatives:members", args=[other_team.pk])).status_code == 404
    own = team.memberships.get(user=member)
    client_for(member).post(reverse("initiatives:member_action", args=[team.pk, own.pk, "rules"]), {"accept": "on"})
    assert own.house_rules_acceptances.exists()


def test_edit_area_with_drawn_polygon(client_for: Any, team: Any, coordinator: Any, wijk: Any) -> None:
    url = reverse("initiatives:edit", args=[team.pk])
    assert client_for(coordinator).get(url).status_code == 200
    polygon = '{"type":"Polygon","coordinates":[[[5.86,51.84],[5.87,51.84],[5.87,51.85],[5.86,51.84]]]}'
    response = client_for(coordinator).post(
        url,
        {
            "name": "Team Centrum",
            "kind": "team",
            "wijken": [wijk.pk],
            "area_geometry": polygon,
            "public_description": "Wij lopen",
            "how_to_join": "Stuur een bericht",
        },
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.area_geometry["type"] == "Polygon"
    response = client_for(coordinator).post(url, {"name": "Nieuwe naam", "kind": "team", "area_geometry": "{kapot"})
    assert response.status_code == 400 and "Nieuwe naam" in response.content.decode()


def test_moments_and_policy_pages_only_for_safety_officer(
    client_for: Any, safety_officer: Any, coordinator: Any, team: Any
) -> None:
    for name in ("initiatives:moments", "initiatives:policy"):
        assert client_for(safety_officer).get(reverse(name)).status_code == 200
        assert client_for(coordinator).get(reverse(name)).status_code == 403
    today = timezone.localdate()
    response = client_for(safety_officer).post(
        reverse("initiatives:moments"),
        {
            "title": "Najaar",
            "opens_on": today.isoformat(),
            "closes_on": (today + timedelta(days=9)).isoformat(),
            "info_meeting_location": "Stadhuis",
        },
    )
    assert response.status_code == 302
    moment_url = response["Location"]
    coordinator.first_name, coordinator.last_name = "Carla", "Coord"
    coordinator.save()
    client_for(safety_officer).post(moment_url, {"step": "invite"})
    assert "Carla Coord" in client_for(safety_officer).get(moment_url).content.decode()


def test_api_lists_and_history_scoped(
    client_for: Any, team: Any, safety_officer: Any, other_safety_officer: Any, member: Any
) -> None:
    services.initiative_status_set(actor=safety_officer, initiative=team, status="dormant", reason="Zomer")
    data = client_for(safety_officer).get("/api/initiatives/").json()
    assert [d["name"] for d in data] == ["Team Centrum"]
    assert client_for(other_safety_officer).get("/api/initiatives/").json() == []
    history = client_for(member).get(f"/api/initiatives/{team.pk}/history").json()
    assert history[-1]["to_status"] == "dormant" and history[-1]["reason"] == "Zomer"
    assert client_for(other_safety_officer).get(f"/api/initiatives/{team.pk}/history").status_code == 404
    assert Client().get("/api/initiatives/").status_code == 401


def test_list_pages_query_count(
    client_for: Any, municipality: Any, wijk: Any, safety_officer: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(8):
        InitiativeFactory(municipality=municipality, name=f"Team {n}", wijken=[wijk])
    client = client_for(safety_officer)
    client.get(reverse("initiatives:index"))
    with django_assert_max_num_queries(20):
        assert client.get(reverse("initiatives:index")).status_code == 200
    with django_assert_max_num_queries(20):
        assert Client().get(reverse("public:dossier", kwargs={"slug": municipality.slug})).status_code == 200


def test_goal_edit_records_review(
    client_for: Any, municipality: Any, safety_officer: Any, other_safety_officer: Any
) -> None:
    goal = services.policy_goal_save(
        actor=safety_officer,
        municipality=municipality,
        initiative=None,
        goal_type="problems",
        description="Minder inbraken",
        indicators="Inbraken",
        review_on=timezone.localdate(),
    )
    url = reverse("initiatives:goal_edit", args=[goal.pk])
    assert client_for(other_safety_officer).get(url).status_code == 404
    response = client_for(safety_officer).post(
        url,
        {
            "goal_type": "problems",
            "description": "Minder inbraken",
            "indicators": "Inbraken",
            "review_on": timezone.localdate().isoformat(),
            "is_public": "on",
            "reached": "true",
            "review_note": "20% minder inbraken",
        },
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.reached is True and goal.review_note == "20% minder inbraken"


def test_internal_notes_hidden_from_team(
    client_for: Any,
    municipality: Any,
    team: Any,
    wijk: Any,
    safety_officer: Any,
    wijkagent: Any,
    member: Any,
    coordinator: Any,
) -> None:
    services.involvement_record(
        actor=safety_officer,
        municipality=municipality,
        professional=wijkagent,
        initiative=team,
        wijken=[wijk],
        attitude="Sceptisch over dit team",
        setup_wishes="",
        needs="",
        objections="",
        objections_resolution="",
    )
    url = reverse("initiatives:detail", args=[team.pk])
    assert "Sceptisch over dit team" in client_for(safety_officer).get(url).content.decode()
    assert "Sceptisch over dit team" in client_for(wijkagent).get(url).content.decode()
    for user in (member, coordinator):
        assert "Sceptisch over dit team" not in client_for(user).get(url).content.decode()


def test_safety_officer_appoints_coordinator_but_coordinator_cannot(
    client_for: Any, team: Any, coordinator: Any, safety_officer: Any
) -> None:
    url = reverse("initiatives:members", args=[team.pk])
    data = {"add-full_name": "Nieuwe Coördinator", "add-email": "nc@example.org", "add-role": "coordinator"}
    client_for(coordinator).post(url, data)
    assert team.memberships.get(user__email="nc@example.org").role == "member"  # the role field is not offered
    client_for(safety_officer).post(url, {**data, "add-email": "nc2@example.org"})
    assert team.memberships.get(user__email="nc2@example.org").role == "coordinator"


def test_public_texts_refuse_contact_details(client_for: Any, team: Any, coordinator: Any, wijk: Any) -> None:
    url = reverse("initiatives:edit", args=[team.pk])
    for text in ("Mail carla@example.org", "Bel 06-12345678", "Bel +31 6 1234 5678"):
        response = client_for(coordinator).post(
            url, {"name": "Team Centrum", "kind": "team", "wijken": [wijk.pk], "how_to_join": text}
        )
        assert response.status_code == 400, text
    response = client_for(coordinator).post(
        url,
        {
            "name": "Team Centrum",
            "kind": "team",
            "wijken": [wijk.pk],
            "how_to_join": "Loop op dinsdag 20:00 mee vanaf de Grote Markt.",
        },
    )
    assert response.status_code == 302


def test_coordinator_records_training_and_equipment(client_for: Any, team: Any, coordinator: Any, member: Any) -> None:
    own = team.memberships.get(user=member)
    base = reverse("initiatives:member_action", args=[team.pk, own.pk, "training"])
    today = timezone.localdate().isoformat()
    client_for(coordinator).post(base, {f"t{own.pk}-kind": "acute_danger", f"t{own.pk}-completed_on": today})
    assert own.trainings.get().kind == "acute_danger"
    url = reverse("initiatives:member_action", args=[team.pk, own.pk, "equipment"])
    client_for(coordinator).post(url, {f"e{own.pk}-item": "Hesje", f"e{own.pk}-issued_on": today})
    assert own.equipment.get().item == "Hesje"
    assert (
        client_for(member).post(url, {f"e{own.pk}-item": "Zaklamp", f"e{own.pk}-issued_on": today}).status_code == 403
    )
    page = client_for(coordinator).get(reverse("initiatives:members", args=[team.pk])).content.decode()
    assert f'id="id_t{own.pk}-kind"' in page

"""The public dossier page and its forms: no login, spam protection, no private data."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from buurtpreventie.initiatives.models import Application, InitiativeKind, InitiativeStatus
from buurtpreventie.public.models import PublicPage
from buurtpreventie.public.protection import issue_started_token
from buurtpreventie.testing.factories import InitiativeFactory
from buurtpreventie.testing.helpers import make_member

pytestmark = pytest.mark.django_db


def _form(wijk: Any, **extra: Any) -> dict[str, Any]:
    data = {
        "kind": "start",
        "initiative_kind": "team",
        "wijk": wijk.pk,
        "proposed_name": "Team Oud-West",
        "full_name": "Anna de Vries",
        "email": "anna@example.org",
        "phone": "",
        "motivation": "Veel inbraken.",
        "adult": "on",
        "consent": "on",
        "website": "",
        "started": issue_started_token(time.time() - 30),
    }
    data.update(extra)
    return data


def test_dossier_shows_page_texts_and_only_active_initiatives(municipality: Any, wijk: Any, team: Any) -> None:
    team.how_to_join = "Loop een avond mee."
    team.save()
    lead = make_member(team, role="coordinator", username="coord", email="geheim@example.org", phone="0612345678")
    lead.phone = "0612345678"
    lead.save()
    InitiativeFactory(
        municipality=municipality, name="Aangevraagd team", status=InitiativeStatus.APPLIED, wijken=[wijk]
    )
    InitiativeFactory(municipality=municipality, name="Appgroep Centrum", kind=InitiativeKind.APP_GROUP, wijken=[wijk])
    PublicPage.objects.create(
        municipality=municipality, policy_goal="Minder inbraken in de wijk.", not_offered="Geen portofoons, omdat..."
    )
    response = Client().get(reverse("public:dossier", kwargs={"slug": municipality.slug}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Minder inbraken in de wijk." in body and "Geen portofoons" in body
    assert "Team Centrum" in body and "Appgroep Centrum" in body and "Loop een avond mee." in body
    assert "Aangevraagd team" not in body.split('id="initiatives-map"')[1].split("</section>")[0]
    assert "geheim@example.org" not in body and "0612345678" not in body
    assert 'name="website"' in body and 'name="started"' in body
    assert reverse("public:contact", kwargs={"slug": municipality.slug, "pk": team.pk}) in body


def test_unknown_municipality_is_404() -> None:
    assert Client().get("/gemeente/bestaat-niet/").status_code == 404


def test_apply_without_account_and_follow_status(
    municipality: Any, wijk: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("public:apply", kwargs={"slug": municipality.slug}), _form(wijk))
    assert response.status_code == 302
    application = Application.objects.get()
    assert response["Location"].endswith(f"/aanmelding/{application.token}/")
    assert application.initiative.status == InitiativeStatus.APPLIED
    assert mail.outbox[0].to == ["anna@example.org"] and application.token in mail.outbox[0].body
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Ontvangen" in page.content.decode()
    assert page["X-Robots-Tag"].startswith("noindex")
    assert Client().get(f"/gemeente/{municipality.slug}/aanmelding/{'x' * 43}/").status_code == 404


def test_apply_in_english(municipality: Any, wijk: Any, django_capture_on_commit_callbacks: Any) -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("public:apply", kwargs={"slug": municipality.slug}), _form(wijk))
    application = Application.objects.get()
    assert application.language == "en"
    page = client.get(response["Location"]).content.decode()
    assert "Status of your application" in page
    assert "We have received your application" in mail.outbox[0].subject


def test_failed_form_keeps_everything_typed(municipality: Any, wijk: Any) -> None:
    data = _form(wijk, email="geen-adres", motivation="Mijn lange verhaal over de buurt")
    response = Client().post(reverse("public:apply", kwargs={"slug": municipality.slug}), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Mijn lange verhaal over de buurt" in body and "Anna de Vries" in body and 'value="geen-adres"' in body
    assert 'role="alert"' in body
    assert not Application.objects.exists()


def test_join_needs_an_initiative(municipality: Any, wijk: Any, team: Any) -> None:
    response = Client().post(
        reverse("public:apply", kwargs={"slug": municipality.slug}), _form(wijk, kind="join", initiative="")
    )
    assert response.status_code == 400 and not Application.objects.exists()
    response = Client().post(
        reverse("public:apply", kwargs={"slug": municipality.slug}), _form(wijk, kind="join", initiative=team.pk)
    )
    assert response.status_code == 302
    assert Application.objects.get().initiative == team


def test_honeypot_and_fast_submission_are_refused(municipality: Any, wijk: Any) -> None:
    url = reverse("public:apply", kwargs={"slug": municipality.slug})
    assert Client().post(url, _form(wijk, website="http://spam.example")).status_code == 400
    response = Client().post(url, _form(wijk, started=issue_started_token()))
    assert response.status_code == 400 and "Anna de Vries" in response.content.decode()
    assert Client().post(url, _form(wijk, started="vervalst")).status_code == 400
    assert not Application.objects.exists()


def test_rate_limit(municipality: Any, wijk: Any, settings: Any) -> None:
    settings.BUURTPREVENTIE = {**settings.BUURTPREVENTIE, "PUBLIC_FORM_RATE_LIMIT": 2}
    url = reverse("public:apply", kwargs={"slug": municipality.slug})
    client = Client()
    codes = [client.post(url, _form(wijk, email=f"p{i}@example.org")).status_code for i in range(3)]
    assert codes == [302, 302, 429]
    assert Application.objects.count() == 2


def test_contact_relays_message_without_exposing_address(
    municipality: Any, team: Any, django_capture_on_commit_callbacks: Any
) -> None:
    make_member(team, role="coordinator", username="coord", email="coord@example.org")
    url = reverse("public:contact", kwargs={"slug": municipality.slug, "pk": team.pk})
    page = Client().get(url)
    assert page.status_code == 200 and "coord@example.org" not in page.content.decode()
    data = {
        "name": "Bea",
        "email": "bea@example.org",
        "message": "Mag ik meelopen?",
        "website": "",
        "started": issue_started_token(time.time() - 20),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(url, data)
    assert response.status_code == 302
    assert mail.outbox[0].to == ["coord@example.org"] and mail.outbox[0].reply_to == ["bea@example.org"]
    assert "Mag ik meelopen?" in mail.outbox[0].body


def test_contact_for_inactive_or_foreign_initiative_is_404(
    municipality: Any, other_municipality: Any, team: Any
) -> None:
    assert Client().get(f"/gemeente/{municipality.slug}/initiatief/{team.pk}/contact/").status_code == 404  # no lead
    applied = InitiativeFactory(municipality=municipality, status=InitiativeStatus.APPLIED)
    foreign = InitiativeFactory(municipality=other_municipality)
    assert Client().get(f"/gemeente/{municipality.slug}/initiatief/{applied.pk}/contact/").status_code == 404
    assert Client().get(f"/gemeente/{municipality.slug}/initiatief/{foreign.pk}/contact/").status_code == 404


def test_page_edit_permissions(
    client_for: Any, municipality: Any, safety_officer: Any, other_safety_officer: Any, member: Any, wijkagent: Any
) -> None:
    url = reverse("public:page_edit", kwargs={"slug": municipality.slug})
    assert Client().get(url).status_code == 302
    assert client_for(member).get(url).status_code == 403
    assert client_for(wijkagent).get(url).status_code == 403
    assert client_for(other_safety_officer).get(url).status_code == 403
    texts = {name: "" for name in PublicPage.TEXT_FIELDS}  # both languages
    texts["policy_goal"] = "Samen veilig."
    assert client_for(safety_officer).post(url, texts).status_code == 302
    assert PublicPage.objects.get(municipality=municipality).policy_goal == "Samen veilig."
    assert (
        "Samen veilig." in Client().get(reverse("public:dossier", kwargs={"slug": municipality.slug})).content.decode()
    )


def test_page_edit_requires_second_factor(municipality: Any, safety_officer: Any) -> None:
    client = Client()
    client.force_login(safety_officer)
    response = client.get(reverse("public:page_edit", kwargs={"slug": municipality.slug}))
    assert response.status_code == 302 and "/account/tweestaps/" in response["Location"]


def test_applicant_withdraws_through_private_link(municipality: Any, wijk: Any) -> None:
    client = Client()
    response = client.post(reverse("public:apply", kwargs={"slug": municipality.slug}), _form(wijk))
    application = Application.objects.get()
    bad = f"/gemeente/{municipality.slug}/aanmelding/{'y' * 43}/intrekken/"
    assert client.post(bad).status_code == 404
    assert client.post(response["Location"] + "intrekken/").status_code == 302
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert application.initiative.status == InitiativeStatus.STOPPED
    assert application.initiative.status_changes.last().reason == "Aanmelding ingetrokken door de aanvrager."
    page = client.get(response["Location"]).content.decode()
    assert "Ingetrokken" in page and "intrekken/" not in page


def test_page_texts_in_the_visitors_language(municipality: Any) -> None:
    PublicPage.objects.create(
        municipality=municipality, policy_goal="Minder inbraken.", policy_goal_en="Fewer burglaries.", offered="Hesjes."
    )
    client = Client()
    url = reverse("public:dossier", kwargs={"slug": municipality.slug})
    assert "Minder inbraken." in client.get(url).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get(url).content.decode()
    assert "Fewer burglaries." in body and "Minder inbraken." not in body
    assert "Hesjes." in body  # no English version written: the Dutch text is shown

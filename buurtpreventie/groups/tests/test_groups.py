"""Joining and running a team or group: join application → membership + invitation mail; invite
links used, expired, revoked, approved; bulk invite preview; house-rules version gate on round
sign-up and signal; broadcast reaches all members and no one else."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from buurtpreventie.groups import services
from buurtpreventie.groups.models import InviteLink
from buurtpreventie.initiatives import services as initiative_services
from buurtpreventie.initiatives.models import HouseRulesAcceptance, Membership
from buurtpreventie.initiatives.services import HouseRulesNotAccepted
from buurtpreventie.notifications.models import Notice
from buurtpreventie.patrols import services as patrol_services
from buurtpreventie.testing.factories import InitiativeFactory, RoundFactory, UserFactory
from buurtpreventie.testing.helpers import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def app_group(municipality: Any, wijk: Any) -> Any:
    return InitiativeFactory(municipality=municipality, name="Appgroep Oost", kind="app_group", wijken=[wijk])


@pytest.fixture
def group_admin(app_group: Any) -> Any:
    return make_member(app_group, role="app_group_admin", username="beheerder", email="beheerder@example.org")


def _token(link: InviteLink) -> str:
    return services.invite_token(link)


def test_join_application_accepted_becomes_membership_with_invitation(team: Any, safety_officer: Any,
                                                                     django_capture_on_commit_callbacks: Any) -> None:
    from buurtpreventie.initiatives.models import Application, ApplicationKind, ApplicationStatus

    application = Application.objects.create(
        kind=ApplicationKind.JOIN, municipality=team.municipality, initiative=team, full_name="Fenna de Wit",
        email="fenna@example.org", language="en", status=ApplicationStatus.INTAKE, motivation="Veilige buurt",
        token="fenna-token",
    )
    with django_capture_on_commit_callbacks(execute=True):
        initiative_services.application_decide(actor=safety_officer, application=application, accept=True,
                                               reason="Welkom")
    membership = Membership.objects.get(initiative=team, user__email="fenna@example.org")
    assert membership.role == "member"
    invitation = [m for m in mail.outbox if m.to == ["fenna@example.org"] and "wachtwoord-herstellen" in m.body]
    assert len(invitation) == 1
    assert "Welcome" in invitation[0].subject or "Set" in invitation[0].body  # in the applicant's language


def test_member_added_by_hand_gets_set_password_link(team: Any, coordinator: Any,
                                                     django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        initiative_services.membership_add(actor=coordinator, initiative=team, email="nieuw@example.org",
                                           full_name="Nieuw Lid")
    (message,) = [m for m in mail.outbox if m.to == ["nieuw@example.org"]]
    assert "/account/wachtwoord-herstellen/" in message.body and "Team Centrum" in message.subject


def test_invite_link_used_expired_revoked(app_group: Any, group_admin: Any,
                                          django_capture_on_commit_callbacks: Any) -> None:
    link = services.invite_link_create(actor=group_admin, initiative=app_group, days=7)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.invite_link_use(token=_token(link), full_name="Ans Buur", email="ans@example.org") == "joined"
    assert Membership.objects.filter(initiative=app_group, user__email="ans@example.org").exists()
    assert any(m.to == ["ans@example.org"] for m in mail.outbox)
    # Tampered token.
    with pytest.raises(ValidationError, match="ongeldig"):
        services.invite_link_use(token=_token(link)[:-2] + "xx", full_name="X", email="x@example.org")
    # Expired.
    InviteLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="verlopen"):
        services.invite_link_use(token=_token(link), full_name="Bert", email="bert@example.org")
    # Revoked.
    other = services.invite_link_create(actor=group_admin, initiative=app_group)
    services.invite_link_revoke(actor=group_admin, link=other)
    with pytest.raises(ValidationError, match="ingetrokken"):
        services.invite_link_use(token=_token(other), full_name="Bert", email="bert@example.org")
    assert not Membership.objects.filter(user__email="bert@example.org").exists()


def test_invite_link_with_approval(app_group: Any, group_admin: Any, member: Any) -> None:
    link = services.invite_link_create(actor=group_admin, initiative=app_group, requires_approval=True)
    assert services.invite_link_use(token=_token(link), full_name="Cas", email="cas@example.org") == "requested"
    assert not Membership.objects.filter(user__email="cas@example.org").exists()
    assert Notice.objects.filter(user=group_admin).exists()
    request = link.requests.get()
    with pytest.raises(PermissionDenied):
        services.invite_request_decide(actor=member, request=request, accept=True)
    services.invite_request_decide(actor=group_admin, request=request, accept=True)
    assert Membership.objects.filter(initiative=app_group, user__email="cas@example.org").exists()


def test_only_the_lead_makes_links(app_group: Any, member: Any) -> None:
    ordinary = make_member(app_group, username="gewoon")
    for user in (ordinary, member):
        with pytest.raises(PermissionDenied):
            services.invite_link_create(actor=user, initiative=app_group)


def test_invite_page_and_public_join(app_group: Any, group_admin: Any, client_for: Any, client: Any) -> None:
    page = client_for(group_admin)
    assert page.post(f"/groepen/{app_group.pk}/uitnodigen/", {"link": "1", "link-days": "5"}).status_code == 302
    link = InviteLink.objects.get()
    response = client.get(f"/groepen/uitnodiging/{_token(link)}/")
    assert response.status_code == 200 and "buurt-app-groep" in response.content.decode()
    response = client.post(f"/groepen/uitnodiging/{_token(link)}/", {"full_name": "Dirk", "email": "dirk@example.org"})
    assert 'id="invite-done"' in response.content.decode()
    assert client.get("/groepen/uitnodiging/rommel/").status_code == 410


def test_bulk_invite_preview_then_confirm(app_group: Any, group_admin: Any, client_for: Any) -> None:
    existing = make_member(app_group, username="bestaand", email="bestaand@example.org")
    text = ("eva@example.org, Frits Jansen <frits@example.org>\n"
            f"{existing.email}\nniet-een-adres\neva@example.org")
    lines = services.bulk_invite_preview(actor=group_admin, initiative=app_group, text=text)
    assert [(line.email, line.state) for line in lines] == [
        ("eva@example.org", "new"), ("frits@example.org", "new"), ("bestaand@example.org", "member"),
        ("niet-een-adres", "invalid"), ("eva@example.org", "duplicate"),
    ]
    assert lines[1].name == "Frits Jansen"
    count = Membership.objects.count()
    client = client_for(group_admin)
    response = client.post(f"/groepen/{app_group.pk}/uitnodigen/", {"bulk": "preview", "bulk-addresses": text})
    assert 'id="bulk-preview"' in response.content.decode() and Membership.objects.count() == count
    response = client.post(f"/groepen/{app_group.pk}/uitnodigen/", {"bulk": "confirm", "bulk-addresses": text})
    assert response.status_code == 302 and Membership.objects.count() == count + 2
    assert Membership.objects.get(user__email="frits@example.org").user.get_full_name() == "Frits Jansen"


def test_house_rules_version_gate_on_round_and_signal(team: Any, coordinator: Any, member: Any, app_group: Any,
                                                      group_admin: Any, safety_officer: Any) -> None:
    from buurtpreventie.signals import services as signal_services

    start = timezone.now() + dt.timedelta(days=1)
    round = RoundFactory(initiative=team, planned_start=start, planned_end=start + dt.timedelta(hours=2))
    patrol_services.round_signup(actor=member, round=round)  # default rules accepted at joining
    initiative_services.house_rules_publish(actor=coordinator, initiative=team, text="Nieuwe regel: hesje aan.")
    with pytest.raises(HouseRulesNotAccepted):
        patrol_services.round_signup(actor=member, round=round)
    membership = Membership.objects.get(initiative=team, user=member)
    initiative_services.house_rules_accept(actor=member, membership=membership, confirms_adult=True)
    patrol_services.round_signup(actor=member, round=round)
    assert HouseRulesAcceptance.objects.filter(membership=membership, rules_text="Nieuwe regel: hesje aan.").exists()

    # The municipality's version for app groups asks app-group members again before a signal.
    initiative_services.house_rules_publish(actor=safety_officer, municipality=app_group.municipality,
                                            kind="app_group", text="Gemeentelijke regels voor appgroepen v1")
    data = signal_services.SignalInput(observed_at=timezone.now(), place="Kerkstraat", category="other",
                                       behaviour="Iemand liet een hond los op het speelveld.")
    with pytest.raises(HouseRulesNotAccepted):
        signal_services.signal_file(actor=group_admin, initiative=app_group, data=data)
    with pytest.raises(PermissionDenied):
        initiative_services.house_rules_publish(actor=coordinator, municipality=app_group.municipality,
                                                kind="team", text="x")


def test_house_rules_page_accept_and_publish(team: Any, coordinator: Any, member: Any, client_for: Any) -> None:
    client = client_for(coordinator)
    assert client.post(f"/groepen/{team.pk}/huisregels/", {"text": "Versie twee"}).status_code == 302
    html = client_for(member).get(f"/groepen/{team.pk}/huisregels/").content.decode()
    assert "Versie twee" in html and 'id="rules-accept"' in html
    assert client_for(member).post(f"/groepen/{team.pk}/huisregels/", {"text": "x"}).status_code == 403


def test_broadcast_reaches_all_members_and_no_one_else(team: Any, coordinator: Any, member: Any, other_team: Any,
                                                       django_capture_on_commit_callbacks: Any) -> None:
    make_member(team, username="tweede", email="tweede@example.org")
    gone = make_member(team, username="weg", email="weg@example.org")
    Membership.objects.filter(user=gone).update(left_on=timezone.localdate() - dt.timedelta(days=1))
    outsider = make_member(other_team, username="buiten", email="buiten@example.org")
    UserFactory(username="los", email="los@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        broadcast = services.broadcast_send(actor=coordinator, initiative=team, subject="Vergadering",
                                            body="Donderdag 20.00 uur in het buurthuis.")
    assert broadcast.recipient_count == 2
    assert set(Notice.objects.values_list("user__username", flat=True)) == {member.username, "tweede"}
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert "tweede@example.org" in recipients
    assert not {"weg@example.org", "buiten@example.org", "los@example.org"} & set(recipients)
    assert outsider not in [n.user for n in Notice.objects.all()]
    with pytest.raises(PermissionDenied):
        services.broadcast_send(actor=member, initiative=team, subject="x", body="y")


def test_untrained_walker_warned_and_coordinator_sees_gaps(team: Any, coordinator: Any, member: Any,
                                                           client_for: Any) -> None:
    from buurtpreventie.initiatives.models import TrainingRecord

    start = timezone.now() + dt.timedelta(days=1)
    round = RoundFactory(initiative=team, planned_start=start, planned_end=start + dt.timedelta(hours=2))
    response = client_for(member).post(f"/rondes/{round.pk}/aanmelden/", follow=True)
    assert "nog niet gevolgd" in response.content.decode()
    assert round.participants.filter(user=member, cancelled_at__isnull=True).exists()  # warned, not refused
    coordinator_membership = Membership.objects.get(user=coordinator, initiative=team)
    TrainingRecord.objects.create(membership=coordinator_membership, kind="acute_danger",
                                  completed_on=timezone.localdate() - dt.timedelta(days=30))
    member_membership = Membership.objects.get(user=member, initiative=team)
    TrainingRecord.objects.create(membership=member_membership, kind="acute_danger",
                                  completed_on=timezone.localdate() - dt.timedelta(days=800))
    html = client_for(coordinator).get(f"/groepen/{team.pk}/trainingen/").content.decode()
    assert "verlopen op" in html and "1 lid mist een training." in html
    assert client_for(member).get(f"/groepen/{team.pk}/trainingen/").status_code == 403


def test_intake_notes_and_vog_staff_only(team: Any, coordinator: Any, safety_officer: Any, client_for: Any) -> None:
    from buurtpreventie.initiatives.models import Application, ApplicationKind, ApplicationStatus

    application = Application.objects.create(
        kind=ApplicationKind.JOIN, municipality=team.municipality, initiative=team, full_name="Gijs",
        email="gijs@example.org", status=ApplicationStatus.INTAKE, token="gijs-token-000000000000",
        intake_notes="Geheime gespreksnotitie", needs_vog=True, needs_training=True,
    )
    html = client_for(coordinator).get(f"/initiatieven/aanmeldingen/{application.pk}/").content.decode()
    assert "Geheime gespreksnotitie" not in html and "id_rec-needs_vog" not in html
    response = client_for(coordinator).post(f"/initiatieven/aanmeldingen/{application.pk}/", {
        "step": "record", "rec-intake_notes": "x", "rec-intake_why": "y"})
    assert response.status_code == 403
    html = client_for(safety_officer).get(f"/initiatieven/aanmeldingen/{application.pk}/").content.decode()
    assert "Geheime gespreksnotitie" in html and f"/groepen/{team.pk}/trainingen/" in html


def test_chat_group_size_counts_for_budget_per_member(app_group: Any, group_admin: Any, client_for: Any,
                                                      safety_officer: Any) -> None:
    from decimal import Decimal

    from buurtpreventie.engagement.models import BudgetRule
    from buurtpreventie.engagement.selectors import team_budget

    BudgetRule.objects.create(municipality=app_group.municipality, year=timezone.localdate().year,
                              basis="per_member", rate=Decimal("2.00"))
    assert team_budget(app_group, timezone.localdate().year).computed.amount == Decimal("2.00")  # 1 account
    response = client_for(group_admin).post(f"/groepen/{app_group.pk}/uitnodigen/", {"chat": "1", "chat-size": "85"})
    assert response.status_code == 302
    app_group.refresh_from_db()
    assert app_group.chat_group_size == 85 and app_group.reach == 85
    assert team_budget(app_group, timezone.localdate().year).computed.amount == Decimal("170.00")
    with pytest.raises(ValidationError):
        services.chat_group_size_set(actor=group_admin, initiative=app_group, size=-1)


def test_safety_officer_adds_extra_question_to_both_forms(team: Any, member: Any, app_group: Any,
                                                          safety_officer: Any, other_safety_officer: Any,
                                                          coordinator: Any, client_for: Any) -> None:
    from buurtpreventie.patrols.models import RoundStatus

    group_member = make_member(app_group, username="appgroeplid")
    client = client_for(safety_officer)
    response = client.post("/groepen/instellingen/", {"part": "questions",
                                                      "questions": "Hoe was de straatverlichting?\n"})
    assert response.status_code == 302
    start = timezone.now() - dt.timedelta(hours=3)
    round = RoundFactory(initiative=team, status=RoundStatus.ENDED, planned_start=start,
                         planned_end=start + dt.timedelta(hours=1))
    assert "Hoe was de straatverlichting?" in client_for(member).get(f"/rondes/{round.pk}/verslag/").content.decode()
    assert "Hoe was de straatverlichting?" in client_for(group_member).get("/signalen/nieuw/").content.decode()
    # Tenant-scoped: another municipality's officer sees and changes only his own; others may not.
    html = client_for(other_safety_officer).get("/groepen/instellingen/").content.decode()
    assert "Hoe was de straatverlichting?" not in html
    assert client_for(coordinator).get("/groepen/instellingen/").status_code == 403


def test_wijkagent_walks_along_counts_as_contact_and_appreciation(team: Any, coordinator: Any, member: Any,
                                                                   wijkagent: Any, client_for: Any,
                                                                   app_group: Any) -> None:
    from buurtpreventie.engagement.models import Appreciation, ContactLog

    start = timezone.now() + dt.timedelta(days=1)
    round = RoundFactory(initiative=team, planned_start=start, planned_end=start + dt.timedelta(hours=2))
    client = client_for(wijkagent)
    assert "Meelopen met deze ronde" in client.get(f"/rondes/{round.pk}/").content.decode()
    assert client.post(f"/groepen/ronde/{round.pk}/meelopen/").status_code == 302
    assert round.participants.filter(user=wijkagent, cancelled_at__isnull=True).exists()
    contact = ContactLog.objects.get(initiative=team)
    assert contact.kind == "round" and contact.professional == wijkagent and contact.contact_person == coordinator
    assert Appreciation.objects.filter(initiative=team, kind="round").count() == 1
    assert Notice.objects.filter(user=coordinator, text__contains="loopt mee").exists()
    services.round_walk_along(actor=wijkagent, round=round)  # twice: still one contact
    assert ContactLog.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.round_walk_along(actor=member, round=round)  # members sign up the normal way


def test_activity_planned_and_logged_counts(team: Any, coordinator: Any, member: Any, wijkagent: Any,
                                            client_for: Any) -> None:
    from buurtpreventie.groups.models import Activity
    from buurtpreventie.groups.selectors import activity_count

    client = client_for(coordinator)
    when = timezone.localtime() - dt.timedelta(days=1)
    response = client.post(f"/groepen/{team.pk}/activiteiten/", {
        "part": "plan", "kind": "campaign", "title": "Witte-voetjes-actie", "date": when.date().isoformat(),
        "time": "19:00", "place": "Molenstraat"})
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity_count(initiative=team) == 0
    response = client.post(f"/groepen/{team.pk}/activiteiten/", {
        "part": "done", "activity": activity.pk, "participants": "6", "outcome": "40 woningen bezocht"})
    assert response.status_code == 302 and activity_count(initiative=team) == 1
    html = client.get(f"/groepen/{team.pk}/activiteiten/").content.decode()
    assert "1 andere activiteit." in html
    assert client_for(member).post(f"/groepen/{team.pk}/activiteiten/", {
        "part": "plan", "kind": "other", "title": "x", "date": when.date().isoformat(), "time": "10:00"}
    ).status_code == 403
    # Appreciation the other way: the member thanks the wijkagent.
    response = client_for(member).post(f"/groepen/{team.pk}/activiteiten/", {
        "part": "thanks", "professional": wijkagent.pk, "message": "Dank voor het meelopen!"})
    assert response.status_code == 302
    assert Notice.objects.filter(user=wijkagent, text__contains="Dank voor het meelopen!").exists()


def test_budget_free_mode_spends_without_approval(team: Any, coordinator: Any, member: Any, client_for: Any) -> None:
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from buurtpreventie.engagement import services as engagement_services
    from buurtpreventie.engagement.models import BudgetRule, Expense
    from buurtpreventie.engagement.selectors import team_budget

    year = timezone.localdate().year
    rule = BudgetRule.objects.create(municipality=team.municipality, year=year, basis="fixed",
                                     rate=Decimal("300.00"), mode="approval")

    def receipt() -> Any:
        return SimpleUploadedFile("bon.pdf", b"%PDF-1.4 bon", content_type="application/pdf")

    with pytest.raises(ValidationError):  # approval mode: ask first
        engagement_services.free_spending_record(actor=coordinator, initiative=team, year=year,
                                                 amount=Decimal("50"), description="Hesjes",
                                                 spent_on=timezone.localdate(), receipt=receipt())
    BudgetRule.objects.filter(pk=rule.pk).update(mode="free")
    response = client_for(coordinator).post(f"/contact/budget/team/{team.pk}/?jaar={year}", {
        "action": "free", "amount": "120.00", "description": "Zaklampen en hesjes",
        "spent_on": timezone.localdate().isoformat(), "receipt": receipt()})
    assert response.status_code == 302, response.content.decode()[:500]
    overview = team_budget(team, year)
    assert overview.spent == Decimal("120.00") and overview.still_available == Decimal("180.00")
    assert Expense.objects.get().description == "Zaklampen en hesjes"
    with pytest.raises(ValidationError):  # more than is left
        engagement_services.free_spending_record(actor=coordinator, initiative=team, year=year,
                                                 amount=Decimal("200"), description="Te veel",
                                                 spent_on=timezone.localdate(), receipt=receipt())
    with pytest.raises(PermissionDenied):
        engagement_services.free_spending_record(actor=member, initiative=team, year=year, amount=Decimal("5"),
                                                 description="x", spent_on=timezone.localdate(), receipt=receipt())


def test_wording_platform_admin_and_app_group_statements(app_group: Any, safety_officer: Any) -> None:
    from buurtpreventie.accounts.roles import Role
    from buurtpreventie.surveys.forms import ResponseForm
    from buurtpreventie.surveys.models import Questionnaire

    assert str(Role.ADMINISTRATOR.label) == "Applicatiebeheerder"
    questionnaire = Questionnaire.objects.create(municipality=app_group.municipality, kind="motivation", title="M")
    questionnaire.questions.create(order=1, kind="statement", text="Via het buurtpreventieteam wil ik helpen.")
    labels = [str(f.label) for f in ResponseForm(questionnaire=questionnaire, teams=[app_group]).fields.values()]
    assert "Via de buurt-app-groep wil ik helpen." in labels


def test_group_pages_refuse_the_wrong_user(app_group: Any, group_admin: Any, team: Any, member: Any,
                                           other_safety_officer: Any, wijkagent: Any, client_for: Any) -> None:
    """Another municipality's officer sees nothing; an ordinary member or a professional may not manage."""
    link = services.invite_link_create(actor=group_admin, initiative=app_group)
    for path in (f"/groepen/{app_group.pk}/uitnodigen/", f"/groepen/{app_group.pk}/berichten/",
                 f"/groepen/{app_group.pk}/huisregels/", f"/groepen/{app_group.pk}/activiteiten/"):
        assert client_for(other_safety_officer).get(path).status_code == 404, path
    assert client_for(member).get(f"/groepen/{app_group.pk}/uitnodigen/").status_code in (403, 404)
    ordinary = make_member(app_group, username="gewoon-lid")
    client = client_for(ordinary)
    assert client.get(f"/groepen/{app_group.pk}/uitnodigen/").status_code == 403
    assert client.post(f"/groepen/{app_group.pk}/uitnodigen/{link.pk}/intrekken/").status_code == 403
    assert client.post(f"/groepen/{app_group.pk}/berichten/", {"subject": "x", "body": "y"}).status_code == 403
    assert client.get(f"/groepen/{app_group.pk}/berichten/").status_code == 200  # members read the history
    link.refresh_from_db()
    assert link.revoked_at is None
    # A link of one group cannot be revoked through another group's URL.
    coordinator_client = client_for(make_member(team, role="coordinator", username="coord-2"))
    assert coordinator_client.post(f"/groepen/{team.pk}/uitnodigen/{link.pk}/intrekken/").status_code == 404

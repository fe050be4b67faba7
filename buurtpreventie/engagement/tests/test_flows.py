from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from buurtpreventie.engagement import services
from buurtpreventie.engagement.models import (
    Appreciation,
    BudgetRequest,
    BudgetRule,
    ContactKind,
    ContactLog,
    Event,
    EventInvitation,
    Expense,
    Newsletter,
    NewsletterOptOut,
    PracticeExample,
)
from buurtpreventie.engagement.selectors import appreciation_reminders_for, newsletter_recipients
from buurtpreventie.initiatives.models import Initiative, Membership
from buurtpreventie.testing.factories import InitiativeFactory
from buurtpreventie.testing.helpers import make_member

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("bon.pdf", b"%PDF-1.4 test", content_type="application/pdf")


@pytest.fixture
def rule(municipality):
    return BudgetRule.objects.create(municipality=municipality, year=YEAR, basis="per_member", rate=Decimal("50"),
                                     minimum=Decimal("100"), maximum=Decimal("300"))


def test_budget_request_approve_spend_and_remaining(rule, team, coordinator, member, safety_officer):
    # 2 members → 100 (exactly the minimum)
    with pytest.raises(PermissionDenied):
        services.budget_request_submit(actor=member, initiative=team, year=YEAR, amount=Decimal("10"), purpose="x")
    with pytest.raises(ValidationError):
        services.budget_request_submit(actor=coordinator, initiative=team, year=YEAR, amount=Decimal("100.01"),
                                       purpose="te veel")
    req = services.budget_request_submit(actor=coordinator, initiative=team, year=YEAR, amount=Decimal("80"),
                                         purpose="Etentje")
    with pytest.raises(PermissionDenied):
        services.budget_request_decide(actor=coordinator, request=req, approve=True)
    with pytest.raises(ValidationError):
        services.expense_record(actor=coordinator, request=req, amount=Decimal("10"), description="x",
                                spent_on=date.today(), receipt=pdf())
    services.budget_request_decide(actor=safety_officer, request=req, approve=True, note="Prima")
    assert [h.status for h in req.history.all()] == ["requested", "approved"]
    with pytest.raises(ValidationError):
        services.budget_request_decide(actor=safety_officer, request=req, approve=False)
    services.expense_record(actor=coordinator, request=req, amount=Decimal("60"), description="Pizza",
                            spent_on=date.today(), receipt=pdf())
    with pytest.raises(ValidationError):
        services.expense_record(actor=coordinator, request=req, amount=Decimal("30"), description="Meer",
                                spent_on=date.today(), receipt=pdf())
    from buurtpreventie.engagement.selectors import team_budget

    b = team_budget(team, YEAR)
    assert (b.approved, b.spent, b.remaining, b.still_available) == (
        Decimal("80"), Decimal("60"), Decimal("20"), Decimal("20.00"))


def test_budget_rules_only_by_budget_managers(municipality, other_municipality, team, coordinator, wijkagent,
                                              safety_officer, other_safety_officer):
    data = {"initiative": team, "year": YEAR, "basis": "fixed", "rate": Decimal("100"), "minimum": Decimal("0")}
    for actor in (coordinator, wijkagent, other_safety_officer):
        with pytest.raises(PermissionDenied):
            services.budget_rule_save(actor=actor, municipality=municipality, data=data)
    with pytest.raises(ValidationError):
        services.budget_rule_save(actor=safety_officer, municipality=municipality,
                                  data={**data, "minimum": Decimal("200"), "maximum": Decimal("100")})
    services.budget_rule_save(actor=safety_officer, municipality=municipality, data=data)
    with pytest.raises(ValidationError):
        services.budget_rule_save(actor=safety_officer, municipality=municipality, data=data)  # duplicate
    foreign = InitiativeFactory(municipality=other_municipality)
    with pytest.raises(PermissionDenied):
        services.budget_rule_save(actor=safety_officer, municipality=municipality, data={**data, "initiative": foreign})


def test_budget_pages_and_csv(client_for, rule, team, other_team, coordinator, member, safety_officer,
                              other_safety_officer):
    c = client_for(safety_officer)
    html = c.get("/contact/budget/").content.decode()
    assert "2 actieve leden × € 50,00 = € 100,00" in html
    csv_body = c.get("/contact/budget/export.csv").content.decode("utf-8-sig")
    assert csv_body.splitlines()[0].startswith("team;jaar;grondslag;berekend_bedrag;formule")
    assert "Team Centrum" in csv_body and "100,00" in csv_body
    assert client_for(coordinator).get("/contact/budget/").status_code == 302
    assert client_for(coordinator).get(f"/contact/budget/team/{team.pk}/").status_code == 200
    assert client_for(coordinator).get(f"/contact/budget/team/{other_team.pk}/").status_code == 403
    assert client_for(member).get(f"/contact/budget/team/{team.pk}/").status_code == 403
    assert client_for(member).get("/contact/budget/export.csv").status_code == 403
    assert client_for(other_safety_officer).get(f"/contact/budget/team/{team.pk}/").status_code == 404
    # coordinator requests over HTTP, a bad amount re-renders with the error
    r = client_for(coordinator).post(f"/contact/budget/team/{team.pk}/", {"action": "request", "amount": "500",
                                                                          "purpose": "Training"})
    assert r.status_code == 200 and "Training" in r.content.decode() and "beschikbaar" in r.content.decode()
    r = client_for(coordinator).post(f"/contact/budget/team/{team.pk}/", {"action": "request", "amount": "90",
                                                                          "purpose": "Training"})
    assert r.status_code == 302
    req = BudgetRequest.objects.get()
    c.post(f"/contact/budget/team/{team.pk}/", {"action": "approve", "request": req.pk, "note": "ok"})
    req.refresh_from_db()
    assert req.status == "approved"
    r = client_for(coordinator).post(f"/contact/budget/team/{team.pk}/", {
        "action": "expense", "request": req.pk, "amount": "40", "description": "EHBO", "spent_on": "2026-03-01",
        "receipt": pdf()})
    assert r.status_code == 302
    expense = Expense.objects.get()
    assert client_for(coordinator).get(f"/contact/budget/bon/{expense.pk}/").status_code == 200
    assert client_for(member).get(f"/contact/budget/bon/{expense.pk}/").status_code == 403


def test_contact_log_permissions_and_scope(municipality, team, coordinator, member, wijkagent, safety_officer,
                                           other_safety_officer, dispatcher):
    log = services.contact_log(actor=wijkagent, initiative=team, contact_person=coordinator, kind=ContactKind.CALL)
    assert log.professional == wijkagent
    with pytest.raises(ValidationError):
        services.contact_log(actor=wijkagent, initiative=team, contact_person=member, kind=ContactKind.CALL)
    for actor in (member, coordinator, other_safety_officer, dispatcher):
        with pytest.raises(PermissionDenied):
            services.contact_log(actor=actor, initiative=team, contact_person=coordinator, kind=ContactKind.CALL)
    with pytest.raises(ValidationError):
        services.contact_log(actor=safety_officer, initiative=team, contact_person=coordinator, kind=ContactKind.CALL,
                             occurred_at=timezone.now() + timedelta(days=2))


def test_contact_page_lists_overdue_coordinator(client_for, municipality, team, coordinator, wijkagent, member,
                                                other_safety_officer):
    Membership.objects.filter(user=coordinator).update(joined_on=date(2020, 1, 1))
    ContactLog.objects.create(municipality=municipality, initiative=team, contact_person=coordinator,
                              professional=wijkagent, kind="email", occurred_at=timezone.now() - timedelta(days=70))
    html = client_for(wijkagent).get("/contact/").content.decode()
    assert "overdue-table" in html and str(coordinator) in html
    assert client_for(member).get("/contact/").status_code == 403
    r = client_for(wijkagent).post("/contact/", {"contact": Membership.objects.get(user=coordinator).pk,
                                                 "kind": "call", "occurred_at": "2026-01-10T10:00", "notes": "ok"})
    assert r.status_code == 302
    assert client_for(other_safety_officer).get("/contact/").content.decode().count(str(coordinator)) == 0


def test_event_invitations_and_attendance_count_as_meeting(municipality, team, coordinator, member, safety_officer,
                                                           wijkagent, django_capture_on_commit_callbacks):
    event = services.event_save(actor=safety_officer, municipality=municipality, data={
        "kind": "coordinators_meeting", "title": "Jaaroverleg", "starts_at": timezone.now() - timedelta(days=1)})
    with pytest.raises(PermissionDenied):
        services.event_invite(actor=wijkagent, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.event_invite(actor=safety_officer, event=event) == 1  # only the coordinator
    assert len(mail.outbox) == 1 and "Jaaroverleg" in mail.outbox[0].subject
    inv = EventInvitation.objects.get()
    services.attendance_record(actor=safety_officer, invitation=inv, attended=True)
    services.attendance_record(actor=safety_officer, invitation=inv, attended=True)
    assert ContactLog.objects.filter(kind=ContactKind.COORDINATORS_MEETING, contact_person=coordinator).count() == 1
    bbq = Event.objects.create(municipality=municipality, kind="member_event", title="BBQ", starts_at=timezone.now())
    assert services.event_invite(actor=safety_officer, event=bbq) == 2  # coordinator and member


def test_appreciation_log_and_reminder(municipality, team, wijkagent, member):
    Initiative.objects.filter(pk=team.pk).update(created_at=timezone.now() - timedelta(days=200))
    assert [r.initiative for r in appreciation_reminders_for(municipality)] == [team]
    with pytest.raises(PermissionDenied):
        services.appreciation_log(actor=member, initiative=team, kind="email")
    services.appreciation_log(actor=wijkagent, initiative=team, kind="local_paper",
                              occurred_on=timezone.localdate() - timedelta(days=5))
    assert appreciation_reminders_for(municipality) == []
    Appreciation.objects.update(occurred_on=timezone.localdate() - timedelta(days=91))
    assert appreciation_reminders_for(municipality)[0].days_silent == 91


def test_newsletter_html_text_and_unsubscribe(municipality, team, coordinator, member, safety_officer,
                                              django_capture_on_commit_callbacks):
    nl = services.newsletter_save(actor=safety_officer, municipality=municipality,
                                  data={"title": "Nieuws", "intro": "Hallo"})
    services.practice_example_add(actor=safety_officer, newsletter=nl,
                                  data={"title": "Witte voetjes", "body": "Het werkte", "initiative": team})
    with pytest.raises(PermissionDenied):
        services.newsletter_send(actor=coordinator, newsletter=nl)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.newsletter_send(actor=safety_officer, newsletter=nl) == 2
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert "Witte voetjes" in message.body
    html, mime = message.alternatives[0]  # type: ignore[attr-defined]  # an EmailMultiAlternatives
    assert mime == "text/html" and "<h2" in html and "Witte voetjes" in html
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = link.split("://", 1)[1].split("/", 1)[1]
    anon = Client()
    assert anon.get("/" + path).status_code == 200
    assert anon.post("/" + path).status_code == 200
    assert NewsletterOptOut.objects.count() == 1
    assert len(newsletter_recipients(municipality)) == 1
    assert anon.post("/contact/afmelden/vervalst/").status_code == 403
    with pytest.raises(ValidationError):
        services.newsletter_send(actor=safety_officer, newsletter=nl)
    with pytest.raises(ValidationError):
        services.practice_example_add(actor=safety_officer, newsletter=nl, data={"title": "x", "body": "y"})


def test_newsletter_pages(client_for, municipality, safety_officer, coordinator, other_safety_officer):
    nl = Newsletter.objects.create(municipality=municipality, title="Concept")
    PracticeExample.objects.create(newsletter=nl, title="Voorbeeld", body="Tekst")
    assert "Voorbeeld" in client_for(safety_officer).get(f"/contact/nieuwsbrief/{nl.pk}/").content.decode()
    assert client_for(coordinator).get(f"/contact/nieuwsbrief/{nl.pk}/").status_code == 403
    assert client_for(other_safety_officer).get(f"/contact/nieuwsbrief/{nl.pk}/").status_code == 404


def test_weekly_digest_command_and_task(municipality, team, coordinator, wijkagent, safety_officer,
                                        django_capture_on_commit_callbacks):
    Membership.objects.filter(user=coordinator).update(joined_on=date(2020, 1, 1))
    ContactLog.objects.create(municipality=municipality, initiative=team, contact_person=coordinator,
                              professional=wijkagent, kind="email", occurred_at=timezone.now() - timedelta(days=70))
    with django_capture_on_commit_callbacks(execute=True):  # e-mail leaves after the commit
        call_command("send_contact_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115 - queued task (immediate in tests)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert wijkagent.email in recipients
    body = next(m.body for m in mail.outbox if m.to == [wijkagent.email])
    assert str(coordinator) in body and "te laat" in body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_contact_digest", "--now", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert any(m.to == [wijkagent.email] for m in mail.outbox)


def test_evaluation_meeting_with_team_answers_and_action_points(client_for, municipality, team, coordinator,
                                                               safety_officer, member):
    from buurtpreventie.surveys.models import Channel
    from buurtpreventie.surveys.services import response_submit
    from buurtpreventie.surveys.tests.helpers import install

    evaluation = install(municipality)["evaluation"]
    statements = [q for q in evaluation.questions.all() if q.kind == "statement"]
    with pytest.raises(PermissionDenied):
        response_submit(actor=member, questionnaire=evaluation, channel=Channel.ONLINE, consent=True, initiative=team,
                        answers={q.pk: 4 for q in statements})
    response_submit(actor=coordinator, questionnaire=evaluation, channel=Channel.ONLINE, consent=True,
                    initiative=team, answers={q.pk: (5 if q.topic == "organisatie" else 2) for q in statements})
    meeting = services.evaluation_meeting_save(actor=safety_officer, municipality=municipality, data={
        "title": "Tussenevaluatie", "held_on": date(2026, 5, 1), "questionnaire": evaluation})
    services.action_point_add(actor=safety_officer, meeting=meeting, data={"description": "Vaker terugkoppelen",
                                                                           "initiative": team})
    html = client_for(safety_officer).get(f"/contact/evaluaties/{meeting.pk}/").content.decode()
    assert "kleur--green" in html and "kleur--red" in html and "Vaker terugkoppelen" in html
    assert client_for(coordinator).get(f"/contact/evaluaties/{meeting.pk}/").status_code == 403


def test_other_municipality_cannot_see_pages(client_for, other_safety_officer, municipality, team):
    event = Event.objects.create(municipality=municipality, kind="member_event", title="BBQ",
                                 starts_at=timezone.now())
    assert client_for(other_safety_officer).get(f"/contact/bijeenkomsten/{event.pk}/").status_code == 404
    assert Client().get("/contact/").status_code == 302


def test_member_from_other_team_sees_no_budget(client_for, rule, team):
    outsider = make_member(InitiativeFactory(municipality=team.municipality), username="buiten")
    assert client_for(outsider).get(f"/contact/budget/team/{team.pk}/").status_code == 403


def test_api_overdue_and_budgets(client_for, municipality, rule, team, coordinator, member, wijkagent,
                                 safety_officer):
    Membership.objects.filter(user=coordinator).update(joined_on=date(2020, 1, 1))
    data = client_for(wijkagent).get("/api/engagement/overdue").json()
    assert {d["kind"] for d in data} == {"checkin", "meeting"} and data[0]["person"] == str(coordinator)
    assert client_for(member).get("/api/engagement/overdue").status_code == 403
    budgets = client_for(safety_officer).get("/api/engagement/budgets").json()
    assert budgets[0]["formula"].startswith("2 actieve leden")
    assert client_for(coordinator).get("/api/engagement/budgets").status_code == 403


def test_budget_overview_query_count_does_not_grow_with_teams(client_for, municipality, wijk, rule, safety_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(safety_officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get("/contact/budget/").status_code == 200
        return len(ctx.captured_queries)

    for i in range(2):
        t = InitiativeFactory(municipality=municipality, wijken=[wijk])
        make_member(t, username=f"q{i}")
        BudgetRequest.objects.create(initiative=t, year=YEAR, amount=Decimal("10"), purpose="x")
    few = count()
    for i in range(6):
        t = InitiativeFactory(municipality=municipality, wijken=[wijk])
        make_member(t, username=f"r{i}")
        BudgetRequest.objects.create(initiative=t, year=YEAR, amount=Decimal("10"), purpose="x")
    assert count() == few


def test_budget_export_xlsx_and_csv_read_back(client_for, rule, team, safety_officer, member):
    import io

    import openpyxl
    import pandas as pd

    team.name = "=cmd|' /C calc'!A0"
    team.save(update_fields=["name"])
    c = client_for(safety_officer)
    csv_frame = pd.read_csv(io.BytesIO(c.get("/contact/budget/export.csv").content), sep=";", decimal=",",
                            encoding="utf-8-sig")
    row = csv_frame[csv_frame["team"].str.contains("calc")].iloc[0]
    assert row["team"].startswith("'=") and row["berekend_bedrag"] == 100.0
    response = c.get("/contact/budget/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = {cell.value: cell for row in sheet.iter_rows(min_row=2) for cell in row}
    assert cells["=cmd|' /C calc'!A0"].data_type == "s"
    frame = pd.read_excel(io.BytesIO(response.content), engine="openpyxl")
    assert 100.0 in frame["berekend_bedrag"].tolist()
    assert client_for(member).get("/contact/budget/export.xlsx").status_code == 403


def test_rfc8058_one_click_unsubscribe(municipality, team, coordinator, member, safety_officer, settings,
                                       django_capture_on_commit_callbacks):
    settings.BUURTPREVENTIE = {**settings.BUURTPREVENTIE, "PUBLIC_BASE_URL": "https://buurt.nijmegen.nl/"}
    nl = services.newsletter_save(actor=safety_officer, municipality=municipality,
                                  data={"title": "Nieuws", "intro": "Hallo"})
    with django_capture_on_commit_callbacks(execute=True):
        services.newsletter_send(actor=safety_officer, newsletter=nl)
    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("https://buurt.nijmegen.nl/contact/afmelden/")
    assert link in message.body  # the same absolute link in the text
    provider = Client(enforce_csrf_checks=True)  # a mail provider has no CSRF cookie
    path = link.removeprefix("https://buurt.nijmegen.nl")
    assert provider.get(path).status_code == 200 and NewsletterOptOut.objects.count() == 0  # GET changes nothing
    response = provider.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert NewsletterOptOut.objects.count() == 1
    assert provider.post(path, "List-Unsubscribe=One-Click",
                         content_type="application/x-www-form-urlencoded").status_code == 200  # idempotent
    assert NewsletterOptOut.objects.count() == 1
    tampered = path[:-3] + ("AAA" if not path.endswith("AAA/") else "BBB") + "/"
    assert provider.post(tampered, "List-Unsubscribe=One-Click",
                         content_type="application/x-www-form-urlencoded").status_code == 403

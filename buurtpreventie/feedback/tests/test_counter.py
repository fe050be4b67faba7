"""The one counter (F16): inbox per area, triage with append-only history, feedback, news."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from buurtpreventie.feedback import services
from buurtpreventie.feedback.models import Feedback, NewsItem, ReportEvent
from buurtpreventie.feedback.selectors import inbox_page, news_list_public
from buurtpreventie.notifications.models import Notice
from buurtpreventie.patrols import services as patrol_services
from buurtpreventie.patrols.models import PatrolReport, RoundStatus
from buurtpreventie.testing.factories import InitiativeFactory, RoundFactory, WijkFactory
from buurtpreventie.testing.helpers import make_member, make_professional

pytestmark = pytest.mark.django_db


def _report(author, team, wijk, **kw):
    start = timezone.now() - timedelta(hours=3)
    round = RoundFactory(initiative=team, wijk=wijk, status=RoundStatus.ENDED, planned_start=start,
                         planned_end=start + timedelta(hours=2), started_at=start, ended_at=start + timedelta(hours=2))
    return patrol_services.report_submit(actor=author, round=round, data=patrol_services.ReportInput(
        started_at=round.started_at, ended_at=round.ended_at, quiet=True, **kw))


def test_inbox_shows_reports_of_the_area_only(member, team, wijk, municipality, wijkagent, safety_officer,
                                              other_safety_officer, client_for):
    in_area = _report(member, team, wijk)
    other_wijk = WijkFactory(municipality=municipality, code="WK026897", name="Elders")
    team_elsewhere = InitiativeFactory(municipality=municipality, wijken=[other_wijk])
    elsewhere = _report(make_member(team_elsewhere, username="lid-elders"), team_elsewhere, other_wijk)
    ids = {r.pk for r in inbox_page(user=wijkagent, municipality_id=municipality.pk)}
    assert ids == {in_area.pk}
    assert {r.pk for r in inbox_page(user=safety_officer, municipality_id=municipality.pk)} == {in_area.pk,
                                                                                                 elsewhere.pk}
    page = client_for(wijkagent).get("/loket/").content.decode()
    assert f"/loket/verslag/{in_area.pk}/" in page and f"/loket/verslag/{elsewhere.pk}/" not in page
    assert client_for(wijkagent).get(f"/loket/verslag/{elsewhere.pk}/").status_code == 404
    # Another municipality and team members never reach the counter.
    # Asking for another municipality is refused, not silently answered with one's own.
    assert client_for(other_safety_officer).get("/loket/?gemeente=GM0268").status_code == 404
    foreign = client_for(other_safety_officer).get("/loket/").content.decode()
    assert f"/loket/verslag/{in_area.pk}/" not in foreign and "Alkmaar" in foreign
    assert client_for(other_safety_officer).get(f"/loket/verslag/{in_area.pk}/").status_code == 404
    assert client_for(member).get("/loket/").status_code == 403
    assert client_for(other_safety_officer).get(
        f"/api/feedback/inbox?municipality_id={municipality.pk}").status_code == 404


def test_inbox_keyset_pagination_and_bounded_queries(member, team, wijk, municipality, wijkagent, client_for):
    reports = [_report(member, team, wijk) for _ in range(7)]
    first = inbox_page(user=wijkagent, municipality_id=municipality.pk, limit=3)
    assert len(first) == 4  # one extra row tells there is a next page
    cursor = (first[2].submitted_at, first[2].pk)
    second = inbox_page(user=wijkagent, municipality_id=municipality.pk, limit=3, before=cursor)
    assert not {r.pk for r in first[:3]} & {r.pk for r in second}
    client = client_for(wijkagent)
    client.get("/loket/")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/loket/")
    assert response.status_code == 200
    assert len(ctx.captured_queries) <= 12
    assert not any("COUNT(" in q["sql"].upper() and "patrols_patrolreport" in q["sql"] for q in ctx.captured_queries)
    assert len(reports) == 7
    assert inbox_page(user=wijkagent, municipality_id=municipality.pk, with_observations=True) == []
    assert "Alleen met waarnemingen" in client.get("/loket/?waarnemingen=1").content.decode()


def test_status_change_appends_history(member, team, wijk, wijkagent, municipality):
    report = _report(member, team, wijk)
    boa = make_professional("boa", municipality, username="boa")
    services.report_status_change(actor=wijkagent, report=report, status="in_progress", assigned_to=boa,
                                  note="BOA gaat kijken")
    services.report_status_change(actor=wijkagent, report=report, status="done")
    report.refresh_from_db()
    assert report.status == "done" and report.assigned_to == boa
    assert [r.pk for r in inbox_page(user=boa, municipality_id=municipality.pk, assigned_to_me=True)] == [report.pk]
    assert inbox_page(user=wijkagent, municipality_id=municipality.pk, assigned_to_me=True) == []
    history = list(ReportEvent.objects.filter(report=report).order_by("id"))
    assert [(e.from_status, e.to_status) for e in history] == [("new", "in_progress"), ("in_progress", "done")]
    with pytest.raises(ValueError):
        history[0].save()
    with pytest.raises(ValueError):
        history[0].delete()
    outsider = make_professional("boa", WijkFactory().municipality, username="boa-elders")
    with pytest.raises(PermissionDenied):
        services.report_status_change(actor=outsider, report=report, status="done")
    with pytest.raises(PermissionDenied):
        services.report_status_change(actor=member, report=report, status="done")


def test_feedback_reaches_member_by_mail_and_notice(member, team, wijk, wijkagent, client_for,
                                                    django_capture_on_commit_callbacks):
    report = _report(member, team, wijk)
    client = client_for(wijkagent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/loket/verslag/{report.pk}/terugkoppeling/",
                               {"kind": "arrest", "body": "Dankzij uw melding is een verdachte aangehouden."})
    assert response.status_code == 302
    assert Feedback.objects.filter(report=report, kind="arrest").exists()
    assert Notice.objects.filter(user=member, read_at__isnull=True).count() == 1
    assert any(member.email in m.to for m in mail.outbox)
    report.refresh_from_db()
    assert report.status == "triaged"
    member_client = client_for(member)
    page = member_client.get(f"/rondes/verslagen/{report.pk}/").content.decode()
    assert "verdachte aangehouden" in page and "Aanhouding" in page
    notices = member_client.get("/loket/berichten/").content.decode()
    assert f"/rondes/verslagen/{report.pk}/" in notices
    assert Notice.objects.filter(user=member, read_at__isnull=True).count() == 0
    # An empty answer is refused and the form shown again.
    response = client.post(f"/loket/verslag/{report.pk}/terugkoppeling/", {"kind": "info", "body": ""})
    assert response.status_code == 400


def test_member_and_other_municipality_cannot_give_feedback(member, team, wijk, other_safety_officer):
    report = _report(member, team, wijk)
    for actor in (member, other_safety_officer):
        with pytest.raises(PermissionDenied):
            services.feedback_give(actor=actor, report=report, kind="info", body="x")


def test_news_publish_and_public_page(municipality, wijkagent, other_municipality, member, client, client_for):
    response = client_for(wijkagent).post("/loket/nieuws/", {"title": "Minder inbraken", "body": "Goed nieuws."})
    assert response.status_code == 302
    item = NewsItem.objects.get()
    assert list(news_list_public(municipality=municipality)) == [item]
    assert list(news_list_public(municipality=other_municipality)) == []
    public = client.get(f"/loket/nieuws/{item.slug}/")
    assert public.status_code == 200 and "Minder inbraken" in public.content.decode()
    with pytest.raises(PermissionDenied):
        services.news_publish(actor=member, municipality=municipality, title="x", body="y")
    assert client.get(f"/api/feedback/news?municipality={municipality.code}").json()[0]["title"] == "Minder inbraken"


def test_api_status_and_feedback(member, team, wijk, wijkagent, client_for):
    report = _report(member, team, wijk)
    client = client_for(wijkagent)
    response = client.post(f"/api/feedback/reports/{report.pk}/status", {"status": "in_progress"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "in_progress"
    response = client.post(f"/api/feedback/reports/{report.pk}/feedback", {"kind": "action", "body": "Gedaan."},
                           content_type="application/json")
    assert response.status_code == 201
    assert client_for(member).get(f"/api/feedback/reports/{report.pk}/feedback").json()[0]["body"] == "Gedaan."
    assert client_for(member).post(f"/api/feedback/reports/{report.pk}/status", {"status": "done"},
                                   content_type="application/json").status_code == 404
    assert PatrolReport.objects.get(pk=report.pk).status == "in_progress"

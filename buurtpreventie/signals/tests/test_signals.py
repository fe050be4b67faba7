"""Signals: filing (guard, SAAR, wijk snapping, defects), access, the counter, feedback, the feed,
and that app groups never plan or walk rounds."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from buurtpreventie.feedback import services as feedback_services
from buurtpreventie.feedback.models import Feedback, ReportEvent
from buurtpreventie.feedback.selectors import share_text
from buurtpreventie.notifications.models import Notice
from buurtpreventie.patrols.models import ForwardState, ReportSettings
from buurtpreventie.patrols.services import DefectInput
from buurtpreventie.signals import services
from buurtpreventie.signals.models import Signal
from buurtpreventie.signals.selectors import access_signal, signals_visible_to
from buurtpreventie.testing.factories import StreetFactory
from buurtpreventie.testing.helpers import make_member, make_professional

pytestmark = pytest.mark.django_db


def _input(**kw: Any) -> services.SignalInput:
    base: dict[str, Any] = {
        "observed_at": timezone.now() - dt.timedelta(minutes=5), "place": "Kerkstraat 12",
        "category": "suspicious", "behaviour": "Iemand probeerde bij drie auto's de portieren te openen.",
        "lat": 51.845, "lon": 5.865,
    }
    base.update(kw)
    return services.SignalInput(**base)


def test_member_files_signal_snapped_to_wijk(app_group: Any, group_member: Any, wijk: Any) -> None:
    signal = services.signal_file(actor=group_member, initiative=app_group, data=_input(called_112=False))
    assert signal.wijk == wijk
    assert signal.municipality_id == app_group.municipality_id
    assert signal.quality_score >= 80
    assert "saar" not in signal.quality_missing


def test_address_without_map_snaps_through_street(app_group: Any, group_member: Any, wijk: Any,
                                                  municipality: Any) -> None:
    street = StreetFactory(municipality=municipality, name="Molenstraat")
    street.wijken.set([wijk])
    signal = services.signal_file(actor=group_member, initiative=app_group,
                                  data=_input(place="Molenstraat 4", lat=None, lon=None))
    assert signal.wijk == wijk
    assert "map" not in signal.quality_missing


def test_anti_profiling_guard_is_the_reports_rule(app_group: Any, group_member: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.signal_file(actor=group_member, initiative=app_group,
                             data=_input(person={"person_gender": "man"}))
    assert "minstens 3 kenmerken" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError):
        services.signal_file(actor=group_member, initiative=app_group, data=_input(behaviour="verdacht"))
    assert not Signal.objects.exists()


def test_saar_called_112_needs_who(app_group: Any, group_member: Any) -> None:
    with pytest.raises(ValidationError):
        services.signal_file(actor=group_member, initiative=app_group, data=_input(called_112=True))
    signal = services.signal_file(
        actor=group_member, initiative=app_group,
        data=_input(called_112=True, called_112_by="me", called_112_at=timezone.now() - dt.timedelta(minutes=4)),
    )
    assert signal.called_112 and signal.called_112_by == "me"


def test_idempotent_on_client_uuid(app_group: Any, group_member: Any, group_admin: Any) -> None:
    key = uuid.uuid4()
    first = services.signal_file(actor=group_member, initiative=app_group, data=_input(client_uuid=key))
    again = services.signal_file(actor=group_member, initiative=app_group, data=_input(client_uuid=key))
    assert first.pk == again.pk and Signal.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.signal_file(actor=group_admin, initiative=app_group, data=_input(client_uuid=key))


def test_defect_is_forwarded_like_a_reports(app_group: Any, group_member: Any) -> None:
    signal = services.signal_file(actor=group_member, initiative=app_group,
                                  data=_input(defect=DefectInput(category="street_light", place="")))
    assert signal.defect is not None
    assert signal.defect.place == "Kerkstraat 12"
    assert signal.defect.report_id is None
    assert signal.defect.forward_state in (ForwardState.PENDING, ForwardState.NOT_CONFIGURED)


def test_outsiders_may_not_file(app_group: Any, team: Any, member: Any, wijkagent: Any) -> None:
    for user in (member, wijkagent):
        with pytest.raises(PermissionDenied):
            services.signal_file(actor=user, initiative=app_group, data=_input())
    # A team member files for his own team, outside a round.
    assert services.signal_file(actor=member, initiative=team, data=_input()).initiative == team


def test_access_pair(app_group: Any, group_member: Any, group_admin: Any, wijkagent: Any, municipality: Any,
                     other_safety_officer: Any) -> None:
    signal = services.signal_file(actor=group_member, initiative=app_group, data=_input())
    other_member = make_member(app_group, username="buurman")
    other_wijk_agent = make_professional("wijkagent", municipality, username="agent-elders",
                                         wijk=_other_wijk(municipality))
    for user in (group_member, group_admin, wijkagent):
        assert access_signal(user, signal.pk) == signal
        assert signal in signals_visible_to(user)
    for user in (other_member, other_wijk_agent, other_safety_officer):
        with pytest.raises(Http404):
            access_signal(user, signal.pk)
        assert signal not in signals_visible_to(user)


def _other_wijk(municipality: Any) -> Any:
    from buurtpreventie.testing.factories import WijkFactory

    return WijkFactory(municipality=municipality, code="WK026899", name="Elders")


def test_feedback_reaches_filer_and_admin_with_share_text(app_group: Any, group_member: Any, group_admin: Any,
                                                          wijkagent: Any, django_capture_on_commit_callbacks: Any
                                                          ) -> None:
    signal = services.signal_file(actor=group_member, initiative=app_group, data=_input())
    bystander = make_member(app_group, username="buurvrouw", email="buur@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        feedback = feedback_services.feedback_give(actor=wijkagent, signal=signal, kind="action",
                                                   body="We rijden vaker langs in de avond.")
    assert feedback.signal == signal and feedback.report is None
    assert set(Notice.objects.values_list("user__username", flat=True)) == {"appgroeplid", "beheerder"}
    assert sorted(m.to[0] for m in mail.outbox) == ["beheerder@example.org", "lid@example.org"]
    assert not Notice.objects.filter(user=bystander).exists()
    signal.refresh_from_db()
    assert signal.status == "triaged"
    text = share_text(feedback=feedback)
    assert "We rijden vaker langs" in text and "Kerkstraat" in text
    assert "12" not in text.split("Kerkstraat")[1][:4]  # no house number
    for name in (group_member.username, group_member.get_full_name(), wijkagent.get_full_name()):
        if name:
            assert name not in text


def test_triage_history_is_append_only(app_group: Any, group_member: Any, wijkagent: Any) -> None:
    signal = services.signal_file(actor=group_member, initiative=app_group, data=_input())
    event = feedback_services.signal_status_change(actor=wijkagent, signal=signal, status="in_progress",
                                                   assigned_to=wijkagent, note="Kijk ik na")
    signal.refresh_from_db()
    assert signal.status == "in_progress" and signal.assigned_to == wijkagent
    assert event.signal == signal and event.report is None
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(PermissionDenied):
        feedback_services.signal_status_change(actor=group_member, signal=signal, status="done")
    with pytest.raises(PermissionDenied):
        feedback_services.feedback_give(actor=group_member, signal=signal, kind="info", body="x")
    assert ReportEvent.objects.filter(signal=signal).count() == 1
    assert not Feedback.objects.exists()


def test_counter_lists_signals_beside_reports(app_group: Any, group_member: Any, wijkagent: Any,
                                              client_for: Any) -> None:
    signal = services.signal_file(actor=group_member, initiative=app_group, data=_input())
    client = client_for(wijkagent)
    page = client.get("/loket/")
    assert page.status_code == 200 and "1 nieuw" in page.content.decode()
    page = client.get("/loket/?soort=signalen")
    assert f'data-signal="{signal.pk}"' in page.content.decode()
    detail = client.get(f"/loket/signaal/{signal.pk}/")
    assert detail.status_code == 200 and "portieren te openen" in detail.content.decode()
    response = client.post(f"/loket/signaal/{signal.pk}/terugkoppeling/", {"kind": "info", "body": ""})
    assert response.status_code == 400
    response = client.post(f"/loket/signaal/{signal.pk}/terugkoppeling/", {"kind": "info", "body": "Dank, gezien."})
    assert response.status_code == 302
    member_page = client_for(group_member).get(f"/signalen/{signal.pk}/")
    assert "Dank, gezien." in member_page.content.decode() and "Kopieer tekst" in member_page.content.decode()
    assert client_for(group_member).get(f"/loket/signaal/{signal.pk}/").status_code in (403, 404)


def test_feed_filters_by_group_and_period(app_group: Any, group_member: Any, wijkagent: Any, team: Any,
                                          member: Any, municipality: Any, wijk: Any, client_for: Any) -> None:
    from buurtpreventie.testing.factories import InitiativeFactory

    other_group = InitiativeFactory(municipality=municipality, name="Appgroep Noord", kind="app_group",
                                    wijken=[wijk])
    other_member = make_member(other_group, username="noord")
    mine = services.signal_file(actor=group_member, initiative=app_group, data=_input())
    old = services.signal_file(actor=group_member, initiative=app_group,
                               data=_input(observed_at=timezone.now() - dt.timedelta(days=60)))
    noord = services.signal_file(actor=other_member, initiative=other_group, data=_input())
    team_signal = services.signal_file(actor=member, initiative=team, data=_input())
    client = client_for(wijkagent)
    html = client.get("/signalen/feed/").content.decode()
    assert f'data-signal="{mine.pk}"' in html and f'data-signal="{noord.pk}"' in html
    assert f'data-signal="{old.pk}"' not in html and f'data-signal="{team_signal.pk}"' not in html
    html = client.get(f"/signalen/feed/?groep={app_group.pk}").content.decode()
    assert f'data-signal="{noord.pk}"' not in html and f'data-signal="{mine.pk}"' in html
    since = (timezone.localdate() - dt.timedelta(days=70)).isoformat()
    html = client.get(f"/signalen/feed/?van={since}").content.decode()
    assert f'data-signal="{old.pk}"' in html
    assert client_for(group_member).get("/signalen/feed/").status_code == 403


def test_extra_question_on_both_forms(app_group: Any, group_member: Any, municipality: Any, client_for: Any) -> None:
    ReportSettings.objects.create(municipality=municipality,
                                  extra_questions=[{"key": "licht", "label": "Hoe was de verlichting?"}])
    html = client_for(group_member).get("/signalen/nieuw/").content.decode()
    assert "Hoe was de verlichting?" in html and "Signaleer, Alarmeer 112, App de groep, Reageer" in html


def test_signal_form_post(app_group: Any, group_member: Any, client_for: Any, wijk: Any) -> None:
    client = client_for(group_member)
    now = timezone.localtime() - dt.timedelta(minutes=3)
    data = {"initiative": app_group.pk, "category": "suspicious", "place": "Kerkstraat",
            "behaviour": "Twee mensen keken met een zaklamp in geparkeerde auto's.", "date": now.date().isoformat(),
            "time": now.strftime("%H:%M"), "called_112": "yes", "called_112_by": "", "lat": "51.845",
            "lon": "5.865", "client_uuid": str(uuid.uuid4())}
    response = client.post("/signalen/nieuw/", data)
    assert response.status_code == 200 and "Geef aan wie 112 heeft gebeld." in response.content.decode()
    assert 'value="Kerkstraat"' in response.content.decode()  # nothing typed is lost
    data["called_112_by"] = "group_member"
    response = client.post("/signalen/nieuw/", data)
    signal = Signal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/signalen/{signal.pk}/"
    assert signal.called_112_by == "group_member" and signal.wijk == wijk


def test_api_file_and_read(app_group: Any, group_member: Any, member: Any, client_for: Any) -> None:
    payload = {"initiative_id": app_group.pk, "observed_at": timezone.now().isoformat(), "place": "Kerkstraat",
               "category": "nuisance", "behaviour": "Groep jongeren gooit stenen naar lantaarnpalen.",
               "called_112": False}
    response = client_for(group_member).post("/api/signals/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert client_for(group_member).get(f"/api/signals/{pk}").status_code == 200
    assert client_for(member).get(f"/api/signals/{pk}").status_code == 404
    assert client_for(member).post("/api/signals/", payload, content_type="application/json").status_code == 404  # not his group
    bad = dict(payload, category="nope")
    assert client_for(group_member).post("/api/signals/", bad, content_type="application/json").status_code == 400


def test_app_group_is_refused_round_planning_on_page_and_api(app_group: Any, group_member: Any, group_admin: Any,
                                                             client_for: Any) -> None:
    start = timezone.now() + dt.timedelta(days=1)
    payload = {"initiative_id": app_group.pk, "planned_start": start.isoformat(),
               "planned_end": (start + dt.timedelta(hours=2)).isoformat()}
    for user in (group_member, group_admin):
        client = client_for(user)
        assert client.post("/api/patrols/rounds", payload, content_type="application/json").status_code == 403
        assert client.get("/rondes/plannen/").status_code == 403
        nav = client.get("/signalen/").content.decode()
        assert "Looprondes" not in nav and "Signalen" in nav


def test_app_group_member_is_not_told_about_rounds(group_member: Any, client_for: Any) -> None:
    from django.urls import reverse

    html = client_for(group_member).get(reverse("alerts:my_round")).content.decode()
    assert "U loopt op dit moment geen ronde" not in html and "Alarmen voor uw buurt" in html


def test_counter_api_for_signals(app_group: Any, group_member: Any, group_admin: Any, wijkagent: Any,
                                 member: Any, client_for: Any) -> None:
    signal = services.signal_file(actor=group_member, initiative=app_group, data=_input())
    agent = client_for(wijkagent)
    response = agent.post(f"/api/feedback/signals/{signal.pk}/status", {"status": "in_progress"},
                          content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "in_progress"
    response = agent.post(f"/api/feedback/signals/{signal.pk}/feedback", {"kind": "info", "body": "Gezien, dank."},
                          content_type="application/json")
    assert response.status_code == 201 and "Gezien, dank." in response.json()["share_text"]
    rows = client_for(group_admin).get(f"/api/feedback/signals/{signal.pk}/feedback").json()
    assert rows[0]["body"] == "Gezien, dank."
    assert client_for(member).get(f"/api/feedback/signals/{signal.pk}/feedback").status_code == 404
    assert client_for(group_member).post(f"/api/feedback/signals/{signal.pk}/status", {"status": "done"},
                                         content_type="application/json").status_code == 404

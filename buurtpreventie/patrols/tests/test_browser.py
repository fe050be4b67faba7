"""End to end on a phone: walk a round, file a complete report (also offline), read the feedback."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from buurtpreventie.feedback.services import feedback_give
from buurtpreventie.patrols.models import PatrolReport, Round, RoundStatus
from buurtpreventie.testing.browser import browser_login
from buurtpreventie.testing.factories import RoundFactory


def _wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_member_walks_round_files_complete_report_and_reads_feedback(phone_page, member, team, wijk, wijkagent,
                                                                     nijmegen_streets):
    page = phone_page
    round = RoundFactory(initiative=team, wijk=wijk, planned_start=timezone.now() - timedelta(minutes=5),
                         planned_end=timezone.now() + timedelta(hours=2), meeting_point="Grote Markt")
    browser_login(page, "lid")
    page.goto("/rondes/")
    page.click(f"a[href='/rondes/{round.pk}/']")
    page.click("text=Patrouillemodus")
    page.click("button >> text=Ronde starten")
    page.wait_for_selector("text=Ronde beëindigen")
    assert Round.objects.get(pk=round.pk).status == RoundStatus.RUNNING
    page.click("button >> text=Ronde beëindigen")
    page.wait_for_selector("#report-form")

    # Route with autocomplete input (Enter adds the street), then the other questions.
    for street in ["Grote Markt", "Burchtstraat", "Broerstraat"]:
        page.fill("#street-search", street)
        page.press("#street-search", "Enter")
    assert page.input_value("#id_route_streets") == "Grote Markt\nBurchtstraat\nBroerstraat"
    page.check("input[name=route_kind][value=alleys]")
    page.check("input[name=spoke_to_people][value=no]")
    page.check("input[name=focus_points] >> nth=0")
    page.fill("#id_obs-0-observed_time", "21:15")
    page.fill("#id_obs-0-place", "Burchtstraat 12")
    page.select_option("#id_obs-0-category", "burglary_risk")
    page.fill("#id_obs-0-behaviour", "Achterdeur stond wijd open, niemand thuis.")
    page.select_option("#id_defect-0-category", "street_light")
    page.fill("#id_defect-0-place", "Burchtstraat, paal 23")
    page.fill("#id_defect-0-description", "Lantaarnpaal brandt niet")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 362, f"report form is {width}px wide on a 360px phone"
    page.click("#report-submit")
    page.wait_for_url("**/rondes/verslagen/*/")
    report = PatrolReport.objects.get()
    assert report.route_streets == ["Grote Markt", "Burchtstraat", "Broerstraat"]
    assert report.defects.get().category == "street_light"
    assert report.quality_score >= 90
    assert "Kwaliteit" in page.inner_text("#quality")

    # The wijkagent answers; the member reloads and reads it.
    feedback_give(actor=wijkagent, report=report, kind="action", body="Bewoner gewaarschuwd, lamp gemeld.")
    page.reload()
    assert "Bewoner gewaarschuwd, lamp gemeld." in page.inner_text("#main")
    page.goto("/loket/berichten/")
    assert "heeft gereageerd op uw loopverslag" in page.inner_text("#main")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_offline_report_is_kept_and_sent_when_back_online(phone_page, member, team, wijk, nijmegen_streets):
    page = phone_page
    start = timezone.now() - timedelta(hours=2)
    round = RoundFactory(initiative=team, wijk=wijk, status=RoundStatus.ENDED, planned_start=start,
                         planned_end=start + timedelta(hours=1), started_at=start, ended_at=start + timedelta(hours=1))
    browser_login(page, "lid")
    page.goto(f"/rondes/{round.pk}/verslag/")
    page.fill("#id_route_streets", "Grote Markt\nHoutstraat")
    page.check("#id_quiet")
    page.context.set_offline(True)
    page.click("#report-submit")
    page.wait_for_selector("#outbox-status >> text=Geen verbinding")
    assert PatrolReport.objects.count() == 0
    assert page.evaluate("JSON.parse(localStorage.getItem('bp-report-outbox')).length") == 1
    page.context.set_offline(False)
    assert _wait_for(lambda: PatrolReport.objects.count() == 1), "the queued report never arrived"
    page.wait_for_selector("#outbox-status >> text=verstuurd")
    report = PatrolReport.objects.get()
    assert report.route_streets == ["Grote Markt", "Houtstraat"] and report.quiet
    assert page.evaluate("JSON.parse(localStorage.getItem('bp-report-outbox')).length") == 0

"""End to end on a phone: walk a round, file a complete report (also offline), read the feedback."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from buurtpreventie.patrols.models import PatrolReport, Round, RoundStatus
from buurtpreventie.testing.browser import browser_login, wait_ready_for_offline, wait_until
from buurtpreventie.testing.factories import RoundFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_member_walks_round_files_complete_report_and_reads_feedback(phone_page, live_server, member, team, wijk,
                                                                     wijkagent, nijmegen_streets):
    page = phone_page
    browser_login(page, "lid")
    # Plan the round through the roster page.
    page.goto("/rondes/")
    page.click("text=Ronde plannen")
    # A few minutes ahead (never in the past, whatever the planner's rules); a round planned late in
    # the evening runs past midnight, which the planner reads as a night round.
    soon = timezone.localtime() + timedelta(minutes=5)
    page.fill("#id_date", soon.date().isoformat())
    page.fill("#id_start_time", soon.strftime("%H:%M"))
    page.fill("#id_end_time", (soon + timedelta(hours=2)).strftime("%H:%M"))
    page.fill("#id_meeting_point", "Grote Markt")
    page.fill("#street-search", "Grote Markt")
    page.press("#street-search", "Enter")
    page.click("button >> text=Plannen")
    page.wait_for_selector("text=De ronde is gepland")
    round = Round.objects.get()
    assert round.meeting_point == "Grote Markt" and (round.planned_route or {})["features"][0]["properties"]["name"] == "Grote Markt"
    page.click("text=Patrouillemodus")
    page.click("button >> text=Ronde starten")
    page.wait_for_selector("text=Ronde beëindigen")
    assert Round.objects.get(pk=round.pk).status == RoundStatus.RUNNING
    page.click("button >> text=Ronde beëindigen")
    page.wait_for_selector("#report-form[data-ready='1']")  # draft restored before we type

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

    # The wijkagent (on a desktop, with two-factor login) sees it in the inbox and answers.
    desk = page.context.browser.new_context(base_url=live_server.url, locale="nl-NL")
    agent = desk.new_page()
    agent.set_default_timeout(20_000)
    browser_login(agent, "wijkagent")
    agent.goto("/loket/")
    agent.click(f"a[href='/loket/verslag/{report.pk}/']")
    agent.select_option("#id_kind", "action")
    agent.fill("#id_body", "Bewoner gewaarschuwd, lamp gemeld.")
    agent.click("button >> text=Terugkoppeling versturen")
    agent.wait_for_selector("text=Terugkoppeling verstuurd")
    # The defect is visible through the Open311 API.
    rows = agent.evaluate("fetch('/open311/v2/requests.json?jurisdiction_id=GM0268').then(r => r.json())")
    assert rows[0]["service_code"] == "street_light" and rows[0]["address"] == "Burchtstraat, paal 23"
    desk.close()

    # The member reads the answer and has a notification.
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
    # The service worker keeps the form page and its scripts for offline use (without report_form.js
    # offline, the form would be posted natively and the test would wait in vain).
    wait_ready_for_offline(page)
    page.context.set_offline(True)
    page.reload()  # no connection: the page still opens
    # wait until report_form.js has restored the draft and took over sending (a state, not the markup)
    page.wait_for_selector("#report-form[data-ready='1']")
    page.fill("#id_route_streets", "Grote Markt\nHoutstraat")
    page.check("#id_quiet")
    page.click("#report-submit")
    page.wait_for_selector("#outbox-status[data-state='queued']")  # a state, not a word (see outbox.js)
    assert "Geen verbinding" in page.inner_text("#outbox-status")
    assert PatrolReport.objects.count() == 0
    assert page.evaluate("JSON.parse(localStorage.getItem('bp-report-outbox')).length") == 1
    page.context.set_offline(False)
    assert wait_until(lambda: PatrolReport.objects.count() == 1), "the queued report never arrived"
    # "verstuurd" also appears in the queued and sending texts: wait for the state.
    page.wait_for_selector("#outbox-status[data-state='sent']")
    report = PatrolReport.objects.get()
    assert report.route_streets == ["Grote Markt", "Houtstraat"] and report.quiet
    assert page.evaluate("JSON.parse(localStorage.getItem('bp-report-outbox')).length") == 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_patrol_mode_shares_the_phone_position_while_running(phone_page, member, team, wijk):
    from buurtpreventie.patrols import services
    from buurtpreventie.patrols.models import Position

    round = RoundFactory(initiative=team, wijk=wijk, planned_start=timezone.now())
    services.round_start(actor=member, round=round)
    page = phone_page
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 51.8473, "longitude": 5.8645, "accuracy": 10})
    browser_login(page, "lid")
    page.goto(f"/rondes/{round.pk}/patrouille/")
    page.click("button >> text=Deel mijn locatie")
    page.wait_for_selector("text=Stop met locatie delen")
    assert wait_until(lambda: Position.objects.filter(round=round, user=member).exists()), "no position arrived"
    position = Position.objects.filter(round=round, user=member).first()
    assert abs(position.lat - 51.8473) < 1e-6 and abs(position.lon - 5.8645) < 1e-6

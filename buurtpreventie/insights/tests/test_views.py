"""The /inzicht/ pages: scoping, charts with tables and CSV, map data, fixed query count."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from buurtpreventie.engagement.rhythm import add_months
from buurtpreventie.insights.measures import month_start
from buurtpreventie.insights.models import EarlyWarning, HotspotCell, InsightSettings, TeamMonth, WijkMonth
from buurtpreventie.testing.factories import InitiativeFactory, WijkFactory
from buurtpreventie.testing.helpers import make_member, make_professional

from .helpers import municipality_months

pytestmark = pytest.mark.django_db


def _rows(team, *, rounds: int, reports: int, months: int = 6, index: int = 80, wijk=None):
    current = month_start(timezone.localdate())
    for i in range(months):
        m = add_months(current, -i)
        TeamMonth.objects.create(municipality=team.municipality, initiative=team, month=m, rounds_walked=rounds,
                                 rounds_planned=rounds, reports=reports, with_route_and_times=reports,
                                 quality_sum=reports * 70, led_to_action=1, answered=1, feedback_minutes=[90],
                                 members_end=5, activity_index=index)
        if wijk is not None:
            WijkMonth.objects.create(municipality=team.municipality, wijk=wijk, month=m, rounds_walked=rounds,
                                     reports=reports)
    municipality_months(team.municipality)


def test_coordinator_sees_own_team_and_average_never_another_team(client_for, municipality, wijk, team,
                                                                   other_team, coordinator):
    _rows(team, rounds=7, reports=7, index=71)
    _rows(other_team, rounds=13, reports=13, index=93)
    c = client_for(coordinator)
    html = c.get(f"/inzicht/team/{team.pk}/").content.decode()
    assert "Team Centrum" in html and "Team Elders" not in html
    assert "Gemiddeld team in Nijmegen" in html
    assert ">71<" in html and ">82<" in html  # own index and the average of both teams
    assert ">93<" not in html  # the other team's own figure never shows
    assert c.get(f"/inzicht/team/{other_team.pk}/").status_code == 403
    assert c.get(f"/inzicht/csv/team-activity/?team={other_team.pk}").status_code == 403
    assert c.get("/inzicht/csv/teams/").status_code == 403
    assert c.get("/inzicht/kaart.json").status_code == 403
    own = c.get(f"/inzicht/csv/team-activity/?team={team.pk}").content.decode("utf-8-sig")
    assert "Team Elders" not in own and ";93;" not in own


def test_dashboard_charts_have_tables_and_csv(client_for, municipality, wijk, team, other_team, safety_officer):
    _rows(team, rounds=7, reports=10, wijk=wijk)
    _rows(other_team, rounds=13, reports=10)
    c = client_for(safety_officer)
    html = c.get("/inzicht/").content.decode()
    for table_id in ("usefulness", "activity", "teams", "coverage"):
        assert f'data-insight-chart="{table_id}-data"' in html or table_id == "teams"
        assert f'id="{table_id}-table"' in html
        assert f"/inzicht/csv/{table_id}/" in html
    response = c.get("/inzicht/csv/teams/?maanden=6")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Team"
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Team Centrum"][4] == "42" and by_name["Team Elders"][4] == "78"  # rounds in 6 months
    usefulness = list(csv.reader(io.StringIO(c.get("/inzicht/csv/usefulness/?maanden=3").content.decode("utf-8-sig")),
                                 delimiter=";"))
    assert len(usefulness) == 4 and usefulness[-1][1] == "20"  # 3 months; 20 reports this month
    assert c.get("/inzicht/csv/nothing/").status_code == 404


def test_wijk_filter_and_uncovered_wijk(client_for, municipality, wijk, team, safety_officer):
    empty = WijkFactory(municipality=municipality, code="WK026899", name="Lege Wijk", inhabitants=4000)
    _rows(team, rounds=7, reports=10, wijk=wijk)
    html = client_for(safety_officer).get("/inzicht/").content.decode()
    assert 'id="uncovered"' in html and "Lege Wijk" in html
    filtered = client_for(safety_officer).get(f"/inzicht/?wijk={wijk.pk}").content.decode()
    assert "Mijn wijken" not in filtered and "Nijmegen-Centrum: verslagen en signalen" in filtered
    assert empty.pk


def test_map_shows_choropleth_and_only_aggregated_hotspots(client_for, municipality, wijk, team, safety_officer):
    wijk.geometry = {"type": "Polygon", "coordinates": [[[5.85, 51.84], [5.87, 51.84], [5.87, 51.85], [5.85, 51.84]]]}
    wijk.inhabitants = 1000
    wijk.save()
    _rows(team, rounds=5, reports=5, wijk=wijk)
    m = month_start(timezone.localdate())
    HotspotCell.objects.create(municipality=municipality, wijk=wijk, month=m, kind="observation",
                               cell_lat=51.84125, cell_lon=5.862, count=4)
    HotspotCell.objects.create(municipality=municipality, wijk=wijk, month=m, kind="observation",
                               cell_lat=51.84375, cell_lon=5.866, count=1)
    data = client_for(safety_officer).get("/inzicht/kaart.json?maanden=3").json()
    props = data["wijken"]["features"][0]["properties"]
    assert props["name"] == "Nijmegen-Centrum" and props["initiatives"] == 1 and props["rounds_per_1000"] == 15.0
    assert data["hotspots"] == [[51.84125, 5.862, 4]]  # a cell with a single observation is not shown


def test_warnings_list_links_to_act(client_for, municipality, team, safety_officer):
    judged = add_months(month_start(timezone.localdate()), -1)
    EarlyWarning.objects.create(municipality=municipality, initiative=team, month=judged, activity_index=31,
                                rule="falling", reasons=[{"code": "left", "n": 2, "months": 3}])
    html = client_for(safety_officer).get("/inzicht/").content.decode()
    assert "2 leden gestopt" in html
    assert f"/initiatieven/{team.pk}/continuiteit/" in html and f"/inzicht/team/{team.pk}/" in html


def test_wijk_scoped_officer_sees_only_teams_of_their_wijk(client_for, municipality, wijk, team):
    far = WijkFactory(municipality=municipality, code="WK026877", name="Verre Wijk")
    far_team = InitiativeFactory(municipality=municipality, name="Team Ver", wijken=[far])
    _rows(team, rounds=3, reports=3)
    _rows(far_team, rounds=3, reports=3)
    officer = make_professional("safety_officer", municipality, wijk=wijk)
    c = client_for(officer)
    html = c.get("/inzicht/").content.decode()
    assert "Team Centrum" in html and "Team Ver" not in html
    assert c.get(f"/inzicht/team/{far_team.pk}/").status_code == 403
    assert c.get(f"/inzicht/?wijk={far.pk}").status_code == 200  # filter outside scope is ignored
    assert c.get(f"/inzicht/kaart.json?wijk={far.pk}").status_code == 403


def test_dashboard_query_count_does_not_grow_with_teams(client_for, municipality, wijk, safety_officer,
                                                        django_assert_max_num_queries):
    def load() -> int:
        client = client_for(safety_officer)
        client.get("/inzicht/")  # warm: session, grants
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/inzicht/").status_code == 200
        return len(ctx.captured_queries)

    def add_teams(n: int, start: int) -> None:
        for i in range(start, start + n):
            w = WijkFactory(municipality=municipality, code=f"WK99{i:04d}", name=f"Wijk {i}", inhabitants=1000)
            t = InitiativeFactory(municipality=municipality, name=f"Team Q{i}", wijken=[w])
            for j in range(3):
                make_member(t, username=f"q{i}-{j}", role="coordinator" if j == 0 else "member")
            _rows(t, rounds=4, reports=4, wijk=w, months=12)
            EarlyWarning.objects.create(municipality=municipality, initiative=t, activity_index=20, rule="falling",
                                        month=add_months(month_start(timezone.localdate()), -1), reasons=[])

    add_teams(1, 0)
    few = load()
    add_teams(9, 1)  # ten times as many teams, members, rounds, reports and warnings
    many = load()
    assert few == many, (few, many)
    client = client_for(safety_officer)
    client.get("/inzicht/")
    with django_assert_max_num_queries(30):
        assert client.get("/inzicht/").status_code == 200


def test_public_summary_only_when_chosen(client, municipality, team):
    _rows(team, rounds=4, reports=6, months=1)
    assert client.get("/inzicht/openbaar/nijmegen/").status_code == 404
    InsightSettings.objects.create(municipality=municipality, public_summary=True)
    html = client.get("/inzicht/openbaar/nijmegen/").content.decode()
    assert 'id="public-figures"' in html and "Team Centrum" not in html
    assert "commitment-checks" not in html
    InsightSettings.objects.filter(municipality=municipality).update(public_commitments=True)
    assert "commitment-checks" in client.get("/inzicht/openbaar/nijmegen/").content.decode()
    assert date.today().year


def test_settings_change_thresholds_with_audit(client_for, municipality, safety_officer, coordinator, wijk):
    from buurtpreventie.core.models import AuditEntry

    c = client_for(safety_officer)
    assert "/inzicht/instellingen/" in c.get("/inzicht/").content.decode()
    bad = c.post("/inzicht/instellingen/", {"warning_threshold": "150", "falling_months": "3",
                                            "feedback_promise_days": "14"})
    assert bad.status_code == 400 and 'value="150"' in bad.content.decode()  # nothing lost
    ok = c.post("/inzicht/instellingen/", {"warning_threshold": "55", "falling_months": "2",
                                           "feedback_promise_days": "7", "public_summary": "on"})
    assert ok.status_code == 302
    conf = InsightSettings.objects.get(municipality=municipality)
    assert (conf.warning_threshold, conf.falling_months, conf.public_summary) == (55, 2, True)
    assert AuditEntry.objects.filter(action="insights.settings").exists()
    assert client_for(coordinator).get("/inzicht/instellingen/").status_code == 403
    scoped = make_professional("safety_officer", municipality, wijk=wijk)
    assert client_for(scoped).post("/inzicht/instellingen/", {"warning_threshold": "1"}).status_code == 403


def test_menu_shows_insights_to_coordinators(client_for, coordinator, member):
    assert 'href="/inzicht/"' in client_for(coordinator).get("/").content.decode()
    assert 'href="/inzicht/"' not in client_for(member).get("/").content.decode()

"""The yearly council report, read back with pypdf and openpyxl."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from buurtpreventie.initiatives.models import Commitment, PolicyGoal
from buurtpreventie.insights.models import TeamMonth

from .helpers import municipality_months

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_of_rows(municipality, team, other_team):
    for m in range(1, 13):
        for t, rounds in ((team, 4), (other_team, 8)):
            TeamMonth.objects.create(municipality=municipality, initiative=t, month=date(2025, m, 1),
                                     rounds_walked=rounds, rounds_planned=rounds, reports=rounds,
                                     with_route_and_times=rounds, quality_sum=rounds * 75, led_to_action=1,
                                     answered=rounds, feedback_minutes=[60] * rounds, members_end=6,
                                     activity_index=70)
    municipality_months(municipality)
    PolicyGoal.objects.create(municipality=municipality, goal_type="problems", description="Minder woninginbraken",
                              indicators="Rondes per maand per team\nTevredenheid bewoners", review_on=date(2025, 12, 31))
    Commitment.objects.create(municipality=municipality, party="police", contact_frequency="Maandelijks contact",
                              information_shared="Inbraakcijfers", time_and_resources="2 uur per maand")


def test_council_report_pdf_and_xlsx(client_for, safety_officer, year_of_rows):
    c = client_for(safety_officer)
    response = c.get("/inzicht/raadsbrief/2025.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Raadsinformatiebrief buurtpreventie Nijmegen 2025" in text
    assert "Rondes gelopen" in text and "144" in text  # 12 × (4 + 8)
    assert "Minder woninginbraken" in text and "Rondes per maand per team" in text and "6.0" in text
    assert "Terugkoppeling op verslagen en signalen" in text

    response = c.get("/inzicht/raadsbrief/2025.xlsx")
    wb = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in wb["Kerncijfers"].iter_rows(min_row=2, values_only=True)}
    assert summary["Rondes gelopen"] == 144 and summary["Loopverslagen"] == 144
    teams = list(wb["Activiteit per team"].iter_rows(values_only=True))
    assert ("Team Centrum", "Fysiek buurtpreventieteam", 70, 48, 48, 0) in teams
    goals = list(wb["Beleidsdoelen"].iter_rows(min_row=2, values_only=True))
    assert goals[0][1:3] == ("Rondes per maand per team", 6.0)
    assert goals[1][1:3] == ("Tevredenheid bewoners", None)  # not measurable: shown, not invented


def test_council_report_only_for_municipality_wide_staff(client_for, coordinator, wijkagent, other_safety_officer,
                                                         municipality, wijk, year_of_rows):
    from buurtpreventie.testing.helpers import make_professional

    assert client_for(coordinator).get("/inzicht/raadsbrief/2025.pdf").status_code == 403
    assert client_for(wijkagent).get("/inzicht/raadsbrief/2025.pdf").status_code == 403
    scoped = make_professional("safety_officer", municipality, wijk=wijk)
    assert client_for(scoped).get("/inzicht/raadsbrief/2025.xlsx").status_code == 403
    other = client_for(other_safety_officer).get("/inzicht/raadsbrief/2025.xlsx")
    wb = load_workbook(io.BytesIO(other.content))
    assert "Team Centrum" not in [r[0] for r in wb["Activiteit per team"].iter_rows(values_only=True)]


def test_council_report_command(tmp_path, year_of_rows):
    call_command("council_report", "nijmegen", "2025", out=str(tmp_path))
    assert PdfReader(str(tmp_path / "raadsbrief-nijmegen-2025.pdf")).pages
    wb = load_workbook(tmp_path / "raadsbrief-nijmegen-2025.xlsx")
    assert "Afspraken" in wb.sheetnames

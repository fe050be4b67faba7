"""The yearly council report (raadsinformatiebrief) per municipality: PDF (fpdf2) and XLSX (openpyxl).

Both are built from `report_data`, which reads only the monthly rows and the goals/commitments,
so the figures match the dashboard's."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from buurtpreventie.areas.models import Municipality
from buurtpreventie.engagement.rhythm import local_date
from buurtpreventie.initiatives.models import InitiativeKind
from buurtpreventie.initiatives.pdf import FONT, unicode_fonts

from . import figures, measures
from .aggregation import settings_for
from .models import EarlyWarning


@dataclass
class ReportData:
    municipality: Municipality
    year: int
    generated: date
    summary: list[tuple[str, Any]]
    tables: list[figures.Table]
    goals: list[figures.GoalIndicators]
    commitments: figures.CommitmentStatus


def report_data(*, municipality: Municipality, year: int, today: date | None = None) -> ReportData:
    today = today or local_date(timezone.now())
    period = figures.Period.year(year)
    conf = settings_for(municipality)
    teams = figures._teams(municipality)
    rows = figures._team_rows(municipality, period)
    muni = figures.municipality_rows(municipality, period.first, period.last)
    t = measures.totals(muni)
    u = measures.usefulness(t, promise_days=conf.feedback_promise_days)
    warnings = list(EarlyWarning.objects.filter(municipality=municipality, month__year=year)
                    .values_list("initiative_id", flat=True))
    summary: list[tuple[str, Any]] = [
        (_("Actieve buurtpreventieteams"), sum(1 for x in teams.values() if x.kind == InitiativeKind.TEAM)),
        (_("Actieve buurtpreventie-appgroepen"), sum(1 for x in teams.values() if x.kind == InitiativeKind.APP_GROUP)),
        (_("Rondes gelopen"), t.rounds_walked),
        (_("Loopverslagen"), t.reports),
        (_("Signalen"), t.signals),
        (_("% verslagen met route en tijden"), figures._pct(u.route_and_times_pct)),
        (_("Gemiddelde kwaliteitsscore"), figures._num(u.quality_mean)),
        (_("% leidde tot actie"), figures._pct(u.action_pct)),
        (_("Mediaan uren tot terugkoppeling"), figures._num(u.median_feedback_hours)),
        (_("% nooit beantwoord"), figures._pct(u.never_answered_pct)),
        (_("Vroegsignaleringen"), len(warnings)),
    ]
    use = figures.usefulness_table("usefulness", _("Nut per maand"), period,
                                   [(municipality.name, figures._by_month(muni))],
                                   promise_days=conf.feedback_promise_days)
    by_team: dict[int, list[Any]] = {}
    for r in rows:
        by_team.setdefault(r.initiative_id, []).append(r)
    team_table = figures.Table("teams", _("Activiteit per team"),
                               [_("Team"), _("Soort"), _("Gem. activiteitsindex"), _("Rondes gelopen"),
                                _("Verslagen en signalen"), _("Vroegsignaleringen")], [])
    for pk, info in teams.items():
        mine = by_team.get(pk, [])
        team_table.rows.append([
            info.name, str(InitiativeKind(info.kind).label),
            round(sum(r.activity_index for r in mine) / len(mine)) if mine else "",
            sum(r.rounds_walked for r in mine), sum(r.reports + r.signals for r in mine), warnings.count(pk)])
    cov = figures.coverage_of(teams=teams, wijken=figures.wijken_of(municipality),
                              rounds=figures.rounds_per_wijk(municipality, period.first, period.last))
    cov_table = figures.Table("coverage", _("Dekking per wijk"),
                              [_("Wijk"), _("Teams"), _("Appgroepen"), _("Actieve lopers"), _("Inwoners per loper"),
                               _("Rondes"), _("Rondes per 1.000 inwoners"), _("Misdrijven per 1.000 inwoners (CBS)")],
                              [[c.name, c.teams, c.app_groups, c.walkers, c.inhabitants_per_walker or "",
                                c.rounds_walked, figures._num(c.rounds_per_1000), figures._num(c.crime_per_1000)]
                               for c in cov])
    at = min(date(year, 12, 31), today)
    return ReportData(
        municipality, year, today, summary, [use, team_table, cov_table],
        figures.goal_indicators(municipality=municipality, today=at),
        figures.commitment_checks(municipality=municipality, rows=rows, filed=muni, settings=conf, period=period))


def _cell(v: Any) -> str:
    return "-" if v is None or v == "" else str(v)


def render_pdf(data: ReportData) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(orientation="L", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    unicode_fonts(pdf)
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    title = _("Raadsinformatiebrief buurtpreventie %(name)s %(year)s") % {"name": data.municipality.name,
                                                                          "year": data.year}
    pdf.set_title(title)
    pdf.multi_cell(0, 9, (title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(0, 5, (_("Opgesteld op %(date)s uit de maandcijfers van het platform.") % {
        "date": data.generated.strftime("%d-%m-%Y")}), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    def heading(text: str) -> None:
        pdf.ln(3)
        pdf.set_font(FONT, "B", 12)
        pdf.multi_cell(0, 7, (text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 8)

    def table(columns: list[str], rows: list[list[Any]]) -> None:
        width = (pdf.w - pdf.l_margin - pdf.r_margin) / max(1, len(columns))
        pdf.set_font(FONT, "B", 7)
        with pdf.table(col_widths=tuple(width for _c in columns), text_align="LEFT", line_height=4.5) as t:
            head = t.row()
            for c in columns:
                head.cell(_cell(c))
            pdf.set_font(FONT, "", 7)
            for r in rows:
                row = t.row()
                for v in r:
                    row.cell(_cell(v))

    heading(_("Kerncijfers"))
    table([_("Maat"), _("Waarde")], [[k, v] for k, v in data.summary])
    for tbl in data.tables:
        heading(tbl.title)
        table(tbl.columns, tbl.rows)
    heading(_("Beleidsdoelen"))
    goal_rows = []
    for g in data.goals:
        for i in g.indicators:
            goal_rows.append([g.goal.description[:80], i.text, "" if i.value is None else i.value,
                              g.at.strftime("%d-%m-%Y")])
    table([_("Doel"), _("Indicator"), _("Waarde"), _("Peildatum")], goal_rows or [[_("geen doelen"), "", "", ""]])
    heading(_("Afspraken van gemeente en politie"))
    table([_("Afspraak"), _("Beloofd"), _("Gebeurd"), _("Nagekomen?")],
          [[c.label, c.promised, c.actual, "" if c.met is None else (_("ja") if c.met else _("nee"))]
           for c in data.commitments.checks])
    return bytes(pdf.output())


def render_xlsx(data: ReportData) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("Kerncijfers")[:31]
    ws.append([_("Raadsinformatiebrief buurtpreventie %(name)s %(year)s") % {"name": data.municipality.name,
                                                                             "year": data.year}])
    ws["A1"].font = Font(bold=True, size=14)
    for k, v in data.summary:
        ws.append([k, v])

    def sheet(name: str, columns: list[str], rows: list[list[Any]]) -> None:
        s = wb.create_sheet(name[:31])
        s.append(columns)
        for cell in s[1]:
            cell.font = Font(bold=True)
        for r in rows:
            s.append(["" if v is None else v for v in r])

    for tbl in data.tables:
        sheet(tbl.title, tbl.columns, tbl.rows)
    sheet(_("Beleidsdoelen"), [_("Doel"), _("Indicator"), _("Waarde"), _("Peildatum")],
          [[g.goal.description, i.text, i.value, g.at] for g in data.goals for i in g.indicators])
    sheet(_("Afspraken"), [_("Afspraak"), _("Beloofd"), _("Gebeurd"), _("Nagekomen?")],
          [[c.label, c.promised, c.actual, "" if c.met is None else (_("ja") if c.met else _("nee"))]
           for c in data.commitments.checks])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

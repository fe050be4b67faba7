"""The covenant as a PDF to print and sign (fpdf2: pure Python, no system libraries).

The text is set in DejaVu Sans, embedded as a Unicode TrueType font (shipped in core/fonts), so any name
prints as typed ("Łukasz Şahin", "Çelik", "Nguyễn"). The document holds what a municipality signs: the
parties with their addresses and signatories' functions, start date, term and evaluation date, the
agreed roles and offer, action points, a privacy (AVG) clause, and signature blocks; every page carries
its number ("pagina 2 van 3")."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from .models import Agreement, AgreementTerms, Party

FONTS = Path(__file__).resolve().parents[1] / "core" / "fonts"
FONT = "DejaVu"


def unicode_fonts(pdf: FPDF) -> None:
    """Embed DejaVu Sans (regular, bold, italic) as FONT, so names such as "Łukasz Şahin" print."""
    for style, filename in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf"), ("I", "DejaVuSans-Oblique.ttf")):
        pdf.add_font(FONT, style, str(FONTS / filename))


class CovenantPDF(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.cell(0, 5, f"{self.footer_text} — " + _("pagina %(n)s van %(total)s") % {"n": self.page_no(),
                                                                                      "total": "{nb}"},
                  align="C")


def _cell(pdf: FPDF, height: float, text: str) -> None:
    pdf.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _heading(pdf: FPDF, text: str) -> None:
    pdf.set_font(FONT, "B", 12)
    _cell(pdf, 7, text)
    pdf.set_font(FONT, "", 10.5)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    import calendar

    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _fmt(day: date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else "……………………"


def agreement_pdf(agreement: Agreement) -> bytes:
    initiative = agreement.initiative
    terms = AgreementTerms.objects.filter(agreement=agreement).first() or AgreementTerms(agreement=agreement)
    pdf = CovenantPDF(format="A4")
    unicode_fonts(pdf)
    pdf.footer_text = _("Convenant %(name)s, versie %(v)s") % {"name": initiative.name, "v": agreement.version}
    pdf.set_title(_("Convenant %(name)s") % {"name": initiative.name})
    pdf.set_author(str(initiative.municipality))
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    _cell(pdf, 8, _("Convenant buurtpreventie: %(name)s") % {"name": initiative.name})
    pdf.set_font(FONT, "", 10)
    created = timezone.localtime(agreement.created_at).strftime("%d-%m-%Y")
    _cell(pdf, 5, _("Gemeente %(m)s - %(kind)s - versie %(v)s van %(date)s") % {
        "m": initiative.municipality, "kind": initiative.get_kind_display(), "v": agreement.version, "date": created})
    pdf.ln(4)

    names = {Party.CITIZENS: initiative.name, Party.MUNICIPALITY: _("Gemeente %(m)s") % {"m": initiative.municipality},
             Party.POLICE: _("Politie, basisteam voor %(m)s") % {"m": initiative.municipality}}
    _heading(pdf, _("Partijen"))
    for n, party in enumerate(Party, start=1):
        address, signatory, function = terms.party(party.value)
        _cell(pdf, 5.5, f"{n}. {names[party]} ({party.label})")
        if address.strip():
            _cell(pdf, 5, "    " + ", ".join(line.strip() for line in address.splitlines() if line.strip()))
        who = signatory or "……………………………………"
        _cell(pdf, 5, "    " + _("vertegenwoordigd door %(who)s, %(function)s")
              % {"who": who, "function": function or "……………………"})
        pdf.ln(1)
    pdf.ln(2)

    _heading(pdf, _("Looptijd en evaluatie"))
    start = terms.start_date
    end = _add_months(start, terms.term_months) if start else None
    evaluation = terms.evaluation_date or (_add_months(start, 12) if start else None)
    _cell(pdf, 5.5, _("Dit convenant gaat in op %(start)s en geldt %(months)s maanden, tot %(end)s. Partijen "
                      "evalueren de samenwerking uiterlijk op %(eval)s en besluiten dan over voortzetting.")
          % {"start": _fmt(start), "months": terms.term_months, "end": _fmt(end), "eval": _fmt(evaluation)})
    pdf.ln(3)

    sections = [
        (_("Rollen, taken en verantwoordelijkheden van de bewoners"), agreement.citizens_roles),
        (_("Rollen, taken en verantwoordelijkheden van gemeente en politie"), agreement.professionals_roles),
        (_("Wat wordt aangeboden, en waarom"), agreement.offered),
        (_("Wat wordt niet aangeboden, en waarom"), agreement.not_offered),
    ]
    for title, body in sections:
        _heading(pdf, str(title))
        _cell(pdf, 5.5, body or "-")
        pdf.ln(3)
    points = agreement.action_point_list()
    if points:
        _heading(pdf, _("Actiepunten"))
        for n, point in enumerate(points, start=1):
            _cell(pdf, 5.5, f"{n}. {point}")
        pdf.ln(3)

    _heading(pdf, _("Privacy (AVG)"))
    clause = _(
        "Partijen verwerken persoonsgegevens alleen voor zover dat nodig is voor deze samenwerking en volgens de "
        "Algemene verordening gegevensbescherming (AVG). De gemeente is verwerkingsverantwoordelijke voor de "
        "gegevens in het platform buurtpreventie. Bewoners leggen geen gegevens over personen vast buiten de "
        "afgesproken meldingen, delen geen foto's of namen van verdachten in appgroepen of op sociale media, en "
        "melden een datalek direct aan de gemeente. Gegevens worden niet langer bewaard dan nodig.")
    if terms.privacy_contact:
        clause += " " + _("Vragen over privacy: %(contact)s.") % {"contact": terms.privacy_contact}
    _cell(pdf, 5.5, clause)
    pdf.ln(3)

    _heading(pdf, _("Ondertekening"))
    accepted = {a.party: a for a in agreement.acceptances.all()}
    for party in Party:
        _address, signatory, function = terms.party(party.value)
        done = accepted.get(party.value)
        pdf.ln(2)
        pdf.set_font(FONT, "B", 10.5)
        _cell(pdf, 6, f"{names[party]} ({party.label})")
        pdf.set_font(FONT, "", 10.5)
        if done:
            _cell(pdf, 5.5, _("geaccepteerd door %(name)s op %(date)s") % {
                "name": done.signed_by_name, "date": timezone.localtime(done.accepted_at).strftime("%d-%m-%Y")})
            if function:
                _cell(pdf, 5.5, _("functie: %(function)s") % {"function": function})
        else:
            _cell(pdf, 5.5, _("naam: %(name)s    functie: %(function)s") % {
                "name": signatory or "……………………………", "function": function or "……………………"})
            _cell(pdf, 8, _("handtekening: ……………………………………    datum: ……………………"))
    pdf.ln(4)
    pdf.set_font(FONT, "I", 9)
    _cell(pdf, 4.5, _("Bewoners signaleren en melden; zij nemen nooit de taak van politie of gemeente over. "
                      "Bij direct gevaar: bel 112."))
    return bytes(pdf.output())

"""The covenant as a PDF to print and sign (fpdf2: pure Python, no system libraries)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from .models import Agreement, Party

_REPLACE = {"—": "-", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "€": "EUR ", "•": "-"}


def _latin1(text: str) -> str:
    """The built-in PDF fonts cover Latin-1 (ë, ö, é...); map the few other characters people type."""
    for old, new in _REPLACE.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")


def _cell(pdf: FPDF, height: float, text: str) -> None:
    pdf.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def agreement_pdf(agreement: Agreement) -> bytes:
    initiative = agreement.initiative
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(_("Convenant %(name)s") % {"name": initiative.name}))
    pdf.set_author(_latin1(str(initiative.municipality)))
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    _cell(pdf, 8, _latin1(_("Convenant buurtpreventie: %(name)s") % {"name": initiative.name}))
    pdf.set_font("Helvetica", "", 10)
    created = timezone.localtime(agreement.created_at).strftime("%d-%m-%Y")
    _cell(
        pdf,
        5,
        _latin1(
            _("Gemeente %(m)s - %(kind)s - versie %(v)s van %(date)s")
            % {
                "m": initiative.municipality,
                "kind": initiative.get_kind_display(),
                "v": agreement.version,
                "date": created,
            }
        ),
    )
    pdf.ln(4)
    sections = [
        (_("Rollen, taken en verantwoordelijkheden van de bewoners"), agreement.citizens_roles),
        (_("Rollen, taken en verantwoordelijkheden van gemeente en politie"), agreement.professionals_roles),
        (_("Wat wordt aangeboden, en waarom"), agreement.offered),
        (_("Wat wordt niet aangeboden, en waarom"), agreement.not_offered),
    ]
    for title, body in sections:
        pdf.set_font("Helvetica", "B", 12)
        _cell(pdf, 7, _latin1(str(title)))
        pdf.set_font("Helvetica", "", 11)
        _cell(pdf, 5.5, _latin1(body or "-"))
        pdf.ln(3)
    points = agreement.action_point_list()
    if points:
        pdf.set_font("Helvetica", "B", 12)
        _cell(pdf, 7, _latin1(_("Actiepunten")))
        pdf.set_font("Helvetica", "", 11)
        for n, point in enumerate(points, start=1):
            _cell(pdf, 5.5, _latin1(f"{n}. {point}"))
        pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    _cell(pdf, 7, _latin1(_("Ondertekening")))
    pdf.set_font("Helvetica", "", 11)
    accepted = {a.party: a for a in agreement.acceptances.all()}
    for party in Party:
        pdf.ln(2)
        done = accepted.get(party.value)
        line = f"{party.label}: "
        if done:
            line += _("geaccepteerd door %(name)s op %(date)s") % {
                "name": done.signed_by_name,
                "date": timezone.localtime(done.accepted_at).strftime("%d-%m-%Y"),
            }
        else:
            line += _(
                "naam ......................................  handtekening ......................  datum .........."
            )
        _cell(pdf, 8, _latin1(str(line)))
    pdf.ln(4)
    pdf.set_font("Helvetica", "I", 9)
    _cell(
        pdf,
        4.5,
        _latin1(
            _(
                "Bewoners signaleren en melden; zij nemen nooit de taak van politie of gemeente over. "
                "Bij direct gevaar: bel 112."
            )
        ),
    )
    return bytes(pdf.output())

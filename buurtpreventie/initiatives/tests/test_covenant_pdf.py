"""The covenant PDF read back with pypdf: Unicode names in the text layer, the parties with addresses and
functions, dates, the AVG clause and page numbers."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from buurtpreventie.initiatives.models import Agreement, AgreementTerms, Party
from buurtpreventie.initiatives.pdf import agreement_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(team):
    team.name = "Buurtpreventie Çelik-Şahin"
    team.save(update_fields=["name"])
    return Agreement.objects.create(initiative=team, version=1, citizens_roles="Łukasz Şahin loopt mee. " * 200,
                                    professionals_roles="Wijkagent Nguyễn koppelt terug.", offered="Hesjes",
                                    not_offered="Portofoons", action_points="Eén\nTwee")


def _text(content: bytes) -> tuple[str, list[str]]:
    reader = PdfReader(io.BytesIO(content))
    pages = [page.extract_text() for page in reader.pages]
    return "\n".join(pages), pages


def test_unicode_names_and_the_signed_content(agreement, safety_officer, client_for):
    AgreementTerms.objects.create(
        agreement=agreement, start_date=date(2026, 1, 15), term_months=24,
        citizens_address="Kerkstraat 1\n6511 AB Nijmegen", citizens_signatory="Łukasz Şahin",
        municipality_address="Korte Nieuwstraat 6, Nijmegen", municipality_signatory="H. Bruls",
        municipality_function="burgemeester", police_signatory="A. de Vries", police_function="teamchef",
        privacy_contact="fg@nijmegen.nl")
    agreement.acceptances.create(party=Party.MUNICIPALITY, signed_by_name="Olga Ĳsselstein")
    response = client_for(safety_officer).get(reverse("initiatives:agreement_pdf", args=[agreement.pk]))
    assert response.status_code == 200
    text, pages = _text(response.content)
    flat = " ".join(text.split())
    assert "Łukasz Şahin" in flat and "Nguyễn" in flat and "Çelik-Şahin" in flat and "Ĳsselstein" in flat
    assert "?ukasz" not in flat
    assert "Kerkstraat 1, 6511 AB Nijmegen" in flat
    assert "vertegenwoordigd door H. Bruls, burgemeester" in flat
    assert "15-01-2026" in flat and "24 maanden, tot 15-01-2028" in flat and "uiterlijk op 15-01-2027" in flat
    assert "Algemene verordening gegevensbescherming (AVG)" in flat and "fg@nijmegen.nl" in flat
    assert len(pages) >= 2
    for n, page in enumerate(pages, start=1):
        assert f"pagina {n} van {len(pages)}" in page
    # The font is embedded (a subset of DejaVu Sans), not a built-in Latin-1 font.
    reader = PdfReader(io.BytesIO(response.content))
    fonts = {str(f["/BaseFont"]) for p in reader.pages
             for f in p["/Resources"]["/Font"].values()}  # type: ignore[index]  # pypdf types values loosely
    assert any("DejaVu" in f for f in fonts)


def test_without_terms_the_pdf_has_fill_in_lines(agreement):
    flat = " ".join(_text(agreement_pdf(agreement))[0].split())
    assert "handtekening:" in flat and "Partijen" in flat and "24 maanden" in flat


def test_terms_page_for_managers_only(agreement, safety_officer, member, client_for):
    url = reverse("initiatives:agreement_terms", args=[agreement.pk])
    client = client_for(safety_officer)
    assert client.get(url).status_code == 200
    response = client.post(url, {"start_date": "2026-03-01", "term_months": "12", "evaluation_date": "2026-01-01"})
    assert response.status_code == 200 and "vóór de ingangsdatum" in response.content.decode()
    response = client.post(url, {"start_date": "2026-03-01", "term_months": "12", "municipality_function": "wethouder",
                                 "citizens_function": "coördinator", "police_function": "teamchef"})
    assert response.status_code == 302
    assert AgreementTerms.objects.get(agreement=agreement).municipality_function == "wethouder"
    assert client_for(member).get(url).status_code in (302, 403, 404)

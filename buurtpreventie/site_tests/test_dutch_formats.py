"""Dutch formats through Django's localisation: numbers, amounts, dates, role names, labels."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation

pytestmark = pytest.mark.django_db


def _render(source: str, **context: Any) -> str:
    return Template("{% load bp_format %}" + source).render(Context(context))


@pytest.mark.parametrize(("lang", "expected"), [
    ("nl", "12.705 · € 120,00 · 2 dec. 2026 · 31 mei 2027"),
    ("en", "12,705 · €120.00 · 2 Dec 2026 · 31 May 2027"),
])
def test_format_filters(lang: str, expected: str) -> None:
    with translation.override(lang):
        assert _render("{{ n|number }} · {{ a|euro }} · {{ d|shortdate }} · {{ m|shortdate }}",
                       n=12705, a=Decimal("120"), d=date(2026, 12, 2), m=date(2027, 5, 31)) == expected


def test_wijk_page_groups_thousands(wijk: Any, wijkagent: Any, client_for: Any) -> None:
    wijk.inhabitants = 12705
    wijk.save(update_fields=["inhabitants"])
    html = client_for(wijkagent).get(f"/wijken/{wijk.code}/").content.decode()
    assert "12.705" in html and "12705" not in html


def test_profile_shows_role_names_not_codes(member: Any, client_for: Any) -> None:
    html = client_for(member).get("/account/profiel/").content.decode()
    assert "Buurtprevent" in html and ">member<" not in html and "member," not in html


def test_labels_have_no_double_punctuation_and_required_fields_are_marked(safety_officer: Any, municipality: Any,
                                                                          client_for: Any) -> None:
    from buurtpreventie.public.forms import ApplicationForm  # has "Ik ben 18 jaar of ouder."

    form_html = str(ApplicationForm(municipality=municipality))
    assert "ouder.:" not in form_html and "ouder." in form_html
    html = client_for(safety_officer).get("/initiatieven/nieuw/").content.decode()
    assert "Velden met een * zijn verplicht." in html
    assert 'Naam <span class="required" aria-hidden="true">*</span></label>' in html


def test_no_guideline_section_numbers_in_form_labels() -> None:
    import re

    from buurtpreventie.initiatives.forms import IntakeRecordForm

    labels = " ".join(str(f.label) for f in IntakeRecordForm().fields.values())
    assert not re.search(r"\(\d\.\d(\.\d)?\)", labels)


@pytest.mark.parametrize(("lang", "expected"), [("nl", "2 dec. 2026 21:30"), ("en", "2 Dec 2026 21:30")])
def test_shortdatetime_in_local_time(lang: str, expected: str, settings: Any) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    moment = datetime(2026, 12, 2, 20, 30, tzinfo=ZoneInfo("UTC"))  # 21:30 in Amsterdam
    with translation.override(lang):
        assert _render("{{ m|shortdatetime }}", m=moment) == expected
        assert _render('{{ m|shortdatetime:"s" }}', m=moment) == expected + ":00"


def test_every_status_badge_is_the_component() -> None:
    """One badge markup: templates include components/status_badge.html instead of hand-written spans."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    hand_written = [str(p.relative_to(root)) for p in root.rglob("*.html")
                    if 'class="badge' in p.read_text(encoding="utf-8") and "components" not in p.parts]
    assert hand_written == []


def test_dates_in_templates_use_the_dutch_short_month() -> None:
    """Django's "M" gives "Okt"/"Mei"; pages use shortdate/shortdatetime ("12 okt. 2026", "31 mei 2027")."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.html")
                 if re.search(r'\|date:"[^"]*\bM\b', p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_budget_pages_show_euros_the_dutch_way(safety_officer: Any, team: Any, client_for: Any) -> None:
    from django.utils import timezone

    from buurtpreventie.engagement.models import BudgetRequest

    year = timezone.localdate().year
    BudgetRequest.objects.create(initiative=team, year=year, amount=Decimal("1120"),
                                 purpose="Hesjes", requested_by=safety_officer)
    html = client_for(safety_officer).get(f"/contact/budget/?jaar={year}").content.decode()
    assert "€ 1.120,00" in html


def test_insights_tables_group_thousands_and_show_no_guideline_numbers(safety_officer: Any, client_for: Any) -> None:
    from buurtpreventie.insights.figures import Table

    with translation.override("nl"):
        assert '<td class="num">8.852</td>' in Table("t", "T", ["a", "b"], [["x", 8852]]).body_html()
    html = client_for(safety_officer).get("/inzicht/").content.decode()
    assert "(F2" not in html and "(F1)" not in html and "per 1000 " not in html and "per 1.000 inwoners" in html


def test_every_form_page_explains_the_required_mark(member: Any, team: Any, client_for: Any) -> None:
    """The note comes with the error summary include, so each form that has one explains the *."""
    html = client_for(member).get("/rondes/plannen/").content.decode()
    assert html.count("Velden met een * zijn verplicht.") == 1
    assert 'Datum <span class="required" aria-hidden="true">*</span>' in html


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_shortdate_months_are_the_localised_ones_in_every_language(lang: str) -> None:
    """The month text is remembered per language: every month still reads as Django formats it,
    and switching language switches it."""
    from django.utils import formats

    from buurtpreventie.core.templatetags.bp_format import shortdate

    for month in range(1, 13):
        day = date(2027, month, 3)
        with translation.override(lang):
            if lang == "en":
                expected = formats.date_format(day, "j M Y")
            else:
                short, full = formats.date_format(day, "b"), formats.date_format(day, "F").lower()
                expected = f"3 {short}{'' if short == full else '.'} 2027"
            assert shortdate(day) == expected
    with translation.override("nl"):
        assert shortdate(date(2027, 10, 12)) == "12 okt. 2027"
    with translation.override("en"):
        assert shortdate(date(2027, 10, 12)) == "12 Oct 2027"

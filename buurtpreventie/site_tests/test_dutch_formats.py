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

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from buurtpreventie.engagement.budgets import compute
from buurtpreventie.engagement.models import BudgetRule
from buurtpreventie.engagement.selectors import team_budget
from buurtpreventie.testing.factories import InitiativeFactory, WijkFactory
from buurtpreventie.testing.helpers import make_member


def rule(basis: str, rate: str, minimum: str = "0", maximum: str | None = None, activity: str = ""):
    return SimpleNamespace(basis=basis, rate=Decimal(rate), minimum=Decimal(minimum),
                           maximum=Decimal(maximum) if maximum else None, activity=activity)


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def test_per_member_between_limits():
    b = compute(rule("per_member", "25", "100", "500"), active_members=6, inhabitants=None)
    assert b.amount == Decimal("150.00") and b.limit == ""
    assert b.formula == "6 actieve leden × € 25,00 = € 150,00"


def test_exactly_at_minimum_and_maximum_is_not_clamped():
    assert compute(rule("per_member", "25", "100", "500"), active_members=4, inhabitants=None).limit == ""
    b = compute(rule("per_member", "25", "100", "500"), active_members=20, inhabitants=None)
    assert b.amount == Decimal("500.00") and b.limit == ""


def test_zero_members_gets_the_minimum():
    b = compute(rule("per_member", "25", "100", "500"), active_members=0, inhabitants=None)
    assert b.amount == Decimal("100.00") and b.limit == "minimum" and b.raw == Decimal("0.00")
    assert "minimum" in b.formula


def test_above_maximum_is_capped_with_formula():
    b = compute(rule("per_inhabitant", "0.02", "150", "600"), active_members=3, inhabitants=35410)
    assert b.amount == Decimal("600.00") and b.raw == Decimal("708.20") and b.limit == "maximum"
    assert b.formula.startswith("35.410 inwoners × € 0,02 = € 708,20")


def test_unknown_inhabitants_are_not_zero():
    b = compute(rule("per_inhabitant", "0.02", "150", "600"), active_members=3, inhabitants=None,
                unknown_wijken=["Wijk Zonder Cijfer"])
    assert b.amount is None
    assert b.certain_minimum == Decimal("150")
    assert "onbekend" in b.formula and "Wijk Zonder Cijfer" in b.formula


def test_per_activity_and_fixed():
    b = compute(rule("per_activity", "300", "100", "250", activity="EHBO-training"), active_members=0, inhabitants=0)
    assert b.amount == Decimal("250.00") and "EHBO-training" in b.formula
    assert compute(rule("fixed", "75", "100"), active_members=9, inhabitants=None).amount == Decimal("100.00")


def test_no_maximum_means_no_cap():
    assert compute(rule("per_member", "25", "0", None), active_members=100, inhabitants=None).amount == Decimal(
        "2500.00")


@pytest.mark.django_db
def test_team_budget_reads_cbs_inhabitants_and_members(municipality):
    known = WijkFactory(municipality=municipality, inhabitants=5000)
    unknown = WijkFactory(municipality=municipality, inhabitants=None, name="Nieuwbouwwijk")
    t1 = InitiativeFactory(municipality=municipality, wijken=[known])
    t2 = InitiativeFactory(municipality=municipality, wijken=[known, unknown])
    for i in range(3):
        make_member(t1, username=f"b{i}")
    BudgetRule.objects.create(municipality=municipality, year=2026, basis="per_inhabitant", rate=Decimal("0.03"),
                              minimum=Decimal("100"), maximum=Decimal("1000"))
    BudgetRule.objects.create(municipality=municipality, initiative=t1, year=2026, basis="per_member",
                              rate=Decimal("40"), minimum=Decimal("50"))
    b1 = team_budget(t1, 2026)
    assert b1.members == 3 and b1.computed.amount == Decimal("120.00")
    b2 = team_budget(t2, 2026)
    assert b2.inhabitants is None and b2.computed.amount is None and "Nieuwbouwwijk" in b2.computed.formula
    t3 = InitiativeFactory(municipality=municipality, wijken=[known])
    assert team_budget(t3, 2026).computed.amount == Decimal("150.00")  # default rule: 5000 × 0.03
    assert team_budget(t3, 2025).computed is None  # no rule that year


def test_one_active_member_is_singular_and_thousands_are_grouped():
    one = compute(rule("per_member", "120", "0", "5000"), active_members=1, inhabitants=None)
    assert one.formula == "1 actief lid × € 120,00 = € 120,00"
    many = compute(rule("per_member", "120", "0", "5000"), active_members=12, inhabitants=None)
    assert many.formula == "12 actieve leden × € 120,00 = € 1.440,00"

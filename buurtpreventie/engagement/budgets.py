"""Team budget computation (F14). Pure: a rule plus the team's figures → amount and formula.

Bases (guideline 4.1.1: "fair, not equal"):
- fixed: the rate is the amount;
- per_member: active members (current memberships, all roles) × rate; zero members → 0 before
  the minimum is applied;
- per_inhabitant: inhabitants of the team's wijken (CBS) × rate. If any of those wijken has no
  CBS figure (NULL) the number is *unknown*: we do not treat it as 0. The amount is then not
  computed (`amount is None`) and the formula says why; only the minimum is certain;
- per_activity: the amount for the activity the team chose (the rate).
Then the result is clamped: below the minimum → the minimum; above the maximum → the maximum.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from buurtpreventie.core.templatetags.bp_format import euro as euro_text

CENT = Decimal("0.01")


def euro(amount: Decimal | None) -> str:
    """An amount as the pages show it (`bp_format.euro`: "€ 120,00"); "–" when unknown."""
    if amount is None:
        return "–"
    return euro_text(amount.quantize(CENT))


def count(value: int) -> str:
    return number_format(value, 0, use_l10n=True, force_grouping=True)


@dataclass(frozen=True)
class BudgetAmount:
    amount: Decimal | None  # None = cannot be computed (unknown figures)
    formula: str
    raw: Decimal | None = None
    limit: str = ""  # "minimum" / "maximum" / ""
    certain_minimum: Decimal | None = None


def compute(rule: Any, *, active_members: int, inhabitants: int | None, unknown_wijken: list[str] | None = None
            ) -> BudgetAmount:
    """`rule` has basis, rate, activity, minimum, maximum (a BudgetRule or any object alike)."""
    rate = Decimal(rule.rate)
    minimum = Decimal(rule.minimum or 0)
    maximum = Decimal(rule.maximum) if rule.maximum is not None else None
    basis = rule.basis
    if basis == "per_member":
        raw = rate * active_members
        formula = ngettext("%(n)s actief lid × %(rate)s = %(raw)s", "%(n)s actieve leden × %(rate)s = %(raw)s",
                           active_members) % {"n": count(active_members), "rate": euro(rate), "raw": euro(raw)}
    elif basis == "per_inhabitant":
        if inhabitants is None:
            names = ", ".join(unknown_wijken or []) or _("geen wijk gekoppeld")
            return BudgetAmount(
                amount=None,
                formula=_("Aantal inwoners onbekend (geen CBS-cijfer voor: %(names)s) — het bedrag per inwoner "
                          "(%(rate)s) kan niet worden berekend; zeker is alleen het minimum van %(min)s.") % {
                    "names": names, "rate": euro(rate), "min": euro(minimum)},
                certain_minimum=minimum,
            )
        raw = rate * inhabitants
        formula = _("%(n)s inwoners × %(rate)s = %(raw)s") % {
            "n": count(inhabitants), "rate": euro(rate), "raw": euro(raw)}
    elif basis == "per_activity":
        raw = rate
        formula = _("activiteit '%(activity)s': %(raw)s") % {"activity": rule.activity or _("(niet gekozen)"),
                                                              "raw": euro(raw)}
    else:
        raw = rate
        formula = _("vast bedrag %(raw)s") % {"raw": euro(raw)}
    raw = raw.quantize(CENT, rounding=ROUND_HALF_UP)
    amount, limit = raw, ""
    if raw < minimum:
        amount, limit = minimum, "minimum"
        formula += " → " + _("minder dan het minimum, dus %(min)s") % {"min": euro(minimum)}
    elif maximum is not None and raw > maximum:
        amount, limit = maximum, "maximum"
        formula += " → " + _("meer dan het maximum, dus %(max)s") % {"max": euro(maximum)}
    return BudgetAmount(amount=amount, formula=formula, raw=raw, limit=limit, certain_minimum=amount)

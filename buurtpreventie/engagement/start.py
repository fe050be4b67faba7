"""The engagement part of the start page (`core.start`): budget requests waiting for a decision,
overdue contacts with coordinators."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import ngettext

from buurtpreventie.core.start import StartItem
from buurtpreventie.core.tenancy import current_municipality

from . import policies
from .models import BudgetRequest, BudgetRequestStatus
from .selectors import overdue_contacts_visible_to


def items(request: HttpRequest) -> list[StartItem]:
    user = request.user
    if not user.is_authenticated:  # `core.start` asks providers only for logged-in users
        return []
    municipality = current_municipality(request)
    if municipality is None:
        return []
    found = []
    if policies.can_manage_budgets(user, municipality.pk):
        n = BudgetRequest.objects.filter(
            initiative__municipality=municipality, status=BudgetRequestStatus.REQUESTED
        ).count()
        if n:
            text = ngettext(
                "%(n)s budgetaanvraag wacht op uw besluit", "%(n)s budgetaanvragen wachten op uw besluit", n
            ) % {"n": n}
            found.append(StartItem("pending_budget_requests", text, reverse("engagement:budgets"), "warning", 20))
    if policies.can_log_contact(user, municipality.pk):
        n = len(overdue_contacts_visible_to(user=user, municipality=municipality))
        if n:
            text = ngettext(
                "%(n)s contact met een coördinator is achterstallig",
                "%(n)s contacten met coördinatoren zijn achterstallig",
                n,
            ) % {"n": n}
            found.append(StartItem("overdue_contacts", text, reverse("engagement:index"), "warning", 30))
    return found

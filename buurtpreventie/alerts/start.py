"""The alerts part of the start page (`core.start`): alerts in progress."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import ngettext

from buurtpreventie.core.start import StartItem
from buurtpreventie.core.tenancy import current_municipality

from .models import AlertStatus
from .policies import may_send_alert
from .selectors import alerts_for_recipient, alerts_visible_to


def items(request: HttpRequest) -> list[StartItem]:
    user = request.user
    if not user.is_authenticated:  # `core.start` asks providers only for logged-in users
        return []
    found = []
    municipality = current_municipality(request)
    if municipality is not None and may_send_alert(user, municipality_id=municipality.pk):
        n = alerts_visible_to(user=user, municipality=municipality, status=AlertStatus.ACTIVE).count()
        if n:
            text = ngettext("%(n)s alarm loopt nog", "%(n)s alarmen lopen nog", n) % {"n": n}
            found.append(StartItem("alerts_in_progress", text, reverse("alerts:index"), "warning", 5))
    mine = [row for row in alerts_for_recipient(user=user) if row["alert"].status == AlertStatus.ACTIVE]
    if mine:
        text = ngettext("%(n)s alarm in uw buurt", "%(n)s alarmen in uw buurt", len(mine)) % {"n": len(mine)}
        found.append(StartItem("my_alerts", text, reverse("alerts:my_round"), "warning", 1))
    return found

"""The patrols part of the start page (`core.start`): your next round."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from buurtpreventie.core.start import StartItem

from .models import RoundStatus
from .selectors import rounds_of_user


def items(request: HttpRequest) -> list[StartItem]:
    user = request.user
    if not user.is_authenticated:  # `core.start` asks providers only for logged-in users
        return []
    round = (
        rounds_of_user(user=user)
        .filter(status__in=[RoundStatus.PLANNED, RoundStatus.RUNNING], planned_end__gte=timezone.now())
        .first()
    )
    if round is None:
        return []
    when = formats.date_format(timezone.localtime(round.planned_start), "j N, H:i")  # "4 dec, 20:00"
    if round.status == RoundStatus.RUNNING:
        text = _("Uw ronde met %(team)s loopt nu") % {"team": round.initiative.name}
    else:
        text = _("Uw volgende ronde: %(when)s met %(team)s") % {"when": when, "team": round.initiative.name}
    return [StartItem("next_round", text, reverse("patrols:round_detail", args=[round.pk]), order=40)]

"""Unread notices on the start page (`core.start`), e.g. feedback on your patrol report."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import ngettext

from buurtpreventie.core.start import StartItem

from .selectors import unread_notice_count


def items(request: HttpRequest) -> list[StartItem]:
    user = request.user
    if not user.is_authenticated:  # `core.start` asks providers only for logged-in users
        return []
    n = unread_notice_count(user=user)
    if not n:
        return []
    text = ngettext(
        "%(n)s nieuw bericht, bijvoorbeeld terugkoppeling", "%(n)s nieuwe berichten, bijvoorbeeld terugkoppeling", n
    ) % {"n": n}
    return [StartItem("unread_notices", text, reverse("feedback:notices"), "warning", 15)]

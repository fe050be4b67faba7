"""The initiatives part of the start page (`core.start`): open applications for the safety officer
and for coordinators (join-applications of their team)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import ngettext

from buurtpreventie.core.start import StartItem
from buurtpreventie.core.tenancy import current_municipality

from .models import ApplicationStatus
from .selectors import application_list_visible_to


def items(request: HttpRequest) -> list[StartItem]:
    user = request.user
    if not user.is_authenticated:  # `core.start` asks providers only for logged-in users
        return []
    municipality = current_municipality(request)
    if municipality is None:
        return []
    n = (
        application_list_visible_to(user=user, municipality=municipality)
        .filter(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.INTAKE])
        .count()
    )
    if not n:
        return []
    text = ngettext(
        "%(n)s aanmelding wacht op een intakegesprek of besluit",
        "%(n)s aanmeldingen wachten op een intakegesprek of besluit",
        n,
    ) % {"n": n}
    return [StartItem("open_applications", text, reverse("initiatives:applications"), tone="warning", order=10)]

"""Who hears about applications and life-cycle changes; the texts are templates under
`initiatives/email/`, sent through the one notification path (`notifications.service.notify`)."""

from __future__ import annotations

from django.urls import reverse

from buurtpreventie.notifications.links import absolute_url
from buurtpreventie.notifications.service import Recipient

from .models import Application


def absolute(path: str) -> str:
    return absolute_url(path)


def status_link(application: Application) -> str:
    """The applicant's private link to follow their application (no account needed)."""
    return absolute_url(
        reverse(
            "public:application_status",
            kwargs={"slug": application.municipality.slug, "token": application.token},
        )
    )


def applicant(application: Application) -> Recipient:
    """The applicant as a recipient: their address, their language, their private status link."""
    return Recipient(
        email=application.email,
        language=application.language or "nl",
        name=application.full_name,
        context={"full_name": application.full_name, "link": status_link(application)},
    )

"""Sending the one-time link with which a professional enrols their first authenticator app."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from buurtpreventie.notifications.email import send_now

from .models import User
from .services import ENROLMENT_INVITATION_HOURS, enrolment_invitation_create


def enrolment_invitation_send(*, actor: User | None, user: User) -> str:
    """Create an invitation and e-mail its link to the user; returns the link."""
    _invitation, token = enrolment_invitation_create(actor=actor, user=user)
    from buurtpreventie.notifications.links import base_url

    base = base_url()
    link = base + reverse("accounts:two_factor_enrol", kwargs={"token": token})
    if user.email:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            send_now(  # now, not after a commit: the administrator sees at once whether it went out
                to=[user.email],
                subject=_("Activeer uw tweestapsverificatie"),
                body=_(
                    "Log in met uw wachtwoord en open daarna deze link om uw authenticator-app te koppelen. "
                    "De link werkt één keer en verloopt na %(hours)s uur:\n\n%(link)s\n\n"
                    "Heeft u hier niet om gevraagd? Neem dan contact op met de beheerder van uw gemeente."
                ) % {"hours": ENROLMENT_INVITATION_HOURS, "link": link},
            )
    return link

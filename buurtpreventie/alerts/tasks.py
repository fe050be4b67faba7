"""Background work (django-tasks): delivery by Web Push and e-mail. Periodic checks are scheduler jobs (apps.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_tasks import task

from buurtpreventie.notifications.links import absolute_url

from .models import Alert


def subject_and_body(alert: Alert, kind: str) -> tuple[str, str]:
    link = absolute_url(f"/alarm/{alert.pk}/")
    if kind == "alert":
        subject = _("ALARM buurtpreventie: %(situation)s") % {"situation": alert.situation[:60]}
        body = _("Wat is er aan de hand: %(situation)s\n\nWat moet u doen: %(instructions)s\n\n"
                 "Laat weten dat u het heeft ontvangen: %(link)s\nBij direct gevaar: bel 112.") % {
            "situation": alert.situation, "instructions": alert.instructions, "link": link}
    elif kind == "cleared":
        subject = _("Alles veilig: alarm opgeheven")
        body = _("Het alarm \"%(situation)s\" is opgeheven.\n%(outcome)s\n\n%(link)s") % {
            "situation": alert.situation, "outcome": alert.outcome, "link": link}
    else:
        subject = _("Afloop van het alarm")
        body = _("Zo is het afgelopen met \"%(situation)s\":\n%(outcome)s\n\n%(link)s") % {
            "situation": alert.situation, "outcome": alert.outcome, "link": link}
    return subject, body


@task()
def deliver_alert(*, alert_id: int, kind: str) -> dict[str, int]:
    """Plan one message (`alert`, `cleared`, `outcome-<id>`) per recipient and channel and send
    what is due; state per delivery in `AlertDelivery` (see `delivery.py`)."""
    from .delivery import deliver

    return deliver(alert_id, kind)



"""Background work (django-tasks): delivery by Web Push and e-mail. Periodic checks are scheduler jobs (apps.py)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from buurtpreventie.notifications.email import send_now
from buurtpreventie.notifications.links import absolute_url

from .models import Alert, AlertRecipient, PushSubscription


def _subject_and_body(alert: Alert, kind: str) -> tuple[str, str]:
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
    """Web Push to every subscription of every recipient; e-mail to recipients without push
    (for the alert itself) and to everyone for the all-clear and outcome."""
    from .push import send_push

    alert = Alert.objects.get(pk=alert_id)
    pushed = mailed = 0
    subs: dict[int, list[PushSubscription]] = {}
    for sub in PushSubscription.objects.filter(user__alert_receipts__alert=alert, failed_at__isnull=True):
        subs.setdefault(sub.user_id, []).append(sub)
    # Only recipients who can be reached by push or e-mail (SSE already reached the open pages).
    recipients = list(AlertRecipient.objects.filter(alert=alert).filter(
        Q(user_id__in=list(subs)) | ~Q(user__email="")).select_related("user"))
    now = timezone.now()
    for recipient in recipients:
        with translation.override(recipient.user.language or "nl"):
            subject, body = _subject_and_body(alert, kind)
            ok = False
            for sub in subs.get(recipient.user_id, []):
                if send_push(sub, {"title": subject, "body": alert.instructions if kind == "alert" else alert.outcome,
                                   "url": f"/alarm/{alert.pk}/", "alert_id": alert.pk, "kind": kind}):
                    ok = True
                else:
                    PushSubscription.objects.filter(pk=sub.pk).update(failed_at=now)
            if ok:
                pushed += 1
                if kind == "alert":
                    AlertRecipient.objects.filter(pk=recipient.pk).update(pushed_at=now)
            if (not ok or kind != "alert") and recipient.user.email:
                # Already per recipient in a task, and the outcome is recorded: send now.
                send_now(to=[recipient.user.email], subject=subject, body=body, fail_silently=True)
                mailed += 1
                if kind == "alert":
                    AlertRecipient.objects.filter(pk=recipient.pk).update(emailed_at=now)
    return {"pushed": pushed, "mailed": mailed}

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AnyUser


def _works_counter(user: AnyUser) -> bool:
    if not user.is_authenticated:
        return False
    from .selectors import inbox_municipality_ids

    return bool(inbox_municipality_ids(user=user))


def _on_defects_created(sender: Any, defect_ids: list[int], **kwargs: Any) -> None:
    from .forwarding import forward_soon

    if defect_ids:
        forward_soon()


class FeedbackConfig(AppConfig):
    name = "buurtpreventie.feedback"
    label = "feedback"
    verbose_name = _("Eén loket")

    def ready(self) -> None:
        from buurtpreventie.core import navigation
        from buurtpreventie.patrols.signals import defects_created

        defects_created.connect(_on_defects_created, dispatch_uid="feedback_forward_defects")
        from buurtpreventie.core import scheduling

        from .forwarding import defects_forward_due

        scheduling.register("feedback.forward_defects", defects_forward_due, every_seconds=60)
        from .signalen import signals_poll_status

        scheduling.register("feedback.poll_signalen", signals_poll_status, every_seconds=15 * 60)
        navigation.register(
            navigation.NavItem("loket", _("Loket"), "feedback:inbox", order=25, visible=_works_counter)
        )
        navigation.register(
            navigation.NavItem("berichten", _("Berichten"), "feedback:notices", order=90,
                               visible=lambda u: getattr(u, "is_authenticated", False))
        )

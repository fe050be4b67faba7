from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AnyUser


def _may_board(user: AnyUser) -> bool:
    from buurtpreventie.accounts.policies import municipality_ids_with
    from buurtpreventie.accounts.roles import Cap

    return bool(user.is_authenticated and municipality_ids_with(user, Cap.VIEW_LIVE_BOARD))


def _may_alert(user: AnyUser) -> bool:
    from buurtpreventie.accounts.policies import municipality_ids_with
    from buurtpreventie.accounts.roles import Cap

    return bool(user.is_authenticated and municipality_ids_with(user, Cap.SEND_ALERT))


def _is_member(user: AnyUser) -> bool:
    from buurtpreventie.accounts.selectors import user_memberships

    return bool(user.is_authenticated and user_memberships(user=user))


class AlertsConfig(AppConfig):
    name = "buurtpreventie.alerts"
    label = "alerts"
    verbose_name = _("Alarmen en live-overzicht")

    def ready(self) -> None:
        from buurtpreventie.core import eventjournal, live, navigation, scheduling
        from buurtpreventie.core.channels import Topic

        from .delivery import redrive
        from .live import stream
        from .services import alert_escalations_check, positions_purge

        eventjournal.register_durable_suffix(f":{Topic.ALERTS}")  # alert ids survive restarts (ADR 0010)
        live.register_live_route("/live/stream", stream)
        scheduling.register("alerts.escalations", alert_escalations_check, every_seconds=30)
        scheduling.register("alerts.purge_positions", positions_purge, every_seconds=6 * 3600)
        # push/e-mail deliveries a crash left behind, and retries that are due
        scheduling.register("alerts.redrive_deliveries", redrive, every_seconds=30)
        from buurtpreventie.core import start

        from . import start as alerts_start

        start.register("alerts", alerts_start.items)
        navigation.register(navigation.NavItem("live_board", _("Live-overzicht"), "alerts:board", order=30,
                                               visible=_may_board))
        navigation.register(navigation.NavItem("alerts", _("Alarmen"), "alerts:index", order=31, visible=_may_alert))
        navigation.register(navigation.NavItem("alerts_member", _("Alarmen"), "alerts:my_round", order=32,
                                               visible=lambda u: _is_member(u) and not _may_alert(u)))

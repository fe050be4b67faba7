from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AnyUser


def _walks(user: AnyUser) -> bool:
    """Members of physical teams, and professionals who follow the teams in their area (e.g. to join a round)."""
    from buurtpreventie.accounts.policies import municipality_ids_with, team_ids
    from buurtpreventie.accounts.roles import Cap

    if not user.is_authenticated:
        return False
    if municipality_ids_with(user, Cap.VIEW_TEAMS):
        return True
    from buurtpreventie.initiatives.models import Initiative, InitiativeKind

    # Patrol pages only for physical teams; app groups have their own menu (signals app).
    return Initiative.objects.filter(pk__in=team_ids(user), kind=InitiativeKind.TEAM).exists()


class PatrolsConfig(AppConfig):
    name = "buurtpreventie.patrols"
    label = "patrols"
    verbose_name = _("Looprondes")

    def ready(self) -> None:
        from buurtpreventie.core import retention

        from . import retention as patrol_retention

        retention.register("stale_rounds", patrol_retention.end_stale_rounds)
        retention.register("observations", patrol_retention.purge_observations)
        retention.register("reports", patrol_retention.anonymise_reports)
        from buurtpreventie.core import navigation

        navigation.register(navigation.NavItem("rondes", _("Looprondes"), "patrols:home", order=20, visible=_walks))

        from buurtpreventie.core import scheduling

        from .services import round_reminders_send

        scheduling.register("patrols.round_reminders", round_reminders_send, every_seconds=3600)

        from buurtpreventie.core.fastpath import register_fast_route

        from .ingest import PATH, report_ingest

        register_fast_route("POST", PATH, report_ingest)  # the report hot path (ADR 0009)

        from django.db.models.signals import post_delete, post_save

        from buurtpreventie.areas.models import Street

        from .models import ReportSettings
        from .selectors import reference_cache_clear

        def _clear(**_kwargs: object) -> None:
            reference_cache_clear()

        for model in (ReportSettings, Street):
            post_save.connect(_clear, sender=model, weak=False, dispatch_uid=f"patrols_reference_{model.__name__}")
            post_delete.connect(_clear, sender=model, weak=False, dispatch_uid=f"patrols_refdel_{model.__name__}")
        from buurtpreventie.core import start

        from . import start as patrols_start

        start.register("patrols", patrols_start.items)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _walks(user: object) -> bool:
    """Team members, and professionals who follow the teams in their area (e.g. to join a round)."""
    from buurtpreventie.accounts.policies import municipality_ids_with, team_ids
    from buurtpreventie.accounts.roles import Cap

    if not getattr(user, "is_authenticated", False):
        return False
    return bool(team_ids(user) or municipality_ids_with(user, Cap.VIEW_TEAMS))


class PatrolsConfig(AppConfig):
    name = "buurtpreventie.patrols"
    label = "patrols"
    verbose_name = _("Looprondes")

    def ready(self) -> None:
        from buurtpreventie.core import navigation

        navigation.register(navigation.NavItem("rondes", _("Looprondes"), "patrols:home", order=20, visible=_walks))

        from buurtpreventie.core import scheduling

        from .services import round_reminders_send

        scheduling.register("patrols.round_reminders", round_reminders_send, every_seconds=3600)

        from buurtpreventie.core import start

        from . import start as patrols_start

        start.register("patrols", patrols_start.items)

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
        from buurtpreventie.core import retention

        from . import retention as patrol_retention

        retention.register("stale_rounds", patrol_retention.end_stale_rounds)
        retention.register("observations", patrol_retention.purge_observations)
        retention.register("reports", patrol_retention.anonymise_reports)
        from buurtpreventie.core import navigation

        navigation.register(navigation.NavItem("rondes", _("Looprondes"), "patrols:home", order=20, visible=_walks))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _walks(user: object) -> bool:
    """Members of physical teams, and professionals who follow the teams in their area (e.g. to join a round)."""
    from buurtpreventie.accounts.policies import municipality_ids_with, team_ids
    from buurtpreventie.accounts.roles import Cap

    if not getattr(user, "is_authenticated", False):
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
        from buurtpreventie.core import navigation

        navigation.register(navigation.NavItem("rondes", _("Looprondes"), "patrols:home", order=20, visible=_walks))

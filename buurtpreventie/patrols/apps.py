from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _walks(user: object) -> bool:
    from buurtpreventie.accounts.policies import team_ids

    return bool(getattr(user, "is_authenticated", False) and team_ids(user))


class PatrolsConfig(AppConfig):
    name = "buurtpreventie.patrols"
    label = "patrols"
    verbose_name = _("Looprondes")

    def ready(self) -> None:
        from buurtpreventie.core import navigation

        navigation.register(navigation.NavItem("rondes", _("Looprondes"), "patrols:home", order=20, visible=_walks))

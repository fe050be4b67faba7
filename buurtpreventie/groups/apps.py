from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _configures_forms(user: object) -> bool:
    from buurtpreventie.accounts.policies import municipality_ids_with
    from buurtpreventie.accounts.roles import Cap

    return bool(getattr(user, "is_authenticated", False) and municipality_ids_with(user, Cap.MANAGE_INITIATIVES))


class GroupsConfig(AppConfig):
    name = "buurtpreventie.groups"
    label = "groups"
    verbose_name = _("Teams en appgroepen runnen")

    def ready(self) -> None:
        from buurtpreventie.core import navigation

        navigation.register(navigation.NavItem("formulieren", _("Formulieren"), "groups:municipality_settings",
                                               order=80, visible=_configures_forms))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "buurtpreventie.core"
    label = "core"

    def ready(self) -> None:
        from . import navigation

        navigation.register(
            navigation.NavItem("home", _("Start"), "core:home", order=0, visible=lambda u: u.is_authenticated)
        )

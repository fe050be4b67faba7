from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "buurtpreventie.areas"
    label = "areas"

    def ready(self) -> None:
        from buurtpreventie.core import navigation

        navigation.register(
            navigation.NavItem("wijken", _("Wijken"), "areas:overview", order=80, visible=lambda u: u.is_authenticated)
        )

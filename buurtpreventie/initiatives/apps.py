from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "buurtpreventie.initiatives"
    label = "initiatives"

    def ready(self) -> None:
        from buurtpreventie.core import retention

        from .retention import anonymise_closed_applications

        retention.register("applications", anonymise_closed_applications)
        from buurtpreventie.core import navigation

        from .policies import can_use_initiatives_pages

        navigation.register(
            navigation.NavItem(
                "initiatives", _("Initiatieven"), "initiatives:index", order=20, visible=can_use_initiatives_pages
            )
        )
        from buurtpreventie.core import start

        from . import start as initiatives_start

        start.register("initiatives", initiatives_start.items)

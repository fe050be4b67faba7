from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "buurtpreventie.accounts"
    label = "accounts"

    def ready(self) -> None:
        from buurtpreventie.core import navigation

        navigation.register(
            navigation.NavItem(
                "profile", _("Mijn account"), "accounts:profile", order=990, visible=lambda u: u.is_authenticated
            )
        )

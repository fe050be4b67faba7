from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AnyUser


def _configures_forms(user: AnyUser) -> bool:
    from buurtpreventie.accounts.policies import municipality_ids_with
    from buurtpreventie.accounts.roles import Cap

    return bool(user.is_authenticated and municipality_ids_with(user, Cap.MANAGE_INITIATIVES))


class GroupsConfig(AppConfig):
    name = "buurtpreventie.groups"
    label = "groups"
    verbose_name = _("Teams en appgroepen runnen")

    def ready(self) -> None:
        from buurtpreventie.core import navigation

        navigation.register(navigation.NavItem("formulieren", _("Formulieren"), "groups:municipality_settings",
                                               order=80, visible=_configures_forms))

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AnyUser


def _files_signals(user: AnyUser) -> bool:
    """Members of any team or app group (they file signals and read the feedback on them)."""
    from buurtpreventie.accounts.policies import team_ids

    return bool(user.is_authenticated and team_ids(user))


def _reads_feed(user: AnyUser) -> bool:
    from buurtpreventie.accounts.policies import municipality_ids_with
    from buurtpreventie.accounts.roles import Cap

    return bool(user.is_authenticated and municipality_ids_with(user, Cap.VIEW_AREA_REPORTS))


class SignalsConfig(AppConfig):
    name = "buurtpreventie.signals"
    label = "signals"
    verbose_name = _("Signalen")

    def ready(self) -> None:
        from buurtpreventie.core import navigation

        navigation.register(navigation.NavItem("signalen", _("Signalen"), "signals:home", order=18,
                                               visible=_files_signals))
        navigation.register(navigation.NavItem("signalen_feed", _("Signalen appgroepen"), "signals:feed", order=26,
                                               visible=_reads_feed))

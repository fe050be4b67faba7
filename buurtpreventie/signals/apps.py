from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _files_signals(user: Any) -> bool:
    """Members of any team or app group (they file signals and read the feedback on them)."""
    from buurtpreventie.accounts.policies import team_ids

    return bool(getattr(user, "is_authenticated", False) and team_ids(user))


def _reads_feed(user: Any) -> bool:
    from buurtpreventie.accounts.policies import municipality_ids_with
    from buurtpreventie.accounts.roles import Cap

    return bool(getattr(user, "is_authenticated", False) and municipality_ids_with(user, Cap.VIEW_AREA_REPORTS))


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

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "buurtpreventie.insights"
    label = "insights"
    verbose_name = _("Inzicht")

    def ready(self) -> None:
        from buurtpreventie.accounts.policies import has_capability, team_ids
        from buurtpreventie.accounts.roles import Cap, Role
        from buurtpreventie.core import navigation

        leads = {str(Role.COORDINATOR), str(Role.APP_GROUP_ADMIN)}
        navigation.register(navigation.NavItem(
            "inzicht", _("Inzicht"), "insights:dashboard", order=90,
            visible=lambda u: u.is_authenticated and (has_capability(u, Cap.VIEW_INSIGHTS)
                                                      or bool(team_ids(u, roles=leads))),
        ))

        from buurtpreventie.core import scheduling

        from .aggregation import refresh_recent_everywhere

        scheduling.register("insights.refresh", refresh_recent_everywhere, every_seconds=3600)

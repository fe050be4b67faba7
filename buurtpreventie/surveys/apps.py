from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "buurtpreventie.surveys"
    label = "surveys"
    verbose_name = _("Vragenlijsten")

    def ready(self) -> None:
        from buurtpreventie.accounts.policies import has_capability
        from buurtpreventie.accounts.roles import Cap
        from buurtpreventie.core import navigation

        navigation.register(
            navigation.NavItem(
                "vragenlijsten", _("Vragenlijsten"), "surveys:index", order=60,
                visible=lambda u: u.is_authenticated and (
                    has_capability(u, Cap.ANSWER_SURVEY) or has_capability(u, Cap.VIEW_TEAMS)
                    or has_capability(u, Cap.MANAGE_SURVEYS)
                ),
            )
        )

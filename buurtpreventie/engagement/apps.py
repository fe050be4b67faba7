from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "buurtpreventie.engagement"
    label = "engagement"
    verbose_name = _("Contact, waardering en budget")

    def ready(self) -> None:
        from buurtpreventie.core import retention

        from .retention import purge_contacts

        retention.register("contacts", purge_contacts)
        from buurtpreventie.accounts.policies import has_capability
        from buurtpreventie.accounts.roles import Cap
        from buurtpreventie.core import navigation, scheduling

        from .services import contact_digest_send

        scheduling.register("engagement.contact_digest", contact_digest_send, every_seconds=7 * 86400,
                            run_at_start=False, max_runtime_seconds=3600)
        from buurtpreventie.core import start

        from . import start as engagement_start

        start.register("engagement", engagement_start.items)

        navigation.register(navigation.NavItem(
            "contact", _("Contact & waardering"), "engagement:index", order=65,
            visible=lambda u: u.is_authenticated and has_capability(u, Cap.LOG_CONTACT),
        ))
        navigation.register(navigation.NavItem(
            "budget", _("Budget"), "engagement:budgets", order=66,
            visible=lambda u: u.is_authenticated and (
                has_capability(u, Cap.MANAGE_BUDGETS) or has_capability(u, Cap.REQUEST_BUDGET)),
        ))

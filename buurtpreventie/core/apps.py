from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "buurtpreventie.core"
    label = "core"

    def ready(self) -> None:
        from . import navigation, retention

        retention.register("audit", _purge_audit)

        from . import scheduling
        from .task_reclaim import reclaim_stale_tasks

        scheduling.register("core.purge_retention", retention.purge_all, every_seconds=6 * 3600)
        scheduling.register("core.reclaim_stale_tasks", reclaim_stale_tasks, every_seconds=60)

        navigation.register(
            navigation.NavItem("home", _("Start"), "core:home", order=0, visible=lambda u: u.is_authenticated)
        )


def _purge_audit(*, cutoff: object, now: object) -> int:
    """The audit log is append-only for everyone; only retention removes rows past their period."""
    from .models import AuditEntry

    deleted, _ = AuditEntry.objects.filter(at__lt=cutoff).delete()
    return deleted

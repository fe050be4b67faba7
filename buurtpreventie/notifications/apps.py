from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "buurtpreventie.notifications"
    label = "notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from buurtpreventie.core import start

        from . import start as notifications_start

        start.register("notifications", notifications_start.items)

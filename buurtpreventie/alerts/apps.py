from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "buurtpreventie.alerts"
    label = "alerts"

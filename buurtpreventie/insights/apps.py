from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "buurtpreventie.insights"
    label = "insights"

from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "buurtpreventie.engagement"
    label = "engagement"

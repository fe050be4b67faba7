from django.apps import AppConfig


class PatrolsConfig(AppConfig):
    name = "buurtpreventie.patrols"
    label = "patrols"

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "buurtpreventie.demo"
    label = "demo"

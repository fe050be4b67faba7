from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "buurtpreventie.api"
    label = "api"

from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "buurtpreventie.initiatives"
    label = "initiatives"

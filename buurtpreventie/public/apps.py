from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "buurtpreventie.public"
    label = "public"

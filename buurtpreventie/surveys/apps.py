from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "buurtpreventie.surveys"
    label = "surveys"

from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "buurtpreventie.feedback"
    label = "feedback"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "buurtpreventie.groups"
    label = "groups"
    verbose_name = _("Teams en appgroepen runnen")

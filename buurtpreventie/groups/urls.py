from django.urls import path

from . import views

app_name = "groups"
urlpatterns = [
    path("uitnodiging/<str:token>/", views.join, name="join"),
    path("instellingen/", views.municipality_settings, name="municipality_settings"),
    path("<int:pk>/uitnodigen/", views.invites, name="invites"),
    path("<int:pk>/uitnodigen/<int:link_pk>/intrekken/", views.invite_revoke, name="invite_revoke"),
    path("<int:pk>/aanmelding/<int:request_pk>/", views.invite_decide, name="invite_decide"),
    path("<int:pk>/berichten/", views.broadcasts, name="broadcasts"),
    path("<int:pk>/huisregels/", views.house_rules, name="house_rules"),
    path("<int:pk>/trainingen/", views.trainings, name="trainings"),
    path("<int:pk>/activiteiten/", views.activities, name="activities"),
    path("ronde/<int:round_pk>/meelopen/", views.walk_along, name="walk_along"),
]

from django.urls import path, re_path

from . import views

app_name = "insights"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("csv/<slug:table_id>/", views.table_csv, name="csv"),
    path("kaart.json", views.map_json, name="map_json"),
    path("team/<int:pk>/", views.team, name="team"),
    path("teams/", views.teams_overview, name="teams"),
    path("instellingen/", views.settings_edit, name="settings"),
    re_path(r"^raadsbrief/(?P<year>[0-9]{4})\.(?P<fmt>pdf|xlsx)$", views.council_report, name="council_report"),
    path("openbaar/<slug:slug>/", views.public_summary, name="public_summary"),
]

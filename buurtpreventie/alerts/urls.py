from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("", views.alert_index, name="index"),
    path("nieuw/", views.alert_new, name="new"),
    path("voorbeeld/", views.alert_preview, name="preview"),
    path("live/", views.board, name="board"),
    path("live/data/", views.board_data, name="board_data"),
    path("live/alarmen/", views.board_alerts, name="board_alerts"),
    path("stroom/", views.stream_token, name="stream_token"),
    path("sos/", views.sos_raise, name="sos"),
    path("ronde/<int:pk>/medelopers/", views.round_mates, name="round_mates"),
    path("sos/<int:pk>/intrekken/", views.sos_cancel, name="sos_cancel"),
    path("live/sos/", views.board_sos, name="board_sos"),
    path("mijn-ronde/", views.my_round, name="my_round"),
    path("thuis/", views.home_location, name="home"),
    path("abonnementen/", views.subscriptions, name="subscriptions"),
    path("push/", views.push_subscribe, name="push_subscribe"),
    path("push/getoond/", views.push_receipt, name="push_receipt"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("sjablonen/", views.template_list, name="templates"),
    path("sjablonen/nieuw/", views.template_edit, name="template_new"),
    path("sjablonen/<int:pk>/", views.template_edit, name="template_edit"),
    path("<int:pk>/", views.alert_detail, name="detail"),
    path("<int:pk>/status/", views.alert_teams, name="status"),
    path("<int:pk>/antwoord/", views.alert_ack, name="ack"),
    path("<int:pk>/ontvangst/", views.alert_receipt, name="receipt"),
    path("<int:pk>/ik-zie-iets/", views.alert_sighting, name="sighting"),
    path("<int:pk>/waarneming/<int:sighting_pk>/foto/", views.sighting_photo, name="sighting_photo"),
    path("<int:pk>/opheffen/", views.alert_clear, name="clear"),
    path("<int:pk>/afloop/", views.alert_outcome, name="outcome"),
]

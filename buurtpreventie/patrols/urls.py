from django.urls import path

from . import views

app_name = "patrols"
urlpatterns = [
    path("", views.home, name="home"),
    path("plannen/", views.round_plan, name="plan"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("verslagen/", views.report_list, name="report_list"),
    path("verslagen/<int:pk>/", views.report_detail, name="report_detail"),
    path("team/<int:initiative_id>/", views.team_calendar, name="team_calendar"),
    path("agenda/vernieuwen/", views.calendar_feed_renew, name="ics_renew"),
    path("agenda/<str:token>.ics", views.calendar_feed, name="ics"),
    path("<int:pk>/", views.round_detail, name="round_detail"),
    path("<int:pk>/aanmelden/", views.round_signup, name="signup"),
    path("<int:pk>/afmelden/", views.round_signup_cancel, name="signup_cancel"),
    path("<int:pk>/annuleren/", views.round_cancel, name="cancel"),
    path("<int:pk>/patrouille/", views.patrol_mode, name="patrol_mode"),
    path("<int:pk>/start/", views.round_start, name="start"),
    path("<int:pk>/einde/", views.round_end, name="end"),
    path("<int:pk>/locatie/", views.position_sharing, name="position_sharing"),
    path("<int:pk>/verslag/", views.report_create, name="report_create"),
]

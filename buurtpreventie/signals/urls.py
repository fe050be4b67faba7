from django.urls import path

from . import views

app_name = "signals"
urlpatterns = [
    path("", views.home, name="home"),
    path("nieuw/", views.signal_create, name="create"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("feed/", views.feed, name="feed"),
    path("<int:pk>/", views.signal_detail, name="detail"),
]

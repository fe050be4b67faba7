from django.urls import path

from . import views

app_name = "areas"
urlpatterns = [
    path("", views.wijk_overview, name="overview"),
    path("kaart.geojson", views.wijken_geojson, name="geojson"),
    path("<str:code>/", views.wijk_detail, name="detail"),
]

from django.urls import path

from . import address_views, views

app_name = "areas"
urlpatterns = [
    path("", views.wijk_overview, name="overview"),
    path("kaart.geojson", views.wijken_geojson, name="geojson"),
    path("adres/suggesties/", address_views.suggest, name="address_suggest"),
    path("adres/opzoeken/", address_views.lookup, name="address_lookup"),
    path("adres/bij-punt/", address_views.reverse, name="address_reverse"),
    path("<str:code>/", views.wijk_detail, name="detail"),
]

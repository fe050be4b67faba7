"""Open311 GeoReport v2 routes, included at /open311/v2/ by config/urls.py."""

from django.urls import re_path

from . import open311

urlpatterns = [
    re_path(r"^discovery\.(?P<fmt>\w+)$", open311.discovery, name="open311-discovery"),
    re_path(r"^services(?:\.(?P<fmt>\w+))?$", open311.services, name="open311-services"),
    re_path(r"^services/(?P<code>[\w.-]+?)\.(?P<fmt>\w+)$", open311.service_definition, name="open311-service"),
    re_path(r"^requests(?:\.(?P<fmt>\w+))?$", open311.requests_view, name="open311-requests"),
    re_path(r"^requests/(?P<pk>[^/.]+)(?:\.(?P<fmt>\w+))?$", open311.request_detail, name="open311-request"),
]

"""URL wiring and OpenAPI assembly only; endpoints live in each app's `api.py`.

OpenAPI document: /api/openapi.json; interactive docs: /api/docs.
"""

from importlib import import_module

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(
    title="Buurtpreventie API",
    version="1.0",
    description="JSON API for rounds, patrol reports, public-space defects and alerts.",
    urls_namespace="api",
    auth=django_auth,
)



# One place that turns service exceptions into API errors, so endpoints need no try/except:
# a service's PermissionDenied is 403 and its ValidationError 400, both {"detail": ...} like the rest.
@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": "forbidden"}, status=403)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=400)


for _app, _prefix in [
    ("areas", "/areas/"),
    ("initiatives", "/initiatives/"),
    ("patrols", "/patrols/"),
    ("feedback", "/feedback/"),
    ("alerts", "/alerts/"),
    ("surveys", "/surveys/"),
    ("engagement", "/engagement/"),
]:
    _module = import_module(f"buurtpreventie.{_app}.api")
    api.add_router(_prefix, _module.router)

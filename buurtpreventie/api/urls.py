"""URL wiring and OpenAPI assembly only; endpoints live in each app's `api.py`.

OpenAPI document: /api/openapi.json; interactive docs: /api/docs.
"""

from importlib import import_module

from ninja import NinjaAPI
from ninja.security import django_auth

from .input import StrictJSONParser, install, throttles

api = NinjaAPI(
    title="Buurtpreventie API",
    version="1.0",
    description="JSON API for rounds, patrol reports, public-space defects and alerts.",
    urls_namespace="api",
    auth=django_auth,
    parser=StrictJSONParser(),
    throttle=throttles(),
)
install(api)

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

"""URL wiring and OpenAPI assembly only; endpoints live in each app's `api.py`.

OpenAPI document: /api/openapi.json; interactive docs: /api/docs.
"""

from importlib import import_module
from typing import Any

from ninja import NinjaAPI
from ninja.security import django_auth

from buurtpreventie.accounts.apikeys import ApiKeyAuth

from .input import StrictJSONParser, install, throttles

DESCRIPTION = """JSON API for rounds, patrol reports, public-space defects and alerts.

**Authentication.** In the browser: the session (with CSRF token for writes). Machine clients: a
per-municipality API key, `Authorization: Bearer bp_…`, issued and revoked by the municipality's
administrator; it acts as its service account in that municipality only, read-only unless allowed to
write.

**Pagination.** Lists marked *paged* use page numbers: `?page=1`; the answer is
`{"items": [...], "count": <total number of items>}`.

**Errors.** Every error is JSON: `{"detail": "..."}` — 401 not signed in / bad key, 403 not allowed,
404 not found (or not yours), 422 invalid input (`detail` is a list of field errors), 429 too many
requests (see `Retry-After`)."""

ERRORS = {
    "401": "Not signed in, or the API key is unknown, revoked or read-only for this method.",
    "403": "Signed in, but not allowed.",
    "404": "Not found, or not visible to you.",
    "422": "Invalid input; `detail` lists the fields.",
    "429": "Too many requests; retry after the number of seconds in `Retry-After`.",
}


class BuurtpreventieAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """Document the common error answers on every operation (ninja lists only declared ones)."""
        schema = super().get_openapi_schema(*args, **kwargs)
        error = {"application/json": {"schema": {"type": "object", "properties": {
            "detail": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "object"}}]}},
            "required": ["detail"]}}}
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                if method not in {"get", "post", "put", "patch", "delete"} or not isinstance(operation, dict):
                    continue
                responses = operation.setdefault("responses", {})
                for code, text in ERRORS.items():
                    responses.setdefault(code, {"description": text, "content": error})
        return schema


api = BuurtpreventieAPI(
    title="Buurtpreventie API",
    version="1.0",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[ApiKeyAuth(), django_auth],
    parser=StrictJSONParser(),
    throttle=throttles(),
)
install(api)  # the one place that turns service exceptions into API errors (see input.py)

for _app, _prefix in [
    ("areas", "/areas/"),
    ("initiatives", "/initiatives/"),
    ("patrols", "/patrols/"),
    ("feedback", "/feedback/"),
    ("alerts", "/alerts/"),
    ("surveys", "/surveys/"),
    ("engagement", "/engagement/"),
    ("signals", "/signals/"),
]:
    _module = import_module(f"buurtpreventie.{_app}.api")
    api.add_router(_prefix, _module.router)

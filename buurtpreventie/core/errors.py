"""Error pages 400/403/404/500 in the site's layout (with a way back); JSON for API clients.

Wired in config/urls.py (`handler400` …) and as CSRF_FAILURE_VIEW. The 500 page renders without
the database if it has to (the navigation asks the database, which may be what failed).
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

API_PREFIXES = ("/api/", "/open311/", "/live/")
PAGES: dict[int, tuple[Any, Any]] = {
    400: (gettext_lazy("Dit verzoek kunnen wij niet verwerken"),
          gettext_lazy("Er ging iets mis met wat de browser stuurde. Ga terug en probeer het opnieuw.")),
    403: (gettext_lazy("Geen toegang"),
          gettext_lazy("U heeft geen toegang tot deze pagina. Misschien bent u ingelogd met een ander account, "
                       "of hoort deze pagina bij een andere gemeente of een ander team.")),
    404: (gettext_lazy("Pagina niet gevonden"),
          gettext_lazy("Deze pagina bestaat niet (meer). Controleer het adres, of ga terug.")),
    500: (gettext_lazy("Er ging iets mis bij ons"),
          gettext_lazy("Dat is niet uw fout. Probeer het over een paar minuten opnieuw; wat u al had opgeslagen "
                       "is bewaard. Blijft het misgaan, neem dan contact op met de gemeente.")),
}
API_MESSAGES = {400: "bad request", 403: "forbidden", 404: "not found", 500: "server error"}


def wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return request.path.startswith(API_PREFIXES) or ("application/json" in accept and "text/html" not in accept)


def _back_url(request: HttpRequest) -> str:
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return referer
    return ""


def error_response(request: HttpRequest, status: int, *, message: str = "") -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"detail": API_MESSAGES[status]}, status=status)
    if not hasattr(request, "user"):  # an error before the authentication middleware ran
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
    title, text = PAGES[status]
    context = {
        "status": status,
        "title": title,
        "text": message or text,
        "back_url": _back_url(request),
        "show_login": status == 403 and not getattr(getattr(request, "user", None), "is_authenticated", False),
    }
    try:
        html = render_to_string("errors/error.html", context, request=request)
    except Exception:  # e.g. the database is down: the layout's menu cannot be built
        if status != 500:
            raise
        logger.exception("the error page could not be rendered in the layout")
        html = render_to_string("errors/plain.html", context)
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_response(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent after the session ended (or from another site): explain, keep the way back."""
    return error_response(request, 403, message=_(
        "Dit formulier is verlopen, bijvoorbeeld omdat u intussen bent uitgelogd. Ga terug, vernieuw de "
        "pagina en verstuur het opnieuw."
    ))

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import start
from .tenancy import resolve_municipality


def home(request: HttpRequest) -> HttpResponse:
    """Start page: for visitors a pointer to the public page and login; for users what to do now
    (from the apps' providers, `core.start`) and their menu."""
    return render(request, "core/home.html", {"todo": start.items_for(request)})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
@require_POST
def choose_municipality(request: HttpRequest) -> HttpResponse:
    """The header's municipality switch: remember the choice (checked by the one resolver), go back."""
    resolve_municipality(request, code=str(request.POST.get("gemeente", "")) or None)
    target = str(request.POST.get("next", "")) or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    return redirect(target)

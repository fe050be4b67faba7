from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from . import start


def home(request: HttpRequest) -> HttpResponse:
    """Start page: for visitors a pointer to the public page and login; for users what to do now
    (from the apps' providers, `core.start`) and their menu."""
    return render(request, "core/home.html", {"todo": start.items_for(request)})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})

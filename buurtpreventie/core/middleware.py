"""Dutch by default: the interface language is Dutch unless the user chose English.

The browser's Accept-Language is ignored on purpose (a Dutch municipal service speaks Dutch to a
visitor whose browser happens to be English); the choice made with the language switch is kept
in the language cookie and wins. API clients may still ask for English with `?lang=en`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class DutchByDefaultMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)

"""The types of the person acting, for annotations everywhere else.

`User` is the project's user model (`AUTH_USER_MODEL`). `AnyUser` is what `request.user` holds before
login is known (a page that anonymous visitors may see). `AuthenticatedHttpRequest` is the request of
a login-protected view: the login decorator (or middleware) has already refused anonymous visitors,
so its `user` is a real `User` (the pattern the django-stubs documentation recommends).

Import these under `if TYPE_CHECKING:` in services, selectors and policies, so typing never adds a
runtime import between apps.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from .models import User

AnyUser: TypeAlias = User | AnonymousUser


class AuthenticatedHttpRequest(HttpRequest):
    """A request whose user is logged in; annotate login-protected views with it."""

    user: User


__all__ = ["AnyUser", "AuthenticatedHttpRequest", "User"]

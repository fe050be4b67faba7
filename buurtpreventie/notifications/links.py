"""Absolute links for e-mails and feeds: the one helper."""

from __future__ import annotations

import os

from django.conf import settings


def base_url() -> str:
    """`BUURTPREVENTIE["PUBLIC_BASE_URL"]` when set, else the dev host on the port `make run` uses."""
    configured = str(settings.BUURTPREVENTIE.get("PUBLIC_BASE_URL") or "").rstrip("/")
    return configured or f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"


def absolute_url(path: str) -> str:
    """`path` (from `reverse`) as a full URL that works outside the site, e.g. in an e-mail."""
    if path.startswith(("http://", "https://")):
        return path
    return base_url() + (path if path.startswith("/") else "/" + path)

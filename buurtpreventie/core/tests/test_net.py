"""X-Forwarded-For is believed only from configured proxies (issue 9)."""

from __future__ import annotations

from typing import Any

from django.test import RequestFactory

from buurtpreventie.core.net import client_ip


def _req(remote: str, xff: str | None = None):
    extra: dict[str, Any] = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


def test_spoofed_header_ignored_without_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(_req("203.0.113.5", "1.2.3.4")) == "203.0.113.5"


def test_header_read_from_the_right_behind_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    # The client wrote "1.2.3.4" itself; the proxy appended the real address.
    assert client_ip(_req("10.0.0.2", "1.2.3.4, 198.51.100.20")) == "198.51.100.20"
    assert client_ip(_req("10.0.0.2", "1.2.3.4, 198.51.100.20, 10.0.0.9")) == "198.51.100.20"
    assert client_ip(_req("203.0.113.5", "1.2.3.4")) == "203.0.113.5"  # not from the proxy
    assert client_ip(_req("10.0.0.2", "garbage")) == "10.0.0.2"

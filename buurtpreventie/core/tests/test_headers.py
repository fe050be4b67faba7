"""Security headers (issue 9): a CSP without inline scripts, Permissions-Policy, API docs without a CDN."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
def test_csp_forbids_inline_and_foreign_scripts():
    response = Client().get("/account/inloggen/")
    policy = response["Content-Security-Policy"]
    directives = {d.strip().split(" ")[0]: d.strip().split(" ")[1:] for d in policy.split(";") if d.strip()}
    assert "'self'" in directives["script-src"]
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]
    assert "geolocation=(self)" in response["Permissions-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_pages_have_no_inline_scripts(client_for, dispatcher, wijk):
    import re

    client = client_for(dispatcher)
    for url in ["/", f"/wijken/{wijk.code}/", "/alarm/live/", "/alarm/nieuw/", "/alarm/thuis/"]:
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag or "nonce=" in tag, (url, tag)


@pytest.mark.django_db
def test_api_docs_use_own_static_swagger(client_for, member):
    html = client_for(member).get("/api/docs").content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn." not in html and "jsdelivr" not in html and "unpkg" not in html

"""Staff single sign-on against a real OpenID Connect provider started locally (oidc-provider-mock):
login, claims → account, unknown and volunteer accounts refused, logout at the provider."""

from __future__ import annotations

import os
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.test import Client
from oidc_provider_mock import User as OidcUser
from oidc_provider_mock import run_server_in_thread

from buurtpreventie.accounts.models import User
from buurtpreventie.testing.helpers import make_professional

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def provider():
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # the local provider speaks plain http
    users = [
        OidcUser(sub="e.jansen", claims={"email": "E.Jansen@Nijmegen.nl", "email_verified": True,
                                         "given_name": "Eva", "family_name": "Jansen-Şahin"}),
        OidcUser(sub="onbekend", claims={"email": "nieuw@nijmegen.nl", "email_verified": True}),
        OidcUser(sub="vrijwilliger", claims={"email": "lid@example.nl", "email_verified": True}),
        OidcUser(sub="unverified", claims={"email": "e.jansen@nijmegen.nl", "email_verified": False}),
    ]
    with run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def oidc(settings, provider):
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = "buurtpreventie"
    settings.OIDC_RP_CLIENT_SECRET = "geheim"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider}/oauth2/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider}/oauth2/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider}/jwks"
    settings.OIDC_OP_LOGOUT_ENDPOINT = f"{provider}/oauth2/end_session"
    settings.OIDC_VERIFY_KID = False  # the mock signs with its single key and sets no `kid`
    return provider


def sso_login(client: Client, sub: str):
    """Walk the authorization-code flow: our redirect → the provider's consent form → our callback."""
    start = client.get("/account/sso/authenticate/?next=/loket/")
    assert start.status_code == 302
    authorize_url = start["Location"]
    query = parse_qs(urlsplit(authorize_url).query)
    assert query["client_id"] == ["buurtpreventie"] and "openid" in query["scope"][0]
    answer = httpx.post(authorize_url, data={"sub": sub}, follow_redirects=False)
    assert answer.status_code == 302
    callback = urlsplit(answer.headers["location"])
    assert callback.path == "/account/sso/callback/"
    return client.get(f"{callback.path}?{callback.query}")


def test_staff_login_maps_claims_to_the_existing_account(oidc, municipality, client):
    officer = make_professional("safety_officer", municipality, email="e.jansen@nijmegen.nl", first_name="E")
    response = sso_login(client, "e.jansen")
    assert response.status_code == 302 and response["Location"] == "/loket/"
    assert int(client.session["_auth_user_id"]) == officer.pk
    officer.refresh_from_db()
    assert (officer.first_name, officer.last_name) == ("Eva", "Jansen-Şahin")
    # The identity provider did the second factor: no TOTP detour for this session.
    page = client.get("/loket/")
    assert page.status_code == 200
    assert User.objects.count() == 1  # nobody created


def test_unknown_unverified_and_volunteer_are_refused(oidc, municipality, team, client):
    from buurtpreventie.testing.helpers import make_member

    make_member(team, email="lid@example.nl")
    make_professional("wijkagent", municipality, email="e.jansen@nijmegen.nl")
    users_before = User.objects.count()
    for sub in ("onbekend", "vrijwilliger", "unverified"):
        fresh = Client()
        response = sso_login(fresh, sub)
        assert response.status_code == 302 and "_auth_user_id" not in fresh.session, sub
    assert User.objects.count() == users_before


def test_logout_ends_the_session_at_the_provider(oidc, municipality, client):
    make_professional("safety_officer", municipality, email="e.jansen@nijmegen.nl")
    sso_login(client, "e.jansen")
    response = client.post("/account/sso/logout/")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}" == oidc and target.path == "/oauth2/end_session"
    assert "id_token_hint" in parse_qs(target.query)
    assert "_auth_user_id" not in client.session
    assert httpx.get(response["Location"]).status_code == 200  # the provider knows the request


def test_password_login_still_works_and_button_only_when_enabled(client, settings, municipality):
    from buurtpreventie.testing.helpers import make_member  # noqa: F401

    settings.OIDC_ENABLED = False
    assert "organisatieaccount" not in client.get("/account/inloggen/").content.decode()
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = "x"
    assert "organisatieaccount" in client.get("/account/inloggen/").content.decode()

"""Public forms: only accepted submissions count; a realistic burst from one address passes (issue 9)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from buurtpreventie.initiatives.models import Application

from .test_public import _form

pytestmark = pytest.mark.django_db


def test_failed_validation_does_not_count(municipality, wijk, settings):
    settings.BUURTPREVENTIE = {**settings.BUURTPREVENTIE, "PUBLIC_FORM_RATE_LIMIT": 2}
    url = reverse("public:apply", kwargs={"slug": municipality.slug})
    client = Client()
    for _ in range(5):
        assert client.post(url, _form(wijk, email="geen-adres")).status_code == 400
    assert client.post(url, _form(wijk, email="a@example.org")).status_code == 302
    assert client.post(url, _form(wijk, email="b@example.org")).status_code == 302
    assert client.post(url, _form(wijk, email="c@example.org")).status_code == 429


def test_information_evening_on_one_town_hall_address(municipality, wijk):
    url = reverse("public:apply", kwargs={"slug": municipality.slug})
    codes = [Client(REMOTE_ADDR="192.0.2.10").post(url, _form(wijk, email=f"buur{i}@example.org")).status_code
             for i in range(25)]
    assert codes == [302] * 25
    assert Application.objects.count() == 25


def test_spoofed_forwarded_for_still_limited(municipality, wijk, settings):
    settings.BUURTPREVENTIE = {**settings.BUURTPREVENTIE, "PUBLIC_FORM_RATE_LIMIT": 2}
    url = reverse("public:apply", kwargs={"slug": municipality.slug})
    client = Client(REMOTE_ADDR="192.0.2.10")
    codes = [client.post(url, _form(wijk, email=f"p{i}@example.org"), HTTP_X_FORWARDED_FOR=f"10.1.1.{i}").status_code
             for i in range(3)]
    assert codes == [302, 302, 429]


def test_privacy_statement_per_municipality(municipality, other_municipality, settings):
    settings.BUURTPREVENTIE = {**settings.BUURTPREVENTIE, "RETENTION_DAYS": {"observations": 200}}
    page = Client().get(reverse("public:privacy", kwargs={"slug": municipality.slug})).content.decode()
    assert "gemeente Nijmegen" in page and "200 dagen" in page
    assert "Alkmaar" in Client().get(reverse("public:privacy", kwargs={"slug": other_municipality.slug})).content.decode()

"""'Ik zie iets': only recipients send, only the dispatcher/wijkagent and the sender see the photo."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from buurtpreventie.alerts import services
from buurtpreventie.alerts.models import AlertSighting
from buurtpreventie.alerts.targeting import AlertArea
from buurtpreventie.testing.helpers import login, make_member

from .conftest import CENTRE, start_round

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (3000, 2000), (10, 120, 10))
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def alert(municipality, dispatcher, team, member):
    start_round(team, [member], at=CENTRE)
    return services.alert_send(actor=dispatcher, municipality=municipality, situation="Verdachte auto",
                               instructions="Kijk en meld", area=AlertArea(lat=CENTRE[0], lon=CENTRE[1], radius_m=500))


def test_recipient_sends_text_position_and_photo(client, alert, member, team, dispatcher):
    login(client, member)
    r = client.post(f"/alarm/{alert.pk}/ik-zie-iets/", {
        "text": "Bus rijdt weg", "lat": "51.845", "lon": "5.865",
        "photo": SimpleUploadedFile("x.jpg", _png(), content_type="image/jpeg")}, HTTP_ACCEPT="application/json")
    assert r.status_code == 201
    sighting = AlertSighting.objects.get()
    image = Image.open(io.BytesIO(bytes(sighting.photo_jpeg or b"")))
    assert max(image.size) == services.SIGHTING_PHOTO_MAX_SIDE and not image.getexif()  # re-encoded, no EXIF
    url = f"/alarm/{alert.pk}/waarneming/{sighting.pk}/foto/"
    assert client.get(url).status_code == 200  # the sender
    client.logout()
    login(client, make_member(team, username="teamgenoot"))
    assert client.get(url).status_code == 404  # not a recipient, not staff
    client.logout()
    login(client, dispatcher)
    assert client.get(url)["Content-Type"] == "image/jpeg"
    assert "Bus rijdt weg" in client.get(f"/alarm/{alert.pk}/status/").content.decode()


@pytest.mark.parametrize("data", [
    {"text": ""},
    {"text": "x" * 1001},
    {"text": "iets", "lat": "999", "lon": "5"},
    {"text": "iets", "lat": "nan", "lon": "5"},
])
def test_bad_input_is_refused_with_a_message(client, alert, member, data):
    login(client, member)
    r = client.post(f"/alarm/{alert.pk}/ik-zie-iets/", data)
    assert r.status_code == 400 and r.content
    assert not AlertSighting.objects.exists()


def test_not_an_image_is_refused(client, alert, member):
    login(client, member)
    r = client.post(f"/alarm/{alert.pk}/ik-zie-iets/", {
        "text": "foto", "photo": SimpleUploadedFile("x.jpg", b"<script>", content_type="image/jpeg")})
    assert r.status_code == 400


def test_someone_not_reached_cannot_send(client, alert, team):
    login(client, make_member(team, username="thuis"))
    assert client.post(f"/alarm/{alert.pk}/ik-zie-iets/", {"text": "iets"}).status_code == 404

"""The public news list and its Atom feed, parsed by feedparser."""

from __future__ import annotations

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from buurtpreventie.feedback.models import NewsItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(municipality, other_municipality, wijk):
    now = timezone.now()
    NewsItem.objects.create(municipality=municipality, title="Inbraakgolf voorbij", slug="inbraakgolf-voorbij",
                            body="Dankzij de meldingen van het team is de golf voorbij.", wijk=wijk,
                            published_at=now - timedelta(days=2))
    NewsItem.objects.create(municipality=municipality, title="Nieuwe lantaarns", slug="nieuwe-lantaarns",
                            body="De gemeente heeft lantaarns vervangen.", published_at=now - timedelta(days=1))
    NewsItem.objects.create(municipality=municipality, title="Nog geheim", slug="nog-geheim", body="x",
                            published_at=now + timedelta(days=3))
    NewsItem.objects.create(municipality=other_municipality, title="Alkmaars nieuws", slug="alkmaar-nieuws",
                            body="y", published_at=now - timedelta(days=1))


def test_public_news_list(client, news):
    html = client.get("/gemeente/nijmegen/nieuws/").content.decode()
    assert html.index("Nieuwe lantaarns") < html.index("Inbraakgolf voorbij")  # newest first
    assert "Nog geheim" not in html and "Alkmaars nieuws" not in html
    assert "/gemeente/nijmegen/nieuws/feed/" in html and "application/atom+xml" in html
    assert client.get("/gemeente/bestaat-niet/nieuws/").status_code == 404


def test_atom_feed_parses(client, news):
    response = client.get("/gemeente/nijmegen/nieuws/feed/")
    assert response.status_code == 200 and "atom" in response["Content-Type"]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.title == "Nieuws over buurtpreventie in Nijmegen"
    assert [e.title for e in feed.entries] == ["Nieuwe lantaarns", "Inbraakgolf voorbij"]
    first = feed.entries[1]
    assert first.link.endswith("/loket/nieuws/inbraakgolf-voorbij/")
    assert "meldingen van het team" in first.summary
    assert [t.term for t in first.tags] == ["Nijmegen-Centrum"]
    assert first.updated_parsed is not None

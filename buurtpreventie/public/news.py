"""The public news list of a municipality and its Atom feed (the local-paper route of F16).

News items are written at the one counter (feedback app); here they are listed for everyone,
newest first, with a feed readers and local papers can subscribe to."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from buurtpreventie.areas.models import Municipality
from buurtpreventie.feedback.models import NewsItem
from buurtpreventie.feedback.selectors import news_list_public


def news_index(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    request.municipality = municipality  # type: ignore[attr-defined]
    return render(request, "public/news_index.html", {
        "municipality": municipality, "items": list(news_list_public(municipality=municipality, limit=50)),
    })


class NewsFeed(Feed):
    """Atom 1.0 feed of a municipality's published news."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Municipality:  # type: ignore[override]
        return get_object_or_404(Municipality, slug=slug)

    def title(self, obj: Municipality) -> str:
        return _("Nieuws over buurtpreventie in %(name)s") % {"name": obj.name}

    def subtitle(self, obj: Municipality) -> str:
        return _("Berichten van de gemeente en de politie voor bewoners.")

    def link(self, obj: Municipality) -> str:
        return reverse("public:news", args=[obj.slug])

    def items(self, obj: Municipality) -> list[NewsItem]:
        return list(news_list_public(municipality=obj, limit=30))

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return Truncator(item.body).words(60)

    def item_link(self, item: NewsItem) -> str:
        return reverse("feedback:news_public", args=[item.slug])

    def item_pubdate(self, item: NewsItem):  # type: ignore[no-untyped-def]
        return item.published_at

    def item_updateddate(self, item: NewsItem):  # type: ignore[no-untyped-def]
        return item.published_at

    def item_categories(self, item: NewsItem) -> list[str]:
        return [item.wijk.name] if item.wijk else []

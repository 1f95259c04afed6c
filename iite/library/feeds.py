"""RSS 2.0 and Atom feeds of new publications and of news, in the visitor's language.

The feeds live under the language prefix (/fr/library/feeds/news.atom): titles and
summaries are given in that language, falling back to each record's own language as the
pages do, and the feed says its language. Thirty items, newest first.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _

from . import news, selectors
from .models import NewsItem, Publication

ITEMS = 30
PUBLISHER = "UNESCO IITE"


def _midday(day: datetime.date | None) -> datetime.datetime | None:
    if day is None:
        return None
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


class _LanguageFeed(Feed):  # type: ignore[type-arg]
    feed_type: type[Rss201rev2Feed] | type[Atom1Feed] = Rss201rev2Feed

    # Django names the feed's language after the active one (the URL's prefix). Links are
    # absolute on the platform's own address (SITE_URL), never the sites framework's row.

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        # The feed's own path (Feed instances are shared between threads: no state on self).
        return request.path

    def feed_url(self, obj: str) -> str:
        return settings.SITE_URL + obj

    def item_link(self, item: Any) -> str:
        return settings.SITE_URL + str(item.get_absolute_url())

    def author_name(self) -> str:
        return PUBLISHER


class PublicationsFeed(_LanguageFeed):
    """The newest published publications."""

    def title(self) -> str:
        return _("UNESCO IITE library: new publications")

    def link(self) -> str:
        return settings.SITE_URL + reverse("library:catalogue")

    def description(self) -> str:
        return _("Research reports, policy briefs, guidance and open educational resources.")

    def items(self) -> QuerySet[Publication]:
        return selectors.with_listing(selectors.published()).order_by("-date_published", "-pk")[
            :ITEMS
        ]

    def item_title(self, item: Publication) -> str:
        return str(item.title)

    def item_description(self, item: Publication) -> str:
        return str(item.abstract)

    def item_pubdate(self, item: Publication) -> datetime.datetime | None:
        return _midday(item.date_published)

    def item_updateddate(self, item: Publication) -> datetime.datetime:
        return item.updated_at

    def item_author_name(self, item: Publication) -> str:
        names = [person.display_name for person in item.contributors.all()]
        return ", ".join(names) or item.publisher

    def item_categories(self, item: Publication) -> list[str]:
        return [str(item.get_kind_display()), *(str(theme.name) for theme in item.themes.all())]


class PublicationsAtom(PublicationsFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()


class NewsFeed(_LanguageFeed):
    """The newest published news."""

    def title(self) -> str:
        return _("UNESCO IITE library: news")

    def link(self) -> str:
        return settings.SITE_URL + reverse("library:news")

    def description(self) -> str:
        return _("News and announcements of the UNESCO IITE library.")

    def items(self) -> QuerySet[NewsItem]:
        return news.news_published()[:ITEMS]

    def item_title(self, item: NewsItem) -> str:
        return str(item.title)

    def item_description(self, item: NewsItem) -> str:
        return str(item.summary) or str(item.body)[:500]

    def item_pubdate(self, item: NewsItem) -> datetime.datetime:
        return item.published_at or timezone.now()

    def item_updateddate(self, item: NewsItem) -> datetime.datetime:
        return item.updated_at

    def item_enclosures(self, item: NewsItem) -> list[Enclosure]:
        """The item's image (an RSS <enclosure>, an Atom <link rel="enclosure">)."""
        if not item.image:
            return []
        return [
            Enclosure(settings.SITE_URL + item.image_url, str(item.image_size), item.image_type)
        ]


class NewsAtom(NewsFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()

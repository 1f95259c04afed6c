"""The library's news: writes (create, update, publish, unpublish) and reads.

A news item is a draft until someone allowed to publish it does; published, it shows
in the news list, on the home page and in the feeds, newest first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import NewsItem, NewsStatus, Publication, PublicationStatus

FIELDS = ("slug", "title", "summary", "body", "original_language")
SLUG_MAX = 80


def _slug_for(title: dict[str, str], original_language: str) -> str:
    for code in (original_language, "en", *title):
        slug = slugify(title.get(code, ""))[:SLUG_MAX].strip("-")
        if slug:
            return slug
    return "news"


def _unique_slug(base: str, exclude: int | None = None) -> str:
    slug, number = base, 1
    taken = NewsItem.objects.exclude(pk=exclude) if exclude else NewsItem.objects.all()
    while taken.filter(slug=slug).exists():
        number += 1
        suffix = f"-{number}"
        slug = base[: SLUG_MAX - len(suffix)] + suffix
    return slug


def _save(item: NewsItem, publications: Iterable[Publication] | None) -> NewsItem:
    item.full_clean()
    item.save()
    if publications is not None:
        item.publications.set(list(publications))
    return item


@transaction.atomic
def news_create(*, publications: Iterable[Publication] = (), **values: Any) -> NewsItem:
    """A draft news item; its address comes from its title when none is given."""
    values = {name: values[name] for name in FIELDS if name in values}
    if not values.get("slug"):
        values["slug"] = _unique_slug(
            _slug_for(dict(values.get("title") or {}), values.get("original_language", "en"))
        )
    return _save(NewsItem(**values), publications)


@transaction.atomic
def news_update(
    *, item: NewsItem, publications: Iterable[Publication] | None = None, **values: Any
) -> NewsItem:
    for name in FIELDS:
        if name in values and not (name == "slug" and not values[name]):
            setattr(item, name, values[name])
    return _save(item, publications)


@transaction.atomic
def news_publish(*, item: NewsItem) -> NewsItem:
    """Published now (or again, keeping the first date); its text must exist."""
    if not item.title:
        raise ValidationError({"title": _("A news item needs a title to be published.")})
    item.status = NewsStatus.PUBLISHED
    item.published_at = item.published_at or timezone.now()
    return _save(item, None)


@transaction.atomic
def news_unpublish(*, item: NewsItem) -> NewsItem:
    item.status = NewsStatus.DRAFT
    return _save(item, None)


def news_published() -> QuerySet[NewsItem]:
    return NewsItem.objects.filter(status=NewsStatus.PUBLISHED).order_by("-published_at", "-pk")


def news_public(slug: str) -> NewsItem | None:
    return news_published().filter(slug=slug).first()


def news_publications(item: NewsItem) -> list[Publication]:
    """The published publications a news item is about."""
    return list(item.publications.filter(status=PublicationStatus.PUBLISHED))


def publications_by_slug(slugs: Iterable[str]) -> tuple[list[Publication], list[str]]:
    """The publications named by their addresses, and the addresses that name none."""
    wanted = list(dict.fromkeys(slug for slug in slugs if slug))
    found = Publication.objects.in_bulk(wanted, field_name="slug")
    return [found[slug] for slug in wanted if slug in found], [
        slug for slug in wanted if slug not in found
    ]


HOME_COUNT = 3


@dataclass(frozen=True)
class HomeNews:
    items: list[NewsItem]


def home_news() -> HomeNews:
    """The latest news for the home page (one query; the page itself is kept by the cache)."""
    return HomeNews(list(news_published()[:HOME_COUNT]))

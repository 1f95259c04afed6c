"""The library's news: writes (create, update, publish, unpublish) and reads.

A news item is a draft until someone allowed to publish it does; published, it shows
in the news list, on the home page and in the feeds, newest first. It may have one image
(news_images.py) and link programme activities: each public one is shown with a link to
its event or course page when it is delivered as one (iite.core.registry.activity_pages).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iite.core.caching import cache_bump, cache_get_or_set
from iite.core.registry import activity_pages
from iite.programme import selectors as programme_selectors
from iite.programme.models import Activity

from .models import NewsItem, NewsStatus, Publication, PublicationStatus
from .news_images import IMAGE_FIELDS, NewsImage, news_image_clear, news_image_set

FIELDS = (
    "slug",
    "title",
    "summary",
    "body",
    "original_language",
    "image_alt",
    "image_decorative",
)
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


def _save(
    item: NewsItem,
    publications: Iterable[Publication] | None,
    activities: Iterable[Activity] | None = None,
    image: NewsImage | None = None,
    image_remove: bool = False,
) -> NewsItem:
    """Save the item (the caller holds the transaction). A new image is written first and
    removed again if the item is not saved; the file it replaces, or the one removed, is
    deleted once the change is committed."""
    before = {name: getattr(item, name) for name in IMAGE_FIELDS}
    old_name = item.image.name if item.image and (image or image_remove) else ""
    written = ""
    try:
        if image is not None:
            news_image_set(item, image)
            written = item.image.name or ""
        elif image_remove:
            news_image_clear(item)
        item.full_clean()
        item.save()
        if publications is not None:
            item.publications.set(list(publications))
        if activities is not None:
            item.activities.set(list(activities))
    except Exception:
        if written:
            item.image.storage.delete(written)
        for name, value in before.items():
            setattr(item, name, value)
        raise
    if old_name:
        storage = item.image.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return item


@transaction.atomic
def news_create(
    *,
    publications: Iterable[Publication] = (),
    activities: Iterable[Activity] = (),
    image: NewsImage | None = None,
    **values: Any,
) -> NewsItem:
    """A draft news item; its address comes from its title when none is given. `image`
    comes from news_images.news_image_prepare, which checks the upload."""
    values = {name: values[name] for name in FIELDS if name in values}
    if not values.get("slug"):
        values["slug"] = _unique_slug(
            _slug_for(dict(values.get("title") or {}), values.get("original_language", "en"))
        )
    return _save(NewsItem(**values), publications, activities, image)


@transaction.atomic
def news_update(
    *,
    item: NewsItem,
    publications: Iterable[Publication] | None = None,
    activities: Iterable[Activity] | None = None,
    image: NewsImage | None = None,
    image_remove: bool = False,
    **values: Any,
) -> NewsItem:
    """Change the item; a new `image` replaces the old one, `image_remove` takes it away
    (with its description): the old file is deleted."""
    for name in FIELDS:
        if name in values and not (name == "slug" and not values[name]):
            setattr(item, name, values[name])
    return _save(item, publications, activities, image, image_remove)


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


NEWS_NAMESPACE = "library-news"


def news_cache_clear(**_signal: object) -> None:
    """Receiver of NewsItem's saves and deletions (apps.py): the cached lists go stale once
    the change commits (with its links; a page rendered before would keep the old ones)."""
    transaction.on_commit(lambda: cache_bump(NEWS_NAMESPACE))


def news_about_activity(record: Any, *, limit: int = 5) -> list[NewsItem]:
    """The latest published news linking the activity an event or a course stands for (a
    page section of theirs, registered in apps.py). Kept in the cache until news change,
    so the event page's anonymous view still costs no query."""
    activity_id = getattr(record, "activity_id", None)
    if not activity_id:
        return []
    return cache_get_or_set(
        NEWS_NAMESPACE,
        "about",
        activity_id,
        limit,
        build=lambda: list(news_published().filter(activities=activity_id)[:limit]),
        timeout=3600,
    )


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


ACTIVITY_CHOICES = 60
ACTIVITY_CHOICE_DAYS = 365


def activities_by_code(codes: Iterable[str]) -> tuple[list[Activity], list[str]]:
    """The activities named by their codes, and the codes that name none."""
    wanted = list(dict.fromkeys(code for code in codes if code))
    found = {
        activity.code: activity
        for activity in programme_selectors.activity_list_staff().filter(code__in=wanted)
    }
    return [found[code] for code in wanted if code in found], [
        code for code in wanted if code not in found
    ]


def activity_choices(linked: Iterable[str] = ()) -> list[Activity]:
    """What staff pick from on the form: the linked activities, then those that started in
    the last year or start in the next (newest first), ACTIVITY_CHOICES at most."""
    today = timezone.localdate()
    span = datetime.timedelta(days=ACTIVITY_CHOICE_DAYS)
    codes = list(linked)
    near = programme_selectors.activity_list_staff().filter(
        start_date__gte=today - span, start_date__lte=today + span
    )
    chosen = list(programme_selectors.activity_list_staff().filter(code__in=codes))
    others = list(near.exclude(code__in=codes).order_by("-start_date", "code")[:ACTIVITY_CHOICES])
    return chosen + others[: max(ACTIVITY_CHOICES - len(chosen), 0)]


@dataclass(frozen=True)
class LinkedActivity:
    """A public activity a news item is about, and the page to read about it on."""

    activity: Activity
    url: str
    # What the page is: an event's, a course's, or the activity's own.
    label: str | Promise


def news_activities(item: NewsItem) -> list[LinkedActivity]:
    """The public activities a news item links, each to its public event or course page
    when it is delivered as one, else to its programme page (two or three queries)."""
    activities = list(
        programme_selectors.activity_list_public()
        .filter(library_news=item)
        .order_by("-start_date", "code")
    )
    pages = activity_pages(activity.pk for activity in activities)
    linked = []
    for activity in activities:
        page = pages.get(activity.pk)
        if page is None:
            linked.append(
                LinkedActivity(activity, activity.get_absolute_url(), gettext_lazy("Activity"))
            )
        else:
            linked.append(LinkedActivity(activity, page.url, page.label))
    return linked


HOME_COUNT = 3


@dataclass(frozen=True)
class HomeNews:
    items: list[NewsItem]


def home_news() -> HomeNews:
    """The latest news for the home page (one query; the page itself is kept by the cache)."""
    return HomeNews(list(news_published()[:HOME_COUNT]))

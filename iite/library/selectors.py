"""Reads of the library: what readers, staff and the home page see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language

from iite.core.caching import cache_get_or_set

from .caching import LIBRARY_NAMESPACE
from .models import (
    Contributor,
    Publication,
    PublicationFile,
    PublicationReach,
    PublicationStatus,
    Theme,
)
from .reach import REACH_SUMS, ReachTotals

HOME_COUNT = 4
RELATED_COUNT = 5


def published() -> QuerySet[Publication]:
    return Publication.objects.filter(status=PublicationStatus.PUBLISHED)


def with_listing(queryset: QuerySet[Publication]) -> QuerySet[Publication]:
    """What a list of publications shows, in a fixed number of queries."""
    return queryset.prefetch_related(
        Prefetch("contributors", queryset=Contributor.objects.order_by("order", "pk")),
        Prefetch(
            "files",
            queryset=PublicationFile.objects.only(
                "pk",
                "publication_id",
                "language",
                "size",
                "page_count",
                "file",
                "isbn",
                "media_type",
            ),
        ),
        "themes",
    )


def publication_public(slug: str) -> Publication | None:
    """A published or withdrawn publication (a withdrawn one says so), with what its page shows."""
    return (
        with_listing(
            Publication.objects.filter(
                status__in=[PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN]
            )
        )
        .select_related("activity")
        .filter(slug=slug)
        .first()
    )


def publication_staff(slug: str) -> Publication | None:
    return (
        with_listing(Publication.objects.all()).select_related("activity").filter(slug=slug).first()
    )


def related_publications(publication: Publication) -> list[Publication]:
    """The publications staff linked, then those sharing the most themes, newest first."""
    linked = list(with_listing(published().filter(related=publication))[:RELATED_COUNT])
    if len(linked) >= RELATED_COUNT:
        return linked
    theme_ids = [theme.pk for theme in publication.themes.all()]
    if not theme_ids:
        return linked
    seen = {publication.pk, *(item.pk for item in linked)}
    more = (
        with_listing(published().filter(themes__in=theme_ids).exclude(pk__in=seen))
        .distinct()
        .order_by("-date_published", "-pk")[: RELATED_COUNT - len(linked)]
    )
    return [*linked, *more]


def staff_list(status: str = "") -> QuerySet[Publication]:
    publications = with_listing(Publication.objects.all()).order_by("-updated_at", "-pk")
    if status:
        publications = publications.filter(status=status)
    return publications


@dataclass(frozen=True)
class HomeLibrary:
    publications: list[Publication]


def home_new_publications() -> HomeLibrary:
    """The newest published publications, for the home page (cached per language)."""

    def build() -> HomeLibrary:
        return HomeLibrary(list(with_listing(published())[:HOME_COUNT]))

    return cache_get_or_set(LIBRARY_NAMESPACE, "home", get_language(), build=build, timeout=300)


def themes() -> QuerySet[Theme]:
    return Theme.objects.all()


def reach_by_activity(activity_ids: list[int], *, year: int) -> dict[int, ReachTotals]:
    """Each publication's counts for `year`, keyed by its launch Activity: what the
    indicators' drill-down shows beside the activities that make up a figure."""
    rows: Any = (
        PublicationReach.objects.filter(publication__activity_id__in=activity_ids, month__year=year)
        .values("publication__activity_id")
        .annotate(**REACH_SUMS)
    )
    return {
        row["publication__activity_id"]: ReachTotals(
            **{name: int(row[name] or 0) for name in REACH_SUMS}
        )
        for row in rows
    }

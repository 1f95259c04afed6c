"""Reads of the library: what readers, staff and the home page see."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import get_language

from iite.core.caching import cache_get_or_set

from .caching import LIBRARY_NAMESPACE
from .models import (
    CollectionItem,
    Contributor,
    PracticeSubmission,
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


@dataclass
class CollectionRelations:
    """A publication's places in best-practice collections, as harvesters and citation
    tools read them: the published practices a collection has as parts (in its order),
    and the published collections a practice is part of (newest first)."""

    parts: list[Publication] = field(default_factory=list)
    part_of: list[Publication] = field(default_factory=list)


_RELATIVE_FIELDS = (
    "slug",
    "kind",
    "status",
    "title",
    "original_language",
    "doi",
    "date_published",
)


def single_practices(publications: Iterable[Publication]) -> set[int]:
    """Which of these publications were published from one submission (a practice, not a
    collection): one query whatever their number or kinds (a page's cost stays the same)."""
    ids = [p.pk for p in publications]
    if not ids:
        return set()
    return set(
        PracticeSubmission.objects.filter(publication_id__in=ids).values_list(
            "publication_id", flat=True
        )
    )


def collection_relations(publications: Iterable[Publication]) -> dict[int, CollectionRelations]:
    """The collection relations of every publication given, in one query whatever their
    number (an OAI-PMH page, a landing page). Relatives that are not published (drafts,
    withdrawn) are never listed; a publication without relations has no key."""
    ids = [publication.pk for publication in publications]
    if not ids:
        return {}
    published_status = PublicationStatus.PUBLISHED
    items = (
        CollectionItem.objects.filter(
            Q(collection_id__in=ids, member__status=published_status)
            | Q(member_id__in=ids, collection__status=published_status)
        )
        .select_related("collection", "member")
        .only(
            "position",
            "collection_id",
            "member_id",
            *(f"collection__{name}" for name in _RELATIVE_FIELDS),
            *(f"member__{name}" for name in _RELATIVE_FIELDS),
        )
        .order_by("position", "pk")
    )
    wanted = set(ids)
    relations: dict[int, CollectionRelations] = {}
    for item in items:
        # Both ends may be on the page: each side sees only its published relative.
        if item.collection_id in wanted and item.member.status == published_status:
            relations.setdefault(item.collection_id, CollectionRelations()).parts.append(
                item.member
            )
        if item.member_id in wanted and item.collection.status == published_status:
            relations.setdefault(item.member_id, CollectionRelations()).part_of.append(
                item.collection
            )
    for relation in relations.values():
        relation.part_of.sort(key=lambda c: (c.date_published or datetime.date.min, c.pk))
        relation.part_of.reverse()
    return relations


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

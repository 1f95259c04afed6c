"""Best-practice submissions: who may do what, and the reads of the pages.

A signed-in teacher or student submits a practice and follows it in their own list;
library reviewers and curators moderate the queue. The writes are in `services`
(`practice_submission_create` and the moderation steps).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from iite.reference.models import Country
from iite.reference.selectors import countries

from .models import (
    CollectionItem,
    Contributor,
    PracticeFile,
    PracticeSubmission,
    PracticeSubmissionStatus,
    Publication,
    PublicationKind,
    PublicationStatus,
)

MODERATE = "library.moderate_practicesubmission"

# The roles that moderate: reviewers decide, officers and administrators too.
ROLE_PERMISSIONS = {
    "Reviewer/Judge": [MODERATE, "library.view_practicesubmission"],
    "Programme officer": [MODERATE, "library.view_practicesubmission"],
    "Administrator": [MODERATE, "library.view_practicesubmission"],
}


def can_moderate(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm(MODERATE))


def can_see(user: Any, submission: PracticeSubmission) -> bool:
    """The submitter sees their own; moderators see every submission."""
    if not user.is_authenticated:
        return False
    return submission.submitter_id == user.pk or can_moderate(user)


def can_change(user: Any, submission: PracticeSubmission) -> bool:
    """The submitter changes their submission while it is open."""
    return bool(user.is_authenticated and submission.submitter_id == user.pk and submission.is_open)


# --- Reads ------------------------------------------------------------------------------


def practices_of(user: Any) -> QuerySet[PracticeSubmission]:
    """A person's own submissions, newest first."""
    return (
        PracticeSubmission.objects.filter(submitter=user)
        .select_related("publication", "country")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    language: str = ""
    country: str = ""

    @classmethod
    def from_params(cls, params: Any) -> QueueFilters:
        """Unknown values are dropped, never an error page."""
        status = params.get("status", "")
        language = params.get("language", "")
        country = (params.get("country", "") or "").upper()
        return cls(
            status=status if status in PracticeSubmissionStatus.values else "",
            language=language if language in settings.LANGUAGE_CODES else "",
            country=country if len(country) == 2 and country.isalpha() else "",
        )

    def as_params(self) -> dict[str, str]:
        values = {"status": self.status, "language": self.language, "country": self.country}
        return {name: value for name, value in values.items() if value}


# The queue opens on what waits for a decision.
WAITING = (
    PracticeSubmissionStatus.SUBMITTED,
    PracticeSubmissionStatus.UNDER_REVIEW,
)


def practice_queue(filters: QueueFilters) -> QuerySet[PracticeSubmission]:
    """Submissions for moderators: waiting ones oldest first unless a status is chosen."""
    submissions = PracticeSubmission.objects.select_related("country", "submitter", "reviewed_by")
    if filters.status:
        submissions = submissions.filter(status=filters.status).order_by("-updated_at", "-pk")
    else:
        submissions = submissions.filter(status__in=WAITING).order_by("created_at", "pk")
    if filters.language:
        submissions = submissions.filter(language=filters.language)
    if filters.country:
        submissions = submissions.filter(country__iso2=filters.country)
    return submissions


def queue_countries() -> QuerySet[Country]:
    """The countries submissions come from, for the queue's filter."""
    return countries().filter(
        pk__in=PracticeSubmission.objects.exclude(country=None).values("country")
    )


def practice_get(pk: int) -> PracticeSubmission | None:
    return (
        PracticeSubmission.objects.select_related("country", "submitter", "publication")
        .prefetch_related("files")
        .filter(pk=pk)
        .first()
    )


def export_practice_data(user: Any) -> dict[str, Any]:
    """What the library holds about a person: the practices they submitted."""
    return {
        "practice_submissions": [
            {
                "title": submission.title,
                "summary": submission.summary,
                "body": submission.body,
                "language": submission.language,
                "country": submission.country.iso2 if submission.country else "",
                "licence": submission.licence,
                "source_url": submission.source_url,
                "context": submission.context,
                "level": submission.level,
                "evidence": submission.evidence,
                "credit_name": submission.credit_name,
                "status": submission.status,
                "reviewer_notes": submission.reviewer_notes,
                "publication": submission.publication.slug if submission.publication else "",
                "created_at": submission.created_at.isoformat(),
                "updated_at": submission.updated_at.isoformat(),
                # The files themselves: downloaded from these addresses while signed in.
                "files": [
                    {
                        "name": item.name,
                        "content_type": item.content_type,
                        "size": item.size,
                        "description": item.alt,
                        "url": reverse("library:practice_file", args=[item.pk]),
                        "created_at": item.created_at.isoformat(),
                    }
                    for item in submission.files.all()
                ],
            }
            for submission in practices_of(user).prefetch_related("files")
        ]
    }


# --- Published practices and best-practice collections ---------------------------------

# The practices offered for adding to a collection: the newest published ones.
CHOICES_COUNT = 300


def collections_staff() -> QuerySet[Publication]:
    """Best-practice collections staff made (not publications made from one practice)."""
    return (
        Publication.objects.filter(
            kind=PublicationKind.BEST_PRACTICES, practice_submission__isnull=True
        )
        .prefetch_related("collection_items")
        .order_by("-updated_at", "-pk")
    )


def collection_staff_get(slug: str) -> Publication | None:
    return collections_staff().filter(slug=slug).first()


def _with_credits(queryset: QuerySet[Publication]) -> QuerySet[Publication]:
    """The authors as they chose to be credited: the publication's contributors (none
    when the author chose not to be named)."""
    return queryset.prefetch_related(
        Prefetch("contributors", queryset=Contributor.objects.order_by("order", "pk"))
    )


def collection_members(collection: Publication, *, public: bool = True) -> list[Publication]:
    """The practices of a collection in their order; readers see the published ones."""
    members = Publication.objects.filter(in_collections__collection=collection)
    if public:
        members = members.filter(status=PublicationStatus.PUBLISHED)
    return list(_with_credits(members).order_by("in_collections__position", "in_collections__pk"))


def collection_items(collection: Publication) -> list[CollectionItem]:
    """The items of a collection for staff, with their practices."""
    return list(
        CollectionItem.objects.filter(collection=collection)
        .select_related("member")
        .order_by("position", "pk")
    )


def collections_of(publication: Publication) -> list[Publication]:
    """The published collections a practice is in."""
    return list(
        Publication.objects.filter(
            collection_items__member=publication, status=PublicationStatus.PUBLISHED
        ).order_by("-date_published", "-pk")
    )


def practice_publications_addable(collection: Publication) -> QuerySet[Publication]:
    """Published practices not yet in the collection, newest first (bounded)."""
    return (
        Publication.objects.filter(
            status=PublicationStatus.PUBLISHED,
            practice_submission__status=PracticeSubmissionStatus.ACCEPTED,
        )
        .exclude(in_collections__collection=collection)
        .order_by("-date_published", "-pk")[:CHOICES_COUNT]
    )


def practice_of_publication(publication: Publication) -> PracticeSubmission | None:
    """The accepted submission a publication was made from, with its files."""
    return (
        PracticeSubmission.objects.filter(publication=publication)
        .prefetch_related(Prefetch("files", queryset=PracticeFile.objects.order_by("pk")))
        .first()
    )


def practice_file_get(pk: int) -> PracticeFile | None:
    return PracticeFile.objects.select_related("submission__publication").filter(pk=pk).first()

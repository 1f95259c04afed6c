"""Best-practice submissions: who may do what, and the reads of the pages.

A signed-in teacher or student submits a practice and follows it in their own list;
library reviewers and curators moderate the queue. The writes are in `services`
(`practice_submission_create` and the moderation steps).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from iite.reference.models import Country
from iite.reference.selectors import countries

from .models import PracticeSubmission, PracticeSubmissionStatus

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
                "credit_name": submission.credit_name,
                "status": submission.status,
                "reviewer_notes": submission.reviewer_notes,
                "publication": submission.publication.slug if submission.publication else "",
                "created_at": submission.created_at.isoformat(),
                "updated_at": submission.updated_at.isoformat(),
            }
            for submission in practices_of(user)
        ]
    }

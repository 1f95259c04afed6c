"""Issuing from the web in batches: what staff can issue, who qualifies, and resuming.

A source is a course that awards a micro-credential (those who completed it qualify) or
an event (its confirmed registrants who attended qualify, and get their certificate of
attendance with the credential). The signing runs in the background as a
CredentialBatch; a batch that failed is resumed where it stopped, and the task skips
everyone who already holds the credential, so nobody is issued twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import Achievement, Credential, CredentialBatch
from .permissions import can_issue_batch
from .services import credential_batch_run, credential_issue_batch


@dataclass(frozen=True)
class BatchSource:
    """A course or an event staff can issue credentials for; `key` is "course:<slug>"."""

    key: str
    label: str
    kind: str
    target: Any


@dataclass(frozen=True)
class Qualifying:
    """Who qualifies for a source's credential, and who of them does not hold it yet."""

    source: BatchSource
    achievement: Achievement | None
    total: int
    already: int
    pending: list[Any]

    @property
    def to_issue(self) -> int:
        return self.total - self.already


def batch_sources() -> list[BatchSource]:
    """Every course that awards a credential, then every event with attendees."""
    from iite.events.selectors import events_with_attendance
    from iite.learning.selectors import courses_awarding_credentials

    sources = [
        BatchSource(f"course:{course.slug}", str(course.title), "course", course)
        for course in courses_awarding_credentials()
    ]
    sources += [
        BatchSource(f"event:{event.slug}", str(event.title), "event", event)
        for event in events_with_attendance()
    ]
    return sources


def batch_source(key: str) -> BatchSource | None:
    return next((source for source in batch_sources() if source.key == key), None)


def _people(source: BatchSource) -> tuple[Achievement | None, QuerySet[Any]]:
    if source.kind == "course":
        from iite.learning.selectors import course_completers

        return source.target.achievement, course_completers(source.target)
    from iite.events.certificates import event_achievement_code
    from iite.events.selectors import event_attendees

    achievement = Achievement.objects.filter(code=event_achievement_code(source.target)).first()
    return achievement, event_attendees(source.target)


def _holders(achievement: Achievement | None) -> QuerySet[Any]:
    """Ids of those holding the credential; erased accounts' NULLs left out (NOT IN)."""
    return Credential.objects.filter(achievement=achievement, recipient__isnull=False).values(
        "recipient_id"
    )


def qualifying(source: BatchSource, show: int = 100) -> Qualifying:
    """Counts of who qualifies and already holds the credential; the first `show` pending."""
    achievement, people = _people(source)
    holders = _holders(achievement)
    total = people.count()
    pending = people.exclude(pk__in=holders).order_by("name", "email")
    already = total - pending.count()
    return Qualifying(source, achievement, total, already, list(pending[:show]))


def batch_issue(*, source: BatchSource, by: Any) -> CredentialBatch | None:
    """Queue the credential of `source` for everyone who qualifies and lacks it (None: nobody)."""
    if not can_issue_batch(by):
        raise PermissionDenied(_("You may not issue credentials."))
    if source.kind == "event":
        from iite.events.certificates import certificates_issue

        return certificates_issue(event=source.target, issued_by=by).batch
    achievement, people = _people(source)
    pending = list(people.exclude(pk__in=_holders(achievement)))
    if not pending or achievement is None:
        return None
    return credential_issue_batch(achievement=achievement, recipients=pending, requested_by=by)


def credential_batch_resume(*, batch: CredentialBatch, by: Any) -> CredentialBatch:
    """Queue a failed batch again from where it stopped; those already issued are skipped."""
    if not can_issue_batch(by):
        raise PermissionDenied(_("You may not issue credentials."))
    with transaction.atomic():
        locked = CredentialBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != CredentialBatch.Status.FAILED:
            return locked
        locked.status = CredentialBatch.Status.QUEUED
        locked.error = ""
        locked.finished_at = None
        locked.save(update_fields=["status", "error", "finished_at"])
        transaction.on_commit(lambda: credential_batch_run.enqueue(locked.pk))
    locked.refresh_from_db()
    return locked

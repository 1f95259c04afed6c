"""Issuing from the web in batches: what staff can issue, who qualifies, and resuming.

A source is a course that awards a micro-credential (those who completed it qualify) or
an event (its confirmed registrants who attended qualify, and get their certificate of
attendance with the credential). The signing runs in the background as a
CredentialBatch; a batch that failed is resumed where it stopped, and the task skips
everyone who already holds the credential, so nobody is issued twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
class BatchProvider:
    """A domain whose records qualify people for a credential (a course, an event).

    Registered by that domain in its AppConfig.ready() with `register_batch_provider`:
    credentials sits below the delivery domains and never imports them.
    """

    kind: str
    # sources() -> (slug, label, target) of each record staff can issue for.
    sources: Callable[[], Iterable[tuple[str, str, Any]]]
    # qualifies(target) -> the achievement it awards (None before any is issued) and the
    # accounts of everyone who qualifies for it.
    qualifies: Callable[[Any], tuple[Achievement | None, QuerySet[Any]]]
    # issue(target, by) -> the batch; when None, the credential goes to who qualifies and
    # lacks it (events issue certificates of attendance with their credential instead).
    issue: Callable[[Any, Any], CredentialBatch | None] | None = None
    order: int = 100


_providers: dict[str, BatchProvider] = {}


def register_batch_provider(provider: BatchProvider) -> None:
    _providers[provider.kind] = provider


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
    """Every record of every provider (courses that award a credential, events with
    attendees), provider by provider."""
    return [
        BatchSource(f"{provider.kind}:{slug}", label, provider.kind, target)
        for provider in sorted(_providers.values(), key=lambda entry: entry.order)
        for slug, label, target in provider.sources()
    ]


def batch_source(key: str) -> BatchSource | None:
    return next((source for source in batch_sources() if source.key == key), None)


def _people(source: BatchSource) -> tuple[Achievement | None, QuerySet[Any]]:
    return _providers[source.kind].qualifies(source.target)


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
    issue = _providers[source.kind].issue
    if issue is not None:
        return issue(source.target, by)
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

"""Every write to the library goes through here.

A publication is an Activity of the results framework: `publication_create` makes the
Activity through `programme.services.activity_for_delivery_save` and every later
change keeps it in step (title, kind, dates, visibility and status), so key indicator 3
("research reports, policy briefs, and collections and analyses of best practices
published") counts published publications from these records: published is
"completed", on the date published.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from iite.accounts.mail import mail_person
from iite.accounts.models import User
from iite.core.embeddings import embedder, to_bytes
from iite.core.i18n import TranslatedText
from iite.core.records import records_changed_on_commit
from iite.programme.models import Activity, ActivityKind, ActivityStatus
from iite.programme.services import activity_for_delivery_save
from iite.reference.selectors import country_by_iso2

from . import text as text_tools
from .fulltext import fulltext
from .identifiers import doi_normalise, isbn_normalise
from .models import (
    RESERVED_SLUGS,
    CollectionItem,
    Contributor,
    PracticeFile,
    PracticeLevel,
    PracticeOrigin,
    PracticeSubmission,
    PracticeSubmissionStatus,
    Publication,
    PublicationFile,
    PublicationKind,
    PublicationStatus,
    TextChunk,
    Theme,
)
from .practice_files import (
    PracticeUpload,
    practice_files_check,
    practice_files_delete,
    practice_files_store,
)

# The largest file a language version may be (a long report with images).
FILE_MAX_BYTES = 60 * 1024 * 1024

# Which kind of Activity each kind of publication is. Indicator 3 counts research
# reports, policy briefs and best-practice collections; a foresight report is research.
ACTIVITY_KIND = {
    PublicationKind.RESEARCH_REPORT: ActivityKind.RESEARCH_REPORT,
    PublicationKind.POLICY_BRIEF: ActivityKind.POLICY_BRIEF,
    PublicationKind.FORESIGHT_REPORT: ActivityKind.RESEARCH_REPORT,
    PublicationKind.GUIDANCE: ActivityKind.GUIDANCE,
    PublicationKind.BEST_PRACTICES: ActivityKind.BEST_PRACTICES,
    PublicationKind.OER: ActivityKind.LEARNING_RESOURCE,
    PublicationKind.OTHER: ActivityKind.OTHER,
}

# Which state may follow which: review sits between the editor and the publisher.
TRANSITIONS: dict[str, set[str]] = {
    PublicationStatus.DRAFT: {PublicationStatus.REVIEW},
    PublicationStatus.REVIEW: {PublicationStatus.DRAFT, PublicationStatus.PUBLISHED},
    PublicationStatus.PUBLISHED: {PublicationStatus.WITHDRAWN},
    PublicationStatus.WITHDRAWN: {PublicationStatus.PUBLISHED},
}

_ACTIVITY_RELATIONS = ("partners", "pillars", "objectives")


@dataclass(frozen=True)
class ContributorData:
    family_name: str
    given_names: str = ""
    kind: str = "person"
    role: str = "author"
    orcid: str = ""
    ror: str = ""
    affiliation: str = ""


@dataclass(frozen=True)
class FileUpload:
    """One language version's file, as uploaded."""

    language: str
    name: str
    content: bytes
    isbn: str = ""
    page_count: int | None = None


def _unique_slug(base: str) -> str:
    base = (slugify(base) or "publication")[:70]
    slug, n = base, 2
    while (
        slug in RESERVED_SLUGS
        or Publication.objects.filter(slug=slug).exists()
        or Activity.objects.filter(code=slug).exists()
    ):
        slug, n = f"{base}-{n}", n + 1
    return slug


def _activity_values(publication: Publication) -> dict[str, Any]:
    status = {
        PublicationStatus.PUBLISHED: ActivityStatus.COMPLETED,
        PublicationStatus.WITHDRAWN: ActivityStatus.CANCELLED,
    }.get(publication.status, ActivityStatus.PLANNED)  # type: ignore[call-overload]
    day = publication.date_published or timezone.localdate()
    languages = (
        sorted({file.language for file in publication.files.all()}) if publication.pk else []
    )
    return {
        "title": dict(publication.title),
        "description": dict(publication.abstract),
        "original_language": publication.original_language,
        "kind": ACTIVITY_KIND[publication.kind],  # type: ignore[index]
        "start_date": day,
        "end_date": day,
        "languages": languages or [publication.original_language],
        "is_public": publication.status == PublicationStatus.PUBLISHED,
        "status": status,
    }


def _sync_activity(
    publication: Publication,
    activity: Activity | None,
    relations: dict[str, list[Any]],
    *,
    created_by: User | None = None,
    unit: Any = None,
) -> Activity:
    return activity_for_delivery_save(
        activity=activity,
        code=publication.slug if activity is None else "",
        kind=ACTIVITY_KIND[publication.kind],  # type: ignore[index]
        created_by=created_by,
        values=_activity_values(publication),
        relations=relations,
        unit=unit,
    )


def _contributors_validated(
    publication: Publication, contributors: Sequence[ContributorData]
) -> list[Contributor]:
    rows = []
    errors: dict[str, list[str]] = {}
    for order, data in enumerate(contributors):
        row = Contributor(publication=publication, order=order, **data.__dict__)
        row.orcid = row.orcid.strip().removeprefix("https://orcid.org/")
        row.ror = row.ror.strip().lower().removeprefix("https://ror.org/")
        try:
            row.full_clean(exclude=["publication"])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(f"contributors-{order}-{field}", []).extend(messages)
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    return rows


def _normalised(values: dict[str, Any]) -> dict[str, Any]:
    if values.get("doi"):
        values["doi"] = doi_normalise(values["doi"])
    if values.get("handle"):
        values["handle"] = values["handle"].strip().removeprefix("https://hdl.handle.net/")
    return values


@transaction.atomic
def publication_create(
    *,
    title: dict[str, Any],
    kind: str,
    original_language: str = "en",
    abstract: dict[str, Any] | None = None,
    slug: str = "",
    themes: Iterable[Theme] = (),
    partners: Iterable[Any] = (),
    pillars: Iterable[Any] = (),
    objectives: Iterable[Any] = (),
    countries: Iterable[Any] = (),
    contributors: Sequence[ContributorData] = (),
    related_activities: Iterable[Any] = (),
    files: Sequence[FileUpload] = (),
    created_by: User | None = None,
    unit: Any = None,
    **fields: Any,
) -> Publication:
    """Create a draft publication, its Activity and its language versions (`files`).

    The Activity goes to `unit` (by default the creator's unit) under the given pillars
    and objectives, with the partners as co-organisers and `countries` (the countries the
    publication is about, which give its regions) as target countries. A file that is
    refused refuses the whole publication.
    """
    slug = slug or _unique_slug(title.get(original_language) or next(iter(title.values()), ""))
    publication = Publication(
        slug=slug,
        kind=kind,
        title=title,
        abstract=abstract or {},
        original_language=original_language,
        **_normalised(fields),
    )
    if publication.slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("This address is reserved; choose another.")})
    publication.full_clean(exclude=["activity"])
    rows = _contributors_validated(publication, contributors)
    publication.activity = _sync_activity(
        publication,
        None,
        {
            "partners": list(partners),
            "pillars": list(pillars),
            "objectives": list(objectives),
            "target_countries": list(countries),
        },
        created_by=created_by,
        unit=unit,
    )
    publication.save()
    for row in rows:
        row.publication = publication
    Contributor.objects.bulk_create(rows)
    publication.themes.set(list(themes))
    publication.related_activities.set(list(related_activities))
    for upload in files:
        _file_store(publication, upload)
    _index_abstract(publication)
    if files:
        _sync_activity(publication, publication.activity, {})
    records_changed_on_commit(sender="library", kinds={"publication", "activity"})
    return publication


@transaction.atomic
def publication_update(
    *,
    publication: Publication,
    contributors: Sequence[ContributorData] | None = None,
    **values: Any,
) -> Publication:
    """Change a publication; its Activity follows. Relations replace the old ones."""
    relations = {key: list(values.pop(key)) for key in _ACTIVITY_RELATIONS if key in values}
    if "countries" in values:
        relations["target_countries"] = list(values.pop("countries"))
    themes = values.pop("themes", None)
    related = values.pop("related", None)
    related_activities = values.pop("related_activities", None)
    values.pop("status", None)  # states change through publication_status_set
    values.pop("activity", None)
    original = values.get("original_language", publication.original_language)
    cited_as = (publication.slug, publication.doi)
    for field, value in _normalised(values).items():
        if field in ("title", "abstract"):
            value = TranslatedText(value, original)
        setattr(publication, field, value)
    publication.full_clean(exclude=["activity"])
    rows = _contributors_validated(publication, contributors) if contributors is not None else None
    publication.save()
    if rows is not None:
        publication.contributors.all().delete()
        Contributor.objects.bulk_create(rows)
    if themes is not None:
        publication.themes.set(list(themes))
    if related is not None:
        publication.related.set([item for item in related if item.pk != publication.pk])
    if related_activities is not None:
        publication.related_activities.set(list(related_activities))
    _sync_activity(publication, publication.activity, relations)
    if "abstract" in values or "title" in values:
        _index_abstract(publication)
    if (publication.slug, publication.doi) != cited_as:
        _collection_relatives_touch(publication)
    records_changed_on_commit(sender="library", kinds={"publication", "activity"})
    return publication


def _collection_relatives_touch(publication: Publication) -> None:
    """A collection's harvested record names its published practices, a practice's its
    published collections (by DOI or address): when one end is published, withdrawn or
    cited otherwise, the other's record changed too, so its datestamp moves and
    harvesters selecting by date fetch it again."""
    Publication.objects.filter(
        Q(collection_items__member=publication) | Q(in_collections__collection=publication)
    ).update(updated_at=timezone.now())


class TransitionError(ValidationError):
    """A state change the workflow does not allow."""


@transaction.atomic
def publication_status_set(
    *, publication: Publication, status: str, date_published: datetime.date | None = None
) -> Publication:
    """Move a publication to `status` along the workflow.

    Publishing needs a file or an abstract to show and sets the date published (today
    unless given or already set); withdrawing keeps the record, which OAI-PMH then
    reports as deleted.
    """
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if status not in TRANSITIONS.get(publication.status, set()):
        raise TransitionError(
            _("A publication cannot go from “%(old)s” to “%(new)s”.")
            % {
                "old": PublicationStatus(publication.status).label,
                "new": PublicationStatus(status).label if status in PublicationStatus else status,
            },
            code="transition",
        )
    if status == PublicationStatus.PUBLISHED:
        if not publication.files.exists() and not publication.abstract:
            raise TransitionError(_("Add a file or an abstract before publishing."), code="empty")
        publication.date_published = (
            date_published or publication.date_published or timezone.localdate()
        )
    shown_before = publication.status == PublicationStatus.PUBLISHED
    publication.status = status
    publication.save()
    if shown_before or status == PublicationStatus.PUBLISHED:
        _collection_relatives_touch(publication)
    _sync_activity(publication, publication.activity, {})
    records_changed_on_commit(sender="library", kinds={"publication", "activity"})
    return publication


def theme_ensure(*, slug: str, name: dict[str, str]) -> Theme:
    theme, created = Theme.objects.get_or_create(slug=slug, defaults={"name": name})
    if not created and dict(theme.name) != name:
        theme.name = name
        theme.save()
    return theme


# --- Files and the search index ------------------------------------------------------


def _chunks_replace(
    publication: Publication, file: PublicationFile | None, language: str, texts: list[str]
) -> None:
    """Replace the passages of one file (or of the abstract, file None) and index them."""
    old = TextChunk.objects.filter(publication=publication, file=file)
    if file is None:
        old = old.filter(language=language)
    index = fulltext()
    index.remove(old.values_list("pk", flat=True))
    old.delete()
    if not texts:
        return
    model = embedder()
    # Each passage is embedded with the publication's title in its language, so that a
    # passage deep in a report still says what the report is about.
    title = publication.title.get(language) or publication.title.resolve(language)
    vectors = model.passages(
        [passage if passage.startswith(title) else f"{title}. {passage}" for passage in texts]
    )
    created = TextChunk.objects.bulk_create(
        TextChunk(
            publication=publication,
            file=file,
            language=language,
            position=position,
            text=passage,
            embedding=to_bytes(vector),
            model=model.name,
        )
        for position, (passage, vector) in enumerate(zip(texts, vectors, strict=True))
    )
    if any(chunk.pk is None for chunk in created):  # backends that return no ids
        created = list(
            TextChunk.objects.filter(publication=publication, file=file, language=language)
        )
    index.index((chunk.pk, chunk.language, chunk.text) for chunk in created)


# A published practice's abstract is the practice itself (context, evidence, the steps):
# more of it is searched than of a publication's abstract.
PRACTICE_ABSTRACT_CHUNKS = 12


def _index_abstract(publication: Publication) -> None:
    """Title and abstract in a language without a file are a passage, so a record is found
    in every language it is described in. A language with a file is found by the file's
    text, which holds its title and abstract too; but a published practice's file is what
    its author attached, so its text (the abstract) is searched beside the file."""
    is_practice = PracticeSubmission.objects.filter(publication=publication).exists()
    with_file = set() if is_practice else set(publication.files.values_list("language", flat=True))
    limit = PRACTICE_ABSTRACT_CHUNKS if is_practice else 3
    languages = (set(publication.title) | set(publication.abstract)) - with_file
    existing = set(
        TextChunk.objects.filter(publication=publication, file=None).values_list(
            "language", flat=True
        )
    )
    for language in sorted(languages | existing):
        title = publication.title.get(language, "")
        abstract = publication.abstract.get(language, "")
        passage = f"{title}. {abstract}".strip(". ") if (title or abstract) else ""
        if language in with_file:
            passage = ""
        _chunks_replace(
            publication, None, language, text_tools.chunks_of(passage)[:limit] if passage else []
        )


def _delete_on_commit(storage: Any, name: str) -> None:
    """Remove a stored file once the change that replaced it is committed."""
    transaction.on_commit(lambda: storage.delete(name))


def _file_store(publication: Publication, upload: FileUpload) -> PublicationFile:
    """Validate, store and index one language version (the callers keep the rest in step)."""
    content, language = upload.content, upload.language
    errors: dict[str, str] = {}
    if len(content) > FILE_MAX_BYTES:
        errors["file"] = _("The file is larger than %(size)s MB.") % {
            "size": FILE_MAX_BYTES // (1024 * 1024)
        }
    elif not content:
        errors["file"] = _("The file is empty.")
    is_pdf = content[:5] == b"%PDF-"
    extracted = text_tools.pdf_extract(content) if is_pdf and not errors else None
    if extracted is not None and not extracted.readable:
        errors["file"] = _("This PDF cannot be read; export it again and upload it.")
    if errors:
        raise ValidationError(errors)
    file = PublicationFile.objects.filter(publication=publication, language=language).first()
    if file is not None and file.file:
        _delete_on_commit(file.file.storage, file.file.name or "")
    elif file is None:
        file = PublicationFile(publication=publication, language=language)
    file.isbn = isbn_normalise(upload.isbn) if upload.isbn else ""
    file.size = len(content)
    file.media_type = "application/pdf" if is_pdf else "application/octet-stream"
    file.page_count = upload.page_count or (extracted.page_count if extracted else None)
    file.text = extracted.text if extracted else ""
    digest = hashlib.sha256(content).hexdigest()[:8]
    base = slugify(publication.slug)[:60] or "publication"
    name = upload.name
    suffix = "pdf" if is_pdf else (name.rsplit(".", 1)[-1].lower()[:8] if "." in name else "bin")
    file.full_clean(exclude=["file", "publication"])
    file.file.save(f"{base}-{language}-{digest}.{suffix}", ContentFile(content), save=False)
    file.save()
    _chunks_replace(publication, file, language, text_tools.chunks_of(file.text))
    return file


@transaction.atomic
def publication_file_save(
    *,
    publication: Publication,
    language: str,
    name: str,
    content: bytes,
    isbn: str = "",
    page_count: int | None = None,
) -> PublicationFile:
    """Add or replace the file of one language version; its text is extracted and indexed.

    A PDF gives its page count and text (bounded, `text.pdf_extract`); a PDF that cannot
    be read is refused, since a reader could not open it either.
    """
    file = _file_store(publication, FileUpload(language, name, content, isbn, page_count))
    _index_abstract(publication)
    publication.save(update_fields=["updated_at"])
    _sync_activity(publication, publication.activity, {})
    records_changed_on_commit(sender="library", kinds={"publication"})
    return file


@transaction.atomic
def publication_file_delete(*, file: PublicationFile) -> None:
    publication = file.publication
    fulltext().remove(file.chunks.values_list("pk", flat=True))
    _delete_on_commit(file.file.storage, file.file.name or "")
    file.delete()
    _index_abstract(publication)
    publication.save(update_fields=["updated_at"])
    _sync_activity(publication, publication.activity, {})
    records_changed_on_commit(sender="library", kinds={"publication"})


# --- Best practices submitted by teachers and students ---------------------------------

# The fields a submitter writes (and may change while the submission is open).
PRACTICE_FIELDS = (
    "title",
    "summary",
    "body",
    "context",
    "level",
    "evidence",
    "language",
    "licence",
    "source_url",
    "credit_name",
)
# Asked of every practice sent on the website (a post promoted from the community did not
# ask for them; its author adds them if changes are requested).
PRACTICE_REQUIRED = {
    "context": _lazy("Describe the setting: the school, the learners, the constraints."),
    "level": _lazy("Choose the education level the practice serves."),
    "evidence": _lazy("Say what shows that the practice works."),
}
_PRACTICE_TEXTS = ("summary", "body", "context", "evidence", "reviewer_notes")


def _practice_values(
    submission: PracticeSubmission, *, country: str | None, values: dict[str, str]
) -> PracticeSubmission:
    """Set and validate the submitter's fields (`country` None: unchanged); errors name
    the field."""
    for field in PRACTICE_FIELDS:
        if field in values:
            setattr(submission, field, (values[field] or "").strip())
    submission.licence = submission.licence or PracticeSubmission._meta.get_field("licence").default
    errors: dict[str, list[str]] = {}
    code = (country or "").strip().upper()
    if country is not None:
        submission.country = country_by_iso2(code) if code else None
    if code and submission.country is None:
        errors["country"] = [_("This is not the code of a country (write e.g. SN or KZ).")]
    try:
        submission.full_clean(exclude=["submitter", "reviewed_by", "publication", "country"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if submission.origin == PracticeOrigin.WEB:
        for field, message in PRACTICE_REQUIRED.items():
            if not getattr(submission, field) and field not in errors:
                errors[field] = [str(message)]
    for field in _PRACTICE_TEXTS:
        limit = getattr(PracticeSubmission._meta.get_field(field), "max_length", None)
        if limit and len(getattr(submission, field)) > limit and field not in errors:
            errors[field] = [
                _("Write at most %(count)s characters (it has %(length)s).")
                % {"count": limit, "length": len(getattr(submission, field))}
            ]
    if errors:
        raise ValidationError(errors)
    return submission


@transaction.atomic
def practice_submission_create(
    *,
    title: str,
    summary: str,
    body: str,
    language: str,
    submitter: User | None,
    country: str = "",
    licence: str = "",
    source_url: str = "",
    origin: str = PracticeOrigin.WEB,
    credit_name: str = "",
    context: str = "",
    level: str = "",
    evidence: str = "",
    files: Sequence[PracticeUpload] = (),
) -> PracticeSubmission:
    """A best practice offered to the library, waiting for moderation by library staff.

    `country` is an ISO 3166-1 alpha-2 code; `licence` a Creative Commons SPDX id (the
    library's default when empty); `origin` "web" for the public form (which also needs
    the context, the education level (`PracticeLevel`) and the evidence), "community"
    for a post staff promoted; `files` at most `practice_files.MAX_FILES`, checked by
    content. Validated as a whole: a ValidationError names every field at fault and
    nothing is written.
    """
    if origin not in PracticeOrigin.values:
        raise ValidationError({"origin": _("The origin must be “web” or “community”.")})
    submission = PracticeSubmission(origin=origin, submitter=submitter)
    errors: dict[str, list[str]] = {}
    try:
        _practice_values(
            submission,
            country=country,
            values={
                "title": title,
                "summary": summary,
                "body": body,
                "context": context,
                "level": level,
                "evidence": evidence,
                "language": language,
                "licence": licence,
                "source_url": source_url,
                "credit_name": credit_name,
            },
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    types = _practice_files_checked(files, kept=0, errors=errors)
    if errors:
        raise ValidationError(errors)
    submission.save()
    practice_files_store(submission=submission, uploads=files, types=types)
    return submission


def _practice_files_checked(
    files: Sequence[PracticeUpload], *, kept: int, errors: dict[str, list[str]]
) -> list[Any]:
    """The files' types; their problems join `errors` so one answer names every field."""
    try:
        return practice_files_check(files, kept=kept)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
        return []


def _practice_mail(submission: PracticeSubmission, template: str) -> None:
    """Tell the submitter, in their language (else the submission's), once committed."""
    if submission.submitter_id is None:
        return
    values = {
        "title": submission.title,
        "notes": submission.reviewer_notes,
        "status": str(PracticeSubmissionStatus(submission.status).label),
        "url": reverse("library:practice_detail", args=[submission.pk]),
        "publication_url": submission.publication.get_absolute_url()
        if submission.publication is not None
        else "",
    }
    user_id, language = submission.submitter_id, submission.language
    transaction.on_commit(
        lambda: mail_person.enqueue(user_id, f"library/email/practice_{template}", values, language)
    )


def _practice_locked(submission: PracticeSubmission) -> PracticeSubmission:
    return PracticeSubmission.objects.select_for_update().get(pk=submission.pk)


def _practice_transition_refused(submission: PracticeSubmission) -> ValidationError:
    return ValidationError(
        _("This submission is “%(status)s”: it can no longer change.")
        % {"status": PracticeSubmissionStatus(submission.status).label},
        code="transition",
    )


@transaction.atomic
def practice_submission_update(
    *,
    submission: PracticeSubmission,
    country: str | None = None,
    files: Sequence[PracticeUpload] = (),
    remove_files: Iterable[int] = (),
    **values: str,
) -> PracticeSubmission:
    """The submitter changes an open submission (the fields given; `country` as an ISO
    code, "" for none; `files` added and the files `remove_files` (ids) removed, at most
    `practice_files.MAX_FILES` kept); one sent back for changes is submitted again."""
    submission = _practice_locked(submission)
    if not submission.is_open:
        raise _practice_transition_refused(submission)
    errors: dict[str, list[str]] = {}
    try:
        _practice_values(submission, country=country, values=values)
    except ValidationError as error:
        errors.update(error.message_dict)
    current = list(submission.files.all())
    removed = [item for item in current if item.pk in set(remove_files)]
    types = _practice_files_checked(files, kept=len(current) - len(removed), errors=errors)
    if errors:
        raise ValidationError(errors)
    if submission.status == PracticeSubmissionStatus.CHANGES_REQUESTED:
        submission.status = PracticeSubmissionStatus.SUBMITTED
    submission.save()
    practice_files_delete(removed)
    practice_files_store(submission=submission, uploads=files, types=types)
    return submission


@transaction.atomic
def practice_review_start(*, submission: PracticeSubmission, reviewer: User) -> PracticeSubmission:
    """A reviewer takes a submission: the submitter sees it is under review."""
    submission = _practice_locked(submission)
    if submission.status != PracticeSubmissionStatus.SUBMITTED:
        raise _practice_transition_refused(submission)
    submission.status = PracticeSubmissionStatus.UNDER_REVIEW
    submission.reviewed_by = reviewer
    submission.save()
    return submission


def _practice_decide(
    submission: PracticeSubmission, *, reviewer: User, status: str, notes: str
) -> PracticeSubmission:
    submission = _practice_locked(submission)
    if submission.status not in (
        PracticeSubmissionStatus.SUBMITTED,
        PracticeSubmissionStatus.UNDER_REVIEW,
    ):
        raise _practice_transition_refused(submission)
    submission.status = status
    submission.reviewer_notes = notes
    submission.reviewed_by = reviewer
    submission.decided_at = timezone.now()
    submission.full_clean(exclude=["submitter", "reviewed_by", "publication", "country"])
    return submission


@transaction.atomic
def practice_changes_request(
    *, submission: PracticeSubmission, reviewer: User, notes: str
) -> PracticeSubmission:
    """Send a submission back to its author with what to change (the note is required)."""
    notes = (notes or "").strip()
    if not notes:
        raise ValidationError({"notes": _("Say what the author should change.")})
    submission = _practice_decide(
        submission,
        reviewer=reviewer,
        status=PracticeSubmissionStatus.CHANGES_REQUESTED,
        notes=notes,
    )
    submission.decided_at = None
    submission.save()
    _practice_mail(submission, "changes")
    return submission


@transaction.atomic
def practice_decline(
    *, submission: PracticeSubmission, reviewer: User, notes: str
) -> PracticeSubmission:
    """Decline a submission, with the reason the author is given (required)."""
    notes = (notes or "").strip()
    if not notes:
        raise ValidationError({"notes": _("Give the author the reason.")})
    submission = _practice_decide(
        submission, reviewer=reviewer, status=PracticeSubmissionStatus.DECLINED, notes=notes
    )
    submission.save()
    _practice_mail(submission, "declined")
    return submission


@transaction.atomic
def practice_accept(
    *,
    submission: PracticeSubmission,
    reviewer: User,
    notes: str = "",
    themes: Iterable[Theme] = (),
    unit: Any = None,
) -> PracticeSubmission:
    """Accept a submission: it is published in the library as a best-practice publication.

    The publication goes through `publication_create` and `publication_status_set`, so
    it becomes an Activity of kind best practices (completed today) and is counted by
    key indicator 3, found by the library's search and harvested by OAI-PMH like every
    publication. The author is credited under the name they chose, or not named.
    """
    submission = _practice_decide(
        submission,
        reviewer=reviewer,
        status=PracticeSubmissionStatus.ACCEPTED,
        notes=(notes or "").strip(),
    )
    language = submission.language
    contributors = (
        [ContributorData(family_name=submission.credit_name)] if submission.credit_name else []
    )
    publication = publication_create(
        # The number keeps the address readable when the title has no Latin letters.
        slug=_unique_slug(f"practice-{submission.pk}-{submission.title}"),
        title={language: submission.title},
        abstract={language: practice_abstract(submission)},
        kind=PublicationKind.BEST_PRACTICES,
        original_language=language,
        licence=submission.licence,
        themes=themes,
        countries=[submission.country] if submission.country_id else [],
        contributors=contributors,
        created_by=reviewer,
        unit=unit,
    )
    submission.publication = publication
    submission.save()
    # Now known as a practice, all of its text is searched (indexed again with its PDF).
    if not _practice_pdf_attach(submission, publication):
        _index_abstract(publication)
    publication_status_set(publication=publication, status=PublicationStatus.REVIEW)
    publication = publication_status_set(
        publication=publication, status=PublicationStatus.PUBLISHED
    )
    submission.publication = publication
    _practice_mail(submission, "accepted")
    return submission


def practice_abstract(submission: PracticeSubmission) -> str:
    """The published practice's text, in its language: the summary, the level, the
    context and the evidence (first, so that search reaches them), then the practice."""
    with translation.override(submission.language):
        parts = [submission.summary]
        if submission.level:
            parts.append(f"{_('Education level')}: {PracticeLevel(submission.level).label}")
        if submission.context:
            parts.append(f"{_('Context')}: {submission.context}")
        if submission.evidence:
            parts.append(f"{_('Evidence that it works')}: {submission.evidence}")
        parts.append(f"{_('The practice')}: {submission.body}")
    return "\n\n".join(part for part in parts if part.strip())


def _practice_pdf_attach(submission: PracticeSubmission, publication: Publication) -> bool:
    """The practice's first readable PDF becomes the publication's language version (True
    when one did); the other files stay supplementary material on its page."""
    for item in submission.files.all():
        if not item.is_pdf:
            continue
        with item.file.open("rb") as handle:
            content = handle.read(FILE_MAX_BYTES + 1)
        try:
            file = publication_file_save(
                publication=publication,
                language=submission.language,
                name=item.name,
                content=content,
            )
        except ValidationError:
            continue  # unreadable: readers still download it as supplementary material
        item.publication_file = file
        item.save(update_fields=["publication_file"])
        return True
    return False


def practice_submitter_erase(user: User) -> None:
    """Before an account goes: open and declined submissions go with it, and the files
    of every submission; an accepted one stays published (with the language version its
    PDF became, published under the licence the author chose), detached from the account
    and no longer naming its author."""
    submissions = PracticeSubmission.objects.filter(submitter=user)
    practice_files_delete(list(PracticeFile.objects.filter(submission__submitter=user)))
    for submission in submissions.filter(status=PracticeSubmissionStatus.ACCEPTED).select_related(
        "publication"
    ):
        if submission.publication is not None and submission.credit_name:
            # The credit was the submission's own row (see practice_accept); the change
            # moves the record's datestamp, so harvesters take the author's name out too.
            submission.publication.contributors.filter(
                family_name=submission.credit_name, given_names=""
            ).delete()
            submission.publication.save(update_fields=["updated_at"])
    submissions.filter(status=PracticeSubmissionStatus.ACCEPTED).update(
        submitter=None, credit_name=""
    )
    submissions.exclude(status=PracticeSubmissionStatus.ACCEPTED).delete()


# --- Best-practice collections: staff gather published practices -----------------------

# A collection lists at most this many practices (its page lists them all).
COLLECTION_MAX_ITEMS = 200


def is_collection(publication: Publication) -> bool:
    """A best-practice publication staff made, not one made from a single submission."""
    return (
        publication.kind == PublicationKind.BEST_PRACTICES
        and not PracticeSubmission.objects.filter(publication=publication).exists()
    )


def _collection_locked(collection: Publication) -> Publication:
    collection = Publication.objects.select_for_update().get(pk=collection.pk)
    if not is_collection(collection):
        raise ValidationError(
            {"collection": _("Only a best-practice collection made by staff lists practices.")}
        )
    return collection


def _collection_changed(collection: Publication, member: Publication | None = None) -> None:
    """The order of the list is what harvesters and readers see: the datestamp moves,
    and that of the practice added or removed (its record names its collections)."""
    items = list(CollectionItem.objects.filter(collection=collection).order_by("position", "pk"))
    for position, item in enumerate(items):
        item.position = position
    CollectionItem.objects.bulk_update(items, ["position"])
    collection.save(update_fields=["updated_at"])
    if member is not None:
        Publication.objects.filter(pk=member.pk).update(updated_at=timezone.now())
    records_changed_on_commit(sender="library", kinds={"publication"})


@transaction.atomic
def collection_item_add(*, collection: Publication, member: Publication) -> CollectionItem:
    """Add a published practice at the end of a collection (once)."""
    collection = _collection_locked(collection)
    accepted = PracticeSubmission.objects.filter(
        publication=member, status=PracticeSubmissionStatus.ACCEPTED
    ).exists()
    if not accepted or member.status != PublicationStatus.PUBLISHED:
        raise ValidationError({"member": _("Only a published practice can join a collection.")})
    items = CollectionItem.objects.filter(collection=collection)
    if items.filter(member=member).exists():
        raise ValidationError({"member": _("This practice is in the collection already.")})
    if items.count() >= COLLECTION_MAX_ITEMS:
        raise ValidationError(
            {
                "member": _("A collection lists at most %(count)s practices.")
                % {"count": COLLECTION_MAX_ITEMS}
            }
        )
    item = CollectionItem.objects.create(
        collection=collection, member=member, position=COLLECTION_MAX_ITEMS + 1
    )
    _collection_changed(collection, member)
    return item


@transaction.atomic
def collection_item_remove(*, collection: Publication, member: Publication) -> None:
    collection = _collection_locked(collection)
    deleted, _rows = CollectionItem.objects.filter(collection=collection, member=member).delete()
    if not deleted:
        raise ValidationError({"member": _("This practice is not in the collection.")})
    _collection_changed(collection, member)


@transaction.atomic
def collection_item_move(*, collection: Publication, member: Publication, offset: int) -> None:
    """Move a practice `offset` places (-1 up, +1 down), within the list."""
    collection = _collection_locked(collection)
    items = list(CollectionItem.objects.filter(collection=collection).order_by("position", "pk"))
    index = next((i for i, item in enumerate(items) if item.member_id == member.pk), None)
    if index is None:
        raise ValidationError({"member": _("This practice is not in the collection.")})
    target = max(0, min(len(items) - 1, index + offset))
    items.insert(target, items.pop(index))
    for position, item in enumerate(items):
        item.position = position
    CollectionItem.objects.bulk_update(items, ["position"])
    _collection_changed(collection)

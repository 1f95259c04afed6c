"""Files sent with a best practice: checked by content, stored under random names, served
only to those who may see them.

A submission holds up to MAX_FILES files of MAX_BYTES each: PDF, word-processor
documents and images (`iite.core.filetypes` reads the type from the content, after
checking the size). An image needs a description. Before a decision the files are seen
by the submitter and the moderators only; once the practice is published, by everyone
(its PDF is then also the publication's language version). They are in the submitter's
personal-data export and go with the account.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iite.core.filetypes import FileType, upload_check

from .models import (
    PracticeFile,
    PracticeSubmission,
    PracticeSubmissionStatus,
    PublicationStatus,
)
from .practices import can_see

MAX_FILES = 3
MAX_BYTES = 10 * 1024 * 1024
EXTENSIONS = (".pdf", ".docx", ".odt", ".png", ".jpg", ".jpeg", ".gif", ".webp")


@dataclass(frozen=True)
class PracticeUpload:
    """One file from the practice form: its slot (1..MAX_FILES) names the form's fields."""

    slot: int
    file: Any  # an UploadedFile
    alt: str = ""


def practice_files_check(uploads: Sequence[PracticeUpload], *, kept: int = 0) -> list[FileType]:
    """The type of each upload, or one ValidationError naming every field at fault.

    `kept` is how many files the submission keeps: together at most MAX_FILES.
    """
    if kept + len(uploads) > MAX_FILES:
        slot = uploads[0].slot if uploads else 1
        raise ValidationError(
            {
                f"file_{slot}": _("A practice has at most %(count)s files: remove one first.")
                % {"count": MAX_FILES}
            }
        )
    errors: dict[str, list[str]] = {}
    types: list[FileType] = []
    for upload in uploads:
        try:
            file_type = upload_check(upload.file, extensions=EXTENSIONS, max_bytes=MAX_BYTES)
        except ValidationError as problem:
            errors.setdefault(f"file_{upload.slot}", []).extend(problem.messages)
            continue
        if file_type.is_image and not upload.alt.strip():
            errors.setdefault(f"alt_{upload.slot}", []).append(
                _("Describe the image in words for readers who cannot see it.")
            )
        types.append(file_type)
    if errors:
        raise ValidationError(errors)
    return types


def practice_files_store(
    *,
    submission: PracticeSubmission,
    uploads: Sequence[PracticeUpload],
    types: Sequence[FileType],
) -> list[PracticeFile]:
    """Store checked uploads, the last step of the caller's transaction; files already
    written are removed again if one of them fails."""
    stored: list[PracticeFile] = []
    try:
        for upload, file_type in zip(uploads, types, strict=True):
            item = PracticeFile(
                submission=submission,
                name=str(upload.file.name)[-200:],
                content_type=file_type.content_type,
                size=upload.file.size,
                alt=upload.alt.strip()[:300] if file_type.is_image else "",
            )
            item.file.save(str(upload.file.name), upload.file, save=False)
            stored.append(item)
            item.save()
    except Exception:
        for item in stored:
            item.file.delete(save=False)
        raise
    return stored


def _storage() -> Any:
    return PracticeFile._meta.get_field("file").storage  # type: ignore[union-attr]


def practice_files_delete(files: Sequence[PracticeFile]) -> int:
    """Remove files (their rows now, their stored content once committed)."""
    names = [item.file.name or "" for item in files]
    PracticeFile.objects.filter(pk__in=[item.pk for item in files]).delete()
    storage = _storage()

    def delete_files() -> None:
        for name in names:
            if name:
                storage.delete(name)

    transaction.on_commit(delete_files)
    return len(names)


def practice_file_readable(user: Any, item: PracticeFile) -> bool:
    """The submitter and the moderators; everyone once the practice is published."""
    submission = item.submission
    publication = submission.publication
    if (
        submission.status == PracticeSubmissionStatus.ACCEPTED
        and publication is not None
        and publication.status == PublicationStatus.PUBLISHED
    ):
        return True
    return can_see(user, submission)

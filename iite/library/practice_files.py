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
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iite.core.filetypes import (
    DescribedUpload,
    FileType,
    described_uploads_check,
    described_uploads_store,
)

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


# One file from the practice form: its slot (1..MAX_FILES) names the form's fields.
PracticeUpload = DescribedUpload


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
    return described_uploads_check(
        uploads, extensions=EXTENSIONS, max_bytes=MAX_BYTES, prefix="file"
    )


def practice_files_store(
    *,
    submission: PracticeSubmission,
    uploads: Sequence[PracticeUpload],
    types: Sequence[FileType],
) -> list[PracticeFile]:
    """Store checked uploads, the last step of the caller's transaction; files already
    written are removed again if one of them fails."""
    return described_uploads_store(
        uploads, types, lambda **fields: PracticeFile(submission=submission, **fields)
    )


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

"""Files shared with a post: checked by content, stored under random names, served only
to those who may read the post.

A post takes up to MAX_FILES files of MAX_BYTES each: PDF, images, office documents and
plain text (`iite.core.filetypes` reads the type from the content). An image needs a
description, as an image written into the text does. The files of a hidden post, and a
pending post's to anyone but its author and the moderators, are not served.
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

from .models import Attachment, Post, PostStatus
from .permissions import can_moderate, can_read

MAX_FILES = 3
MAX_BYTES = 10 * 1024 * 1024
EXTENSIONS = (
    ".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp",
    ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".txt",
)  # fmt: skip


# One file from the post form: its slot (1..MAX_FILES) names the form's fields.
AttachmentUpload = DescribedUpload


def attachments_check(uploads: Sequence[AttachmentUpload]) -> list[FileType]:
    """The type of each upload, or one ValidationError naming every field at fault."""
    if len(uploads) > MAX_FILES:
        raise ValidationError(
            {"attachment_1": _("Attach at most %(count)s files.") % {"count": MAX_FILES}}
        )
    return described_uploads_check(
        uploads, extensions=EXTENSIONS, max_bytes=MAX_BYTES, prefix="attachment"
    )


def attachments_store(
    *, post: Post, uploads: Sequence[AttachmentUpload], types: Sequence[FileType]
) -> list[Attachment]:
    """Store checked uploads with the post (the caller holds the transaction); a file
    already written is removed again if the post is not saved."""
    return described_uploads_store(uploads, types, lambda **fields: Attachment(post=post, **fields))


def attachment_readable(user: Any, attachment: Attachment) -> bool:
    """Whether this person may download the file: they may read the post."""
    post = attachment.post
    space = post.thread.space
    if post.status == PostStatus.HIDDEN or not can_read(user, space):
        return False
    if post.status == PostStatus.PENDING:
        return bool(
            user.is_authenticated and (post.author_id == user.pk or can_moderate(user, space))
        )
    return True


@transaction.atomic
def attachments_erase(*, user: Any) -> int:
    """Remove the files a person shared (with their account); returns how many."""
    items = list(Attachment.objects.filter(post__author=user))
    names = [item.file.name or "" for item in items]
    storage = Attachment._meta.get_field("file").storage  # type: ignore[union-attr]

    def delete_files() -> None:
        for name in names:
            if name:
                storage.delete(name)

    transaction.on_commit(delete_files)
    Attachment.objects.filter(pk__in=[item.pk for item in items]).delete()
    return len(items)

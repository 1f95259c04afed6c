"""What an uploaded file is, read from its content and not only from its name.

A file named `lesson.pdf` that is really a web page would be served to readers as a PDF;
each type here is therefore checked by its signature (PDF, images), by the parts every
such archive holds (office documents are ZIP archives), or by decoding (plain text).
A domain names the extensions it accepts and its size limit; `upload_check` gives the
content type to store and serve, or a ValidationError saying why the file is refused.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _starts(*signatures: bytes) -> Callable[[bytes], bool]:
    return lambda content: any(content.startswith(signature) for signature in signatures)


def _webp(content: bytes) -> bool:
    return content[:4] == b"RIFF" and content[8:12] == b"WEBP"


def _zip_names(content: bytes) -> list[str]:
    if not content.startswith(b"PK\x03\x04"):
        return []
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return archive.namelist()[:10000]
    except (zipfile.BadZipFile, ValueError):
        return []


def _office_open_xml(folder: str) -> Callable[[bytes], bool]:
    def check(content: bytes) -> bool:
        names = _zip_names(content)
        return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)

    return check


def _open_document(media_type: str) -> Callable[[bytes], bool]:
    def check(content: bytes) -> bool:
        if "mimetype" not in _zip_names(content):
            return False
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return archive.read("mimetype")[:100] == media_type.encode()

    return check


def _plain_text(content: bytes) -> bool:
    if b"\x00" in content:
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@dataclass(frozen=True)
class FileType:
    content_type: str
    matches: Callable[[bytes], bool]

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."
FILE_TYPES: dict[str, FileType] = {
    ".pdf": FileType("application/pdf", _starts(b"%PDF-")),
    ".png": FileType("image/png", _starts(b"\x89PNG\r\n\x1a\n")),
    ".jpg": FileType("image/jpeg", _starts(b"\xff\xd8\xff")),
    ".jpeg": FileType("image/jpeg", _starts(b"\xff\xd8\xff")),
    ".gif": FileType("image/gif", _starts(b"GIF87a", b"GIF89a")),
    ".webp": FileType("image/webp", _webp),
    ".docx": FileType(_OOXML + "wordprocessingml.document", _office_open_xml("word/")),
    ".xlsx": FileType(_OOXML + "spreadsheetml.sheet", _office_open_xml("xl/")),
    ".pptx": FileType(_OOXML + "presentationml.presentation", _office_open_xml("ppt/")),
    ".odt": FileType(_ODF + "text", _open_document(_ODF + "text")),
    ".ods": FileType(_ODF + "spreadsheet", _open_document(_ODF + "spreadsheet")),
    ".odp": FileType(_ODF + "presentation", _open_document(_ODF + "presentation")),
    ".txt": FileType("text/plain; charset=utf-8", _plain_text),
}


def upload_check(upload: Any, *, extensions: Iterable[str], max_bytes: int) -> FileType:
    """The type of an acceptable upload (a Django UploadedFile), else a ValidationError.

    The whole file is read (at most `max_bytes`, checked first), then rewound.
    """
    allowed = sorted(extensions)
    extension = Path(str(upload.name or "")).suffix.lower()
    if extension not in allowed or extension not in FILE_TYPES:
        raise ValidationError(
            _("Files of type %(type)s are not accepted; use one of: %(types)s.")
            % {"type": extension or "?", "types": ", ".join(allowed)},
            code="file_type",
        )
    too_large = ValidationError(
        _("The file is larger than %(size)s MB.") % {"size": max_bytes // (1024 * 1024)},
        code="file_size",
    )
    if upload.size is not None and upload.size > max_bytes:
        raise too_large
    upload.seek(0)
    content = upload.read(max_bytes + 1)
    upload.seek(0)
    if len(content) > max_bytes:
        raise too_large
    if not content:
        raise ValidationError(_("The file is empty."), code="file_empty")
    file_type = FILE_TYPES[extension]
    if not file_type.matches(content):
        raise ValidationError(
            _("The file's content does not match its %(extension)s extension.")
            % {"extension": extension},
            code="file_content",
        )
    return file_type


@dataclass(frozen=True)
class DescribedUpload:
    """One file from a form with numbered file fields: `slot` (1, 2, ...) names the form's
    fields (`<prefix>_<slot>`, `alt_<slot>`); `alt` describes it when it is an image."""

    slot: int
    file: Any  # an UploadedFile
    alt: str = ""


def described_uploads(data: Mapping[str, Any], *, prefix: str, count: int) -> list[DescribedUpload]:
    """The files a form's cleaned data holds in its fields `<prefix>_1..count`, each with
    the description typed in `alt_<slot>`."""
    return [
        DescribedUpload(slot, data[f"{prefix}_{slot}"], data.get(f"alt_{slot}") or "")
        for slot in range(1, count + 1)
        if data.get(f"{prefix}_{slot}")
    ]


def described_uploads_check(
    uploads: Sequence[DescribedUpload], *, extensions: Iterable[str], max_bytes: int, prefix: str
) -> list[FileType]:
    """The type of each upload, or one ValidationError naming every field at fault: the
    file's own (`<prefix>_<slot>`) or its description's (`alt_<slot>`, an image needs one)."""
    allowed = tuple(extensions)
    errors: dict[str, list[str]] = {}
    types: list[FileType] = []
    for upload in uploads:
        try:
            file_type = upload_check(upload.file, extensions=allowed, max_bytes=max_bytes)
        except ValidationError as problem:
            errors.setdefault(f"{prefix}_{upload.slot}", []).extend(problem.messages)
            continue
        if file_type.is_image and not upload.alt.strip():
            errors.setdefault(f"alt_{upload.slot}", []).append(
                _("Describe the image in words for readers who cannot see it.")
            )
        types.append(file_type)
    if errors:
        raise ValidationError(errors)
    return types


def described_uploads_store(
    uploads: Sequence[DescribedUpload], types: Sequence[FileType], make: Callable[..., Any]
) -> list[Any]:
    """Store checked uploads as the model instances `make(**fields)` builds (name,
    content_type, size, alt), each file under the name its model's storage gives it; the
    files already written are removed again if one of them fails. The caller holds the
    transaction."""
    stored: list[Any] = []
    try:
        for upload, file_type in zip(uploads, types, strict=True):
            item = make(
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

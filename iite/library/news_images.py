"""A news item's image: its type read from its content, its size and pixels bounded, and
re-encoded before it is stored.

Re-encoding keeps only the pixels: a camera's metadata (where and with what a photo was
taken) is dropped, and a file that is also something else becomes a plain image. The
header's pixel count is checked before anything is decoded, so a small file that would
unpack into gigabytes (a decompression bomb) is refused. Wide images are scaled down to
MAX_SIDE, enough for a page and a feed reader, so pages stay light.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from iite.core.filetypes import upload_check

from .models import NewsItem

EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
MAX_BYTES = 5 * 1024 * 1024
# A 24-megapixel camera's photo passes; decoded, it takes about 100 MB at most.
MAX_PIXELS = 25_000_000
MAX_SIDE = 1600
# content type -> (Pillow's format, stored extension, what Pillow writes it with)
_FORMATS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "image/jpeg": ("JPEG", ".jpg", {"quality": 85, "optimize": True, "progressive": True}),
    "image/png": ("PNG", ".png", {"optimize": True}),
    "image/webp": ("WEBP", ".webp", {"quality": 85, "method": 4}),
}
_MODES = {
    "JPEG": ("RGB", "L"),
    "PNG": ("1", "L", "LA", "P", "RGB", "RGBA"),
    "WEBP": ("RGB", "RGBA"),
}


@dataclass(frozen=True)
class NewsImage:
    """An image ready to store: re-encoded, with its type and size in pixels."""

    content: bytes
    content_type: str
    extension: str
    width: int
    height: int


def _refused(message: str) -> ValidationError:
    return ValidationError({"image": [message]})


def _too_large() -> ValidationError:
    return _refused(
        _("The image has more than %(count)s million pixels; make it smaller.")
        % {"count": MAX_PIXELS // 1_000_000}
    )


def _in_mode(image: Image.Image, pil_format: str) -> Image.Image:
    if image.mode in _MODES[pil_format]:
        return image
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    return image.convert("RGBA" if has_alpha and pil_format != "JPEG" else "RGB")


def news_image_prepare(upload: Any) -> NewsImage:
    """The upload (a Django UploadedFile) as a re-encoded JPEG, PNG or WebP image, or a
    ValidationError on the field `image` saying why it is refused."""
    try:
        file_type = upload_check(upload, extensions=EXTENSIONS, max_bytes=MAX_BYTES)
    except ValidationError as problem:
        raise _refused(" ".join(problem.messages)) from problem
    pil_format, extension, options = _FORMATS[file_type.content_type]
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[pil_format]) as opened:
                width, height = opened.size
                if width < 1 or height < 1 or width * height > MAX_PIXELS:
                    raise _too_large()
                if pil_format == "JPEG":
                    # Decoded at the smallest scale still at least MAX_SIDE wide.
                    opened.draft(None, (MAX_SIDE, MAX_SIDE))
                icc = opened.info.get("icc_profile")
                image = ImageOps.exif_transpose(opened)
                image.thumbnail((MAX_SIDE, MAX_SIDE))
                image = _in_mode(image, pil_format)
                output = io.BytesIO()
                if icc:
                    options = {**options, "icc_profile": icc}
                image.save(output, format=pil_format, **options)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
        raise _too_large() from bomb
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as broken:
        raise _refused(
            _("The image cannot be read; save it again as JPEG, PNG or WebP.")
        ) from broken
    return NewsImage(
        content=output.getvalue(),
        content_type=file_type.content_type,
        extension=extension,
        width=image.width,
        height=image.height,
    )


def news_image_set(item: NewsItem, image: NewsImage) -> None:
    """Write the image's file under a new random name and describe it on the (unsaved) item."""
    item.image.save(f"image{image.extension}", ContentFile(image.content), save=False)
    item.image_type = image.content_type
    item.image_width = image.width
    item.image_height = image.height
    item.image_size = len(image.content)


def news_image_file_delete(sender: Any, instance: NewsItem, **_signal: Any) -> None:
    """Receiver of NewsItem's post_delete (an administrator deletes an item): its image's
    file goes too, once the deletion is committed."""
    name = instance.image.name if instance.image else ""
    if name:
        storage = instance.image.storage
        transaction.on_commit(lambda: storage.delete(name))


def news_image_clear(item: NewsItem) -> None:
    item.image = ""  # type: ignore[assignment]
    item.image_type = ""
    item.image_width = item.image_height = None
    item.image_size = 0
    item.image_alt = {}
    item.image_decorative = False


IMAGE_FIELDS = (
    "image",
    "image_type",
    "image_width",
    "image_height",
    "image_size",
    "image_alt",
    "image_decorative",
)

"""Text for search: what a PDF says, cut into passages, in bounded work.

An uploaded PDF may hold thousands of pages or be crafted to make extraction slow, so
extraction stops at `EXTRACT_MAX_PAGES` pages and `TEXT_MAX_CHARS` characters, and a
file whose pages cannot be read keeps no text rather than failing the upload. The text
is cut into passages of about `CHUNK_CHARS` characters on sentence or word boundaries;
at most `MAX_CHUNKS` passages per file are indexed.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PyPdfError

logger = logging.getLogger(__name__)

EXTRACT_MAX_PAGES = 300
TEXT_MAX_CHARS = 200_000
CHUNK_CHARS = 600
MAX_CHUNKS = 60

_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？؟])\s+|(?<=[。！？])")


@dataclass(frozen=True)
class Extracted:
    text: str
    page_count: int | None
    readable: bool


def pdf_extract(data: bytes) -> Extracted:
    """The text of the first pages of a PDF, bounded; (text "", pages None) if unreadable."""
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = len(reader.pages)
        parts: list[str] = []
        size = 0
        for page in reader.pages[:EXTRACT_MAX_PAGES]:
            part = page.extract_text() or ""
            parts.append(part)
            size += len(part)
            if size >= TEXT_MAX_CHARS:
                break
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        logger.info("library: a PDF could not be read: %s", error)
        return Extracted("", None, False)
    text = _SPACES.sub(" ", " ".join(parts)).strip()[:TEXT_MAX_CHARS]
    return Extracted(text, pages, True)


def chunks_of(text: str, size: int = CHUNK_CHARS, limit: int = MAX_CHUNKS) -> list[str]:
    """Passages of about `size` characters, cut after a sentence where possible."""
    text = _SPACES.sub(" ", text).strip()
    passages: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text):
        sentence = sentence.strip()
        while len(sentence) > size:
            cut = sentence.rfind(" ", 0, size)
            cut = cut if cut > size // 2 else size
            if current:
                passages.append(current)
                current = ""
            passages.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        if current and len(current) + 1 + len(sentence) > size:
            passages.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip() if current else sentence
        if len(passages) >= limit:
            return passages[:limit]
    if current:
        passages.append(current)
    return [passage for passage in passages if passage][:limit]

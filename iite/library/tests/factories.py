from __future__ import annotations

import datetime
from typing import Any, cast

from iite.library.models import Publication
from iite.library.services import (
    ContributorData,
    publication_create,
    publication_file_save,
    publication_status_set,
)
from iite.strategy.models import StrategyPeriod
from iite.strategy.tests.factories import PeriodFactory, UnitFactory

_counter = iter(range(1, 10_000_000))


def current_period() -> StrategyPeriod:
    return cast(StrategyPeriod, PeriodFactory())


def simple_pdf(pages: list[str]) -> bytes:
    """A small valid PDF with one line of (Latin) text per page, built by hand: fast."""
    objects: list[bytes] = []
    kids = []
    font_number = 3 + 2 * len(pages)
    for index, text in enumerate(pages):
        page_number, content_number = 3 + 2 * index, 4 + 2 * index
        kids.append(f"{page_number} 0 R")
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream = f"BT /F1 12 Tf 72 720 Td ({escaped}) Tj ET".encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_number} 0 R "
            f"/Resources << /Font << /F1 {font_number} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    head = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode(),
    ]
    font = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, content in enumerate([*head, *objects, *font], start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(offsets) + 1,
        xref,
    )
    return body


def make_publication(*, files: dict[str, str] | None = None, **values: Any) -> Publication:
    """A draft research report in English, unless told otherwise; `files` adds PDFs
    (language -> text)."""
    period = current_period()
    n = next(_counter)
    if "created_by" not in values:
        values.setdefault("unit", UnitFactory(period=period, code="UA"))
    status = values.pop("status", "draft")
    defaults: dict[str, Any] = {
        "title": {"en": f"Report {n}"},
        "kind": "research_report",
        "abstract": {"en": f"What report {n} found."},
        "contributors": [ContributorData("Ivanova", "Anna", orcid="0000-0002-1825-0097")],
    }
    defaults.update(values)
    publication = publication_create(**defaults)
    for language, text in (files or {}).items():
        publication_file_save(
            publication=publication,
            language=language,
            name="report.pdf",
            content=simple_pdf([text]),
        )
    if status in ("review", "published", "withdrawn"):
        publication = publication_status_set(publication=publication, status="review")
    if status in ("published", "withdrawn"):
        publication = publication_status_set(
            publication=publication,
            status="published",
            date_published=values.get("date_published") or datetime.date(2026, 3, 10),
        )
    if status == "withdrawn":
        publication = publication_status_set(publication=publication, status="withdrawn")
    return publication

"""The library's demo data of data/library.toml, loaded through the library's services.

A publication that exists already (by its address) is left as it is. The PDFs of the
language versions are generated here: every file's pages are laid out in one WeasyPrint
render (layout is the slow part, and fonts load once) and the document is then split
into one PDF per file by the anchors that open each of them.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils.translation import get_language_info
from PIL import Image, ImageColor, ImageDraw

from iite.library.forms import contributors_parse
from iite.library.identifiers import DEFAULT_LICENCE
from iite.library.models import (
    NewsItem,
    PracticeSubmission,
    PracticeSubmissionStatus,
    Publication,
    PublicationKind,
    PublicationStatus,
)
from iite.library.news import activities_by_code, news_create, news_publish, publications_by_slug
from iite.library.news_images import NewsImage, news_image_prepare
from iite.library.services import (
    FileUpload,
    collection_item_add,
    practice_accept,
    practice_review_start,
    practice_submission_create,
    publication_create,
    publication_status_set,
    theme_ensure,
)
from iite.reference.selectors import country_by_iso2
from iite.strategy.models import ProgrammePillar, ProgrammeUnit
from iite.strategy.selectors import period_current

from .datafiles import people_ensure, read

PUBLISHER = "UNESCO Institute for Information Technologies in Education"
# Registration group 978-5-6050 with the entry's serial: valid check digits, demo numbers.
ISBN_PREFIX = "97856050"


def isbn_for(serial: int) -> str:
    digits = f"{ISBN_PREFIX}{serial:04d}"
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


def pdfs_render(documents: list[dict[str, Any]]) -> list[bytes]:
    """One PDF per document (title, abstract, body, language, ...), from a single render."""
    from weasyprint import HTML  # noqa: PLC0415 - heavy: loaded when a PDF is made

    html = render_to_string("library/demo_pdf.html", {"documents": documents})
    rendered = HTML(string=html).render()
    # An element's anchor is on every page it spans: a document starts on its first.
    starts: dict[int, int] = {}
    for number, page in enumerate(rendered.pages):
        for anchor in page.anchors:
            if anchor.startswith("doc-"):
                starts.setdefault(int(anchor[4:]), number)
    bounds = [starts[index] for index in range(len(documents))] + [len(rendered.pages)]
    return [
        bytes(rendered.copy(rendered.pages[bounds[i] : bounds[i + 1]]).write_pdf())
        for i in range(len(documents))
    ]


def _text(values: dict[str, str], language: str, fallback: str) -> str:
    return values.get(language) or values.get(fallback) or next(iter(values.values()), "")


def load() -> str:
    period = period_current()
    if period is None:
        return "no current strategy period: library skipped"
    data = read("library")
    themes = {slug: theme_ensure(slug=slug, name=name) for slug, name in data["themes"].items()}
    units = {unit.code: unit for unit in ProgrammeUnit.objects.filter(period=period)}
    if not units:
        return "no programme unit: library skipped"
    pillar = ProgrammePillar.objects.filter(period=period, code="P2").first()
    existing = set(Publication.objects.values_list("slug", flat=True))
    entries = [entry for entry in data["publications"] if entry["slug"] not in existing]
    documents: list[dict[str, Any]] = []
    for serial, entry in enumerate(entries, start=1):
        for file_language in entry.get("files", []):
            info = get_language_info(file_language)
            documents.append(
                {
                    "index": len(documents),
                    "slug": entry["slug"],
                    "language": file_language,
                    "direction": "rtl" if info["bidi"] else "ltr",
                    "title": _text(entry["title"], file_language, entry["language"]),
                    "abstract": _text(entry.get("abstract", {}), file_language, entry["language"]),
                    "body": entry.get("body", {}).get(file_language, ""),
                    "contributors": [
                        line.split("|")[0].strip() for line in entry.get("contributors", [])
                    ],
                    "kind": PublicationKind(entry["kind"]).label,
                    "year": entry["date"].year if "date" in entry else "",
                    "licence": entry.get("licence", DEFAULT_LICENCE),
                    "isbn": isbn_for(serial * 10 + len(documents) % 10)
                    if entry.get("isbn")
                    else "",
                }
            )
    pdfs = pdfs_render(documents) if documents else []
    uploads: dict[str, list[FileUpload]] = {}
    for document, pdf in zip(documents, pdfs, strict=True):
        uploads.setdefault(document["slug"], []).append(
            FileUpload(document["language"], f"{document['slug']}.pdf", pdf, document["isbn"])
        )
    created: list[tuple[dict[str, Any], Publication]] = []
    for entry in entries:
        publication = publication_create(
            slug=entry["slug"],
            title={**entry["title"], "_pending": True},
            abstract={**entry.get("abstract", {}), "_pending": True},
            kind=entry["kind"],
            original_language=entry["language"],
            themes=[themes[slug] for slug in entry.get("themes", [])],
            pillars=[pillar] if pillar else [],
            contributors=contributors_parse("\n".join(entry.get("contributors", []))),
            unit=units.get(entry.get("unit", "")) or next(iter(units.values())),
            doi=entry.get("doi", ""),
            licence=entry.get("licence", DEFAULT_LICENCE),
            publisher=PUBLISHER,
            files=uploads.get(entry["slug"], []),
        )
        created.append((entry, publication))
    for entry, publication in created:
        status = entry.get("status", PublicationStatus.PUBLISHED)
        if status == PublicationStatus.DRAFT:
            continue
        publication = publication_status_set(publication=publication, status="review")
        if status == PublicationStatus.PUBLISHED:
            day = entry.get("date")
            publication_status_set(
                publication=publication,
                status="published",
                date_published=day if isinstance(day, datetime.date) else None,
            )
    unit = units.get("TPDN") or next(iter(units.values()))
    practices = _practices_load(data, themes, unit)
    message = f"{len(created)} publications created, {len(documents)} files"
    if practices:
        message = f"{message}, {practices} practice submissions"
    collections = _collections_load(data, themes, unit, pillar)
    if collections:
        message = f"{message}, {collections} practice collections"
    made = _news_load(data.get("news", []))
    return f"{message}, {made} news items" if made else message


def _practices_load(data: dict[str, Any], themes: dict[str, Any], unit: ProgrammeUnit) -> int:
    """The submitted best practices, each brought to its status through the services."""
    specs = data.get("practices", [])
    if not specs:
        return 0
    people = people_ensure([spec["person"] for spec in specs])
    reviewer = people_ensure([data["practices_reviewer"]])[0]
    count = 0
    for spec, person in zip(specs, people, strict=True):
        if PracticeSubmission.objects.filter(submitter=person, title=spec["title"]).exists():
            continue
        submission = practice_submission_create(
            title=spec["title"],
            summary=spec["summary"],
            body=spec["body"],
            language=spec["language"],
            # Without the reference data (a test's database), the practice has no country.
            country=spec["country"] if country_by_iso2(spec.get("country", "")) else "",
            licence=spec.get("licence", ""),
            credit_name=spec.get("credit_name", ""),
            context=spec.get("context", ""),
            level=spec.get("level", ""),
            evidence=spec.get("evidence", ""),
            submitter=person,
        )
        status = spec.get("status", PracticeSubmissionStatus.SUBMITTED)
        if status == PracticeSubmissionStatus.UNDER_REVIEW:
            practice_review_start(submission=submission, reviewer=reviewer)
        elif status == PracticeSubmissionStatus.ACCEPTED:
            practice_accept(
                submission=submission,
                reviewer=reviewer,
                themes=[themes[slug] for slug in spec.get("themes", [])],
                unit=unit,
            )
        count += 1
    return count


def _collections_load(
    data: dict[str, Any], themes: dict[str, Any], unit: ProgrammeUnit, pillar: Any
) -> int:
    """The best-practice collections: publications listing accepted practices (by title)
    in order, published through the workflow; one that exists (by address) is left."""
    existing = set(Publication.objects.values_list("slug", flat=True))
    made = 0
    for entry in data.get("practice_collections", []):
        if entry["slug"] in existing:
            continue
        collection = publication_create(
            slug=entry["slug"],
            title=_pending(entry["title"]),
            abstract=_pending(entry.get("abstract", {})),
            kind=PublicationKind.BEST_PRACTICES,
            original_language=entry["language"],
            themes=[themes[slug] for slug in entry.get("themes", [])],
            pillars=[pillar] if pillar else [],
            contributors=contributors_parse("UNESCO IITE | editor | 05gq02987"),
            unit=unit,
            publisher=PUBLISHER,
        )
        for title in entry.get("practices", []):
            submission = (
                PracticeSubmission.objects.filter(
                    title=title, status=PracticeSubmissionStatus.ACCEPTED
                )
                .select_related("publication")
                .first()
            )
            if submission is not None and submission.publication is not None:
                collection_item_add(collection=collection, member=submission.publication)
        collection = publication_status_set(publication=collection, status="review")
        day = entry.get("date")
        publication_status_set(
            publication=collection,
            status="published",
            date_published=day if isinstance(day, datetime.date) else None,
        )
        made += 1
    return made


def _pending(text: dict[str, str]) -> dict[str, Any]:
    """The platform's own wording, its translations awaiting the institute's review."""
    return {**text, "_pending": True} if text else {}


def _news_load(entries: list[dict[str, Any]]) -> int:
    """The demo news (an item that exists, by its address, is left as it is)."""
    existing = set(NewsItem.objects.values_list("slug", flat=True))
    made = 0
    for entry in entries:
        if entry["slug"] in existing:
            continue
        publications, _unknown = publications_by_slug(entry.get("publications", []))
        # Without the programme's and the events' demo data (a test's database), none.
        activities, _unknown = activities_by_code(entry.get("activities", []))
        image = entry.get("image")
        item = news_create(
            slug=entry["slug"],
            title=_pending(entry["title"]),
            summary=_pending(entry.get("summary", {})),
            body=_pending(entry.get("body", {})),
            original_language=entry["language"],
            publications=publications,
            activities=activities,
            image=news_picture(image["motif"], image["colour"]) if image else None,
            image_alt=_pending(entry.get("image_alt", {})),
        )
        if entry.get("status") != "draft":
            item.published_at = entry.get("published")
            news_publish(item=item)
        made += 1
    return made


NEWS_PICTURE = (1200, 630)


def news_picture(motif: str, colour: str) -> NewsImage:
    """A news item's picture drawn here (nothing is downloaded): a motif in white and
    tints on a coloured ground, as a PNG checked like any upload."""
    width, height = NEWS_PICTURE
    ground = ImageColor.getrgb(colour)
    image = Image.new("RGB", NEWS_PICTURE, ground)
    draw = ImageDraw.Draw(image)

    def tint(share: float) -> tuple[int, int, int]:
        return tuple(round(c + (255 - c) * share) for c in ground)  # type: ignore[return-value]

    if motif == "network":
        nodes = [(180, 160), (420, 420), (600, 200), (820, 460), (1000, 180), (300, 520)]
        for start, end in zip(nodes, nodes[1:] + nodes[:2], strict=False):
            draw.line([start, end], fill=tint(0.5), width=6)
        for x, y in nodes:
            draw.ellipse((x - 44, y - 44, x + 44, y + 44), fill="white")
    elif motif == "books":
        draw.rectangle((80, 520, width - 80, 545), fill="white")
        x = 140
        for number in range(14):
            tall = 220 + (number * 53) % 160
            draw.rectangle((x, 520 - tall, x + 56, 515), fill=tint(0.25 + (number % 4) * 0.2))
            x += 68
    elif motif == "speech":
        for number, (x, y) in enumerate(((140, 110), (440, 220), (740, 120))):
            draw.rounded_rectangle(
                (x, y, x + 340, y + 220), radius=48, fill=tint(0.3 * number + 0.3)
            )
            draw.polygon(
                [(x + 70, y + 215), (x + 150, y + 215), (x + 60, y + 300)],
                fill=tint(0.3 * number + 0.3),
            )
    else:  # horizon
        for number, radius in enumerate((420, 320, 220)):
            centre = (width // 2, 470)
            box = (centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius)
            draw.pieslice(box, 180, 360, fill=tint(0.3 + number * 0.3))
        draw.rectangle((0, 470, width, height), fill=tint(0.1))
        draw.line([(0, 470), (width, 470)], fill="white", width=8)
    output = io.BytesIO()
    image.save(output, format="PNG")
    return news_image_prepare(SimpleUploadedFile(f"{motif}.png", output.getvalue()))

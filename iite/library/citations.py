"""How a publication is cited and exported: APA, Chicago, BibTeX, RIS, DataCite XML,
Highwire Press `citation_*` tags (read by Google Scholar) and schema.org JSON-LD.

Each format is built from the same `CitationData`, so they cannot disagree. Titles
are cited in the publication's original language (the version of record), as
citation styles ask; the URL is the landing page's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from .identifiers import LICENCES, licence_url
from .models import ContributorKind, ContributorRole, Publication, PublicationKind

DATACITE_NS = "http://datacite.org/schema/kernel-4"
DATACITE_SCHEMA = "http://schema.datacite.org/meta/kernel-4.5/metadata.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"

# DataCite resourceTypeGeneral, BibTeX entry type, RIS type and schema.org type per kind.
TYPES: dict[str, tuple[str, str, str, str]] = {
    PublicationKind.RESEARCH_REPORT: ("Report", "techreport", "RPRT", "Report"),
    PublicationKind.POLICY_BRIEF: ("Report", "techreport", "RPRT", "Report"),
    PublicationKind.FORESIGHT_REPORT: ("Report", "techreport", "RPRT", "Report"),
    PublicationKind.GUIDANCE: ("Standard", "techreport", "RPRT", "Report"),
    PublicationKind.BEST_PRACTICES: ("Collection", "book", "BOOK", "Collection"),
    PublicationKind.OER: ("InteractiveResource", "misc", "GEN", "LearningResource"),
    PublicationKind.OTHER: ("Text", "misc", "GEN", "CreativeWork"),
}
# One teacher's or student's practice, published from a submission: it has the kind of the
# collections (best practices) but is a single text, not a collection.
PRACTICE = "practice"
TYPES[PRACTICE] = ("Text", "misc", "GEN", "CreativeWork")


@dataclass(frozen=True)
class Creator:
    family: str
    given: str
    is_organisation: bool
    orcid: str
    ror: str
    affiliation: str

    @property
    def full(self) -> str:
        return (
            self.family if self.is_organisation or not self.given else f"{self.given} {self.family}"
        )

    @property
    def initials(self) -> str:
        return " ".join(f"{part[0]}." for part in re.split(r"[\s-]+", self.given) if part)


@dataclass(frozen=True)
class RelatedWork:
    """Another publication this one is related to: a collection it is part of, or a
    practice that is part of it."""

    title: str
    kind: str
    url: str
    doi: str

    @property
    def link(self) -> str:
        """The DOI as a resolvable URL when it has one, else its landing page."""
        return f"https://doi.org/{self.doi}" if self.doi else self.url


@dataclass(frozen=True)
class CitationData:
    key: str
    title: str
    language: str
    titles: dict[str, str]
    abstracts: dict[str, str]
    creators: list[Creator]
    year: int | None
    date: str
    publisher: str
    kind: str
    doi: str
    handle: str
    isbns: list[tuple[str, str]]
    licence: str
    url: str
    pdf_urls: list[tuple[str, str]]
    keywords: list[str]
    # Best-practice collections: the practices a collection has, the collections a practice is in.
    has_parts: tuple[RelatedWork, ...] = ()
    is_part_of: tuple[RelatedWork, ...] = ()


def _related_work(publication: Publication, base_url: str, kind: str = "") -> RelatedWork:
    return RelatedWork(
        title=publication.title.resolve(publication.original_language),
        kind=kind or publication.kind,
        url=base_url + publication.get_absolute_url(),
        doi=publication.doi,
    )


def citation_data(
    publication: Publication,
    *,
    base_url: str,
    parts: Sequence[Publication] = (),
    part_of: Sequence[Publication] = (),
    single_practice: bool = False,
) -> CitationData:
    """What every format needs; `base_url` is the site's scheme and host. `parts` and
    `part_of` are the published publications of its collection relations (read by
    `selectors.collection_relations`), in the order they are cited. `single_practice`: a
    practice published from a submission, typed as a text rather than a collection (a
    collection's parts are always practices)."""
    creators = [
        Creator(
            c.family_name,
            c.given_names,
            c.kind == ContributorKind.ORGANISATION,
            c.orcid,
            c.ror,
            c.affiliation,
        )
        for c in publication.contributors.all()
        if c.role in (ContributorRole.AUTHOR, ContributorRole.EDITOR)
    ] or [Creator(publication.publisher, "", True, "", "", "")]
    files = list(publication.files.all())
    day = publication.date_published
    return CitationData(
        key=re.sub(r"[^A-Za-z0-9]", "", publication.slug.title())[:40]
        + (str(day.year) if day else ""),
        title=publication.title.resolve(publication.original_language),
        language=publication.original_language,
        titles=dict(publication.title),
        abstracts=dict(publication.abstract),
        creators=creators,
        year=day.year if day else None,
        date=day.isoformat() if day else "",
        publisher=publication.publisher,
        kind=PRACTICE if single_practice else publication.kind,
        doi=publication.doi,
        handle=publication.handle,
        isbns=[(file.language, file.isbn) for file in files if file.isbn],
        licence=publication.licence,
        url=base_url + publication.get_absolute_url(),
        pdf_urls=[(file.language, base_url + file.get_absolute_url()) for file in files],
        keywords=[str(theme.name.resolve("en")) for theme in publication.themes.all()],
        has_parts=tuple(_related_work(part, base_url, PRACTICE) for part in parts),
        is_part_of=tuple(_related_work(whole, base_url) for whole in part_of),
    )


def _apa_name(creator: Creator) -> str:
    if creator.is_organisation or not creator.given:
        return creator.family
    return f"{creator.family}, {creator.initials}"


def _join(names: list[str], last: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f", {last} " + names[-1]


def apa(data: CitationData) -> str:
    """APA 7: Author, A. A., & Author, B. B. (Year). *Title*. Publisher. https://doi.org/…"""
    names = [_apa_name(creator) for creator in data.creators]
    authors = names[0] if len(names) == 1 else _join(names, "&")
    year = f"({data.year})" if data.year else "(n.d.)"
    link = f"https://doi.org/{data.doi}" if data.doi else data.url
    publisher = "" if data.publisher == authors else f" {data.publisher}."
    return f"{authors} {year}. {data.title}.{publisher} {link}"


def chicago(data: CitationData) -> str:
    """Chicago (notes and bibliography): Family, Given, and Given Family. Title. Publisher, Year."""
    parts = []
    for index, creator in enumerate(data.creators):
        if creator.is_organisation or not creator.given:
            parts.append(creator.family)
        elif index == 0:
            parts.append(f"{creator.family}, {creator.given}")
        else:
            parts.append(f"{creator.given} {creator.family}")
    authors = parts[0] if len(parts) == 1 else _join(parts, "and")
    link = f"https://doi.org/{data.doi}" if data.doi else data.url
    year = data.year or "n.d."
    return f"{authors}. {data.title}. {data.publisher}, {year}. {link}."


def _bibtex_escape(text: str) -> str:
    return re.sub(r"([{}\\&%$#_])", r"\\\1", text)


def bibtex(data: CitationData) -> str:
    entry = TYPES[data.kind][1]
    names = " and ".join(
        "{" + _bibtex_escape(c.family) + "}"
        if c.is_organisation or not c.given
        else f"{_bibtex_escape(c.family)}, {_bibtex_escape(c.given)}"
        for c in data.creators
    )
    fields = [
        ("author", names),
        ("title", "{" + _bibtex_escape(data.title) + "}"),
        ("institution" if entry == "techreport" else "publisher", _bibtex_escape(data.publisher)),
        ("year", str(data.year or "")),
        ("doi", data.doi),
        ("isbn", data.isbns[0][1] if data.isbns else ""),
        ("url", data.url),
        ("language", data.language),
        ("copyright", data.licence),
        ("keywords", _bibtex_escape(", ".join(data.keywords))),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{entry}{{{data.key},\n{body}\n}}\n"


def _ris_line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(value.split())}"


def ris(data: CitationData) -> str:
    lines = [_ris_line("TY", TYPES[data.kind][2])]
    for creator in data.creators:
        name = (
            creator.family
            if creator.is_organisation or not creator.given
            else f"{creator.family}, {creator.given}"
        )
        lines.append(_ris_line("AU", name))
    lines.append(_ris_line("TI", data.title))
    if data.year:
        lines.append(_ris_line("PY", str(data.year)))
        lines.append(_ris_line("DA", data.date.replace("-", "/")))
    lines.append(_ris_line("PB", data.publisher))
    abstract = data.abstracts.get(data.language) or next(iter(data.abstracts.values()), "")
    if abstract:
        lines.append(_ris_line("AB", abstract))
    if data.doi:
        lines.append(_ris_line("DO", data.doi))
    for _language, isbn in data.isbns:
        lines.append(_ris_line("SN", isbn))
    for keyword in data.keywords:
        lines.append(_ris_line("KW", keyword))
    lines.append(_ris_line("LA", data.language))
    lines.append(_ris_line("UR", data.url))
    lines.append(_ris_line("ER", ""))
    return "\r\n".join(lines) + "\r\n"


def datacite_element(data: CitationData) -> ET.Element:
    """A DataCite Metadata Schema 4.5 <resource>, for the export and for oai_datacite."""
    ET.register_namespace("xsi", XSI_NS)
    ET.register_namespace("datacite", DATACITE_NS)

    def sub(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{DATACITE_NS}}}{name}", attrs)
        if text is not None:
            element.text = text
        return element

    resource = ET.Element(
        f"{{{DATACITE_NS}}}resource",
        {f"{{{XSI_NS}}}schemaLocation": f"{DATACITE_NS} {DATACITE_SCHEMA}"},
    )
    if data.doi:
        sub(resource, "identifier", data.doi, identifierType="DOI")
    creators = sub(resource, "creators")
    for creator in data.creators:
        node = sub(creators, "creator")
        sub(
            node,
            "creatorName",
            creator.family
            if creator.is_organisation or not creator.given
            else f"{creator.family}, {creator.given}",
            nameType="Organizational" if creator.is_organisation else "Personal",
        )
        if not creator.is_organisation and creator.given:
            sub(node, "givenName", creator.given)
            sub(node, "familyName", creator.family)
        if creator.orcid:
            sub(
                node,
                "nameIdentifier",
                f"https://orcid.org/{creator.orcid}",
                nameIdentifierScheme="ORCID",
                schemeURI="https://orcid.org",
            )
        if creator.ror:
            sub(
                node,
                "nameIdentifier",
                f"https://ror.org/{creator.ror}",
                nameIdentifierScheme="ROR",
                schemeURI="https://ror.org",
            )
        if creator.affiliation:
            sub(node, "affiliation", creator.affiliation)
    titles = sub(resource, "titles")
    for language, title in data.titles.items():
        node = sub(titles, "title", title)
        node.set(f"{{{XML_NS}}}lang", language)
        if language != data.language:
            node.set("titleType", "TranslatedTitle")
    sub(resource, "publisher", data.publisher)
    sub(resource, "publicationYear", str(data.year or ""))
    sub(
        resource,
        "resourceType",
        "Practice" if data.kind == PRACTICE else str(PublicationKind(data.kind).label),
        resourceTypeGeneral=TYPES[data.kind][0],
    )
    if data.keywords:
        subjects = sub(resource, "subjects")
        for keyword in data.keywords:
            sub(subjects, "subject", keyword)
    if data.date:
        dates = sub(resource, "dates")
        sub(dates, "date", data.date, dateType="Issued")
    sub(resource, "language", data.language)
    alternates = sub(resource, "alternateIdentifiers")
    sub(alternates, "alternateIdentifier", data.url, alternateIdentifierType="URL")
    if data.handle:
        sub(alternates, "alternateIdentifier", data.handle, alternateIdentifierType="Handle")
    if data.isbns or data.has_parts or data.is_part_of:
        related = sub(resource, "relatedIdentifiers")
        for _language, isbn in data.isbns:
            sub(
                related,
                "relatedIdentifier",
                isbn,
                relatedIdentifierType="ISBN",
                relationType="HasVersion",
            )
        for relation_type, works in (("HasPart", data.has_parts), ("IsPartOf", data.is_part_of)):
            for work in works:
                sub(
                    related,
                    "relatedIdentifier",
                    work.doi or work.url,
                    relatedIdentifierType="DOI" if work.doi else "URL",
                    relationType=relation_type,
                    resourceTypeGeneral=TYPES[work.kind][0],
                )
    rights = sub(resource, "rightsList")
    sub(
        rights,
        "rights",
        LICENCES.get(data.licence, data.licence),
        rightsURI=licence_url(data.licence),
        rightsIdentifier=data.licence.lower(),
        rightsIdentifierScheme="SPDX",
        schemeURI="https://spdx.org/licenses/",
    )
    if data.abstracts:
        descriptions = sub(resource, "descriptions")
        for language, abstract in data.abstracts.items():
            node = sub(descriptions, "description", abstract, descriptionType="Abstract")
            node.set(f"{{{XML_NS}}}lang", language)
    return resource


def datacite_xml(data: CitationData) -> bytes:
    # Prefixed names ("datacite:resource"): ElementTree's registry of prefixes is global,
    # so two formats cannot both take the default namespace safely.
    return ET.tostring(datacite_element(data), encoding="utf-8", xml_declaration=True)


def highwire_tags(data: CitationData) -> list[tuple[str, str]]:
    """(name, content) of the Highwire Press meta tags Google Scholar reads."""
    tags = [("citation_title", data.title)]
    tags += [("citation_author", creator.full) for creator in data.creators]
    if data.date:
        tags.append(("citation_publication_date", data.date.replace("-", "/")))
    tags.append(("citation_publisher", data.publisher))
    if data.kind in (
        PublicationKind.RESEARCH_REPORT,
        PublicationKind.POLICY_BRIEF,
        PublicationKind.FORESIGHT_REPORT,
        PublicationKind.GUIDANCE,
    ):
        tags.append(("citation_technical_report_institution", data.publisher))
    if data.doi:
        tags.append(("citation_doi", data.doi))
    tags += [("citation_isbn", isbn) for _language, isbn in data.isbns]
    tags.append(("citation_language", data.language))
    tags += [("citation_keywords", keyword) for keyword in data.keywords]
    tags.append(("citation_abstract_html_url", data.url))
    # Scholar takes the first PDF as the full text: the original language's first.
    pdfs = sorted(data.pdf_urls, key=lambda item: item[0] != data.language)
    tags += [("citation_pdf_url", url) for _language, url in pdfs]
    return tags


def json_ld(data: CitationData) -> str:
    """schema.org JSON-LD, safe inside a <script type="application/ld+json"> element."""
    item: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": TYPES[data.kind][3],
        "@id": data.url,
        "url": data.url,
        "name": data.title,
        "inLanguage": data.language,
        "author": [
            {
                "@type": "Organization" if creator.is_organisation else "Person",
                "name": creator.full,
                **(
                    {"familyName": creator.family, "givenName": creator.given}
                    if not creator.is_organisation and creator.given
                    else {}
                ),
                **({"identifier": f"https://orcid.org/{creator.orcid}"} if creator.orcid else {}),
                **({"identifier": f"https://ror.org/{creator.ror}"} if creator.ror else {}),
            }
            for creator in data.creators
        ],
        "publisher": {"@type": "Organization", "name": data.publisher},
        "license": licence_url(data.licence),
        "keywords": data.keywords,
        "isAccessibleForFree": True,
        "workTranslation": [],
        "encoding": [
            {
                "@type": "MediaObject",
                "contentUrl": url,
                "inLanguage": language,
                "encodingFormat": "application/pdf",
            }
            for language, url in data.pdf_urls
        ],
    }
    abstract = data.abstracts.get(data.language)
    if abstract:
        item["abstract"] = abstract
    if data.date:
        item["datePublished"] = data.date
    identifiers = [f"https://doi.org/{data.doi}"] if data.doi else []
    identifiers += [f"urn:isbn:{isbn}" for _language, isbn in data.isbns]
    if identifiers:
        item["identifier"] = identifiers
    if data.isbns:
        item["isbn"] = data.isbns[0][1]
    for name, works in (("hasPart", data.has_parts), ("isPartOf", data.is_part_of)):
        if works:
            item[name] = [
                {
                    "@type": TYPES[work.kind][3],
                    "@id": work.url,
                    "url": work.url,
                    "name": work.title,
                    **({"identifier": f"https://doi.org/{work.doi}"} if work.doi else {}),
                }
                for work in works
            ]
    del item["workTranslation"]
    text = json.dumps(item, ensure_ascii=False)
    # No "</script>" or "<!--" can end or confuse the element.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

"""Best-practice collections in the metadata harvesters and citation tools read: DataCite
HasPart / IsPartOf, oai_dc relations, schema.org hasPart / isPartOf on the landing page."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from iite.library import citations, oai
from iite.library.citations import DATACITE_NS
from iite.library.models import Publication
from iite.library.selectors import collection_relations
from iite.library.services import (
    collection_item_add,
    collection_item_remove,
    publication_status_set,
    publication_update,
)

from .factories import make_publication
from .harvester import Sickle
from .test_collections import published_practice
from .test_views import MetaAndLd

NS = {"o": oai.OAI_NS, "dc": oai.DC_NS, "d": DATACITE_NS}
COLLECTION_DOI = "10.5281/zenodo.777"
PRACTICE_DOI = "10.5281/zenodo.888"


@dataclass
class Library:
    collection: Publication
    with_doi: Publication  # a practice with a DOI
    plain: Publication  # a practice with none: cited by its landing page
    taken_back: Publication  # a practice withdrawn after it joined
    draft_collection: Publication  # holds `plain`, never published


def _library() -> Library:
    """A published collection with a DOI listing three practices (one later withdrawn),
    and a draft collection that also lists one of them."""
    collection = make_publication(
        kind="best_practices",
        title={"en": "Reading practices", "fr": "Pratiques de lecture"},
        doi=COLLECTION_DOI,
    )
    draft_collection = make_publication(kind="best_practices", title={"en": "Draft set"})
    with_doi = published_practice("Radio reading")
    Publication.objects.filter(pk=with_doi.pk).update(doi=PRACTICE_DOI)
    with_doi.refresh_from_db()
    plain = published_practice("Reading buddies")
    taken_back = published_practice("Book swap")
    for member in (with_doi, plain, taken_back):
        collection_item_add(collection=collection, member=member)
    collection_item_add(collection=draft_collection, member=plain)
    publication_status_set(publication=taken_back, status="withdrawn")
    publication_status_set(publication=collection, status="review")
    collection = publication_status_set(publication=collection, status="published")
    return Library(collection, with_doi, plain, taken_back, draft_collection)


def _url(base: str, publication: Publication) -> str:
    return base + publication.get_absolute_url()


def _related(xml: bytes) -> list[tuple[str, str, str]]:
    """(relationType, relatedIdentifierType, value) of a DataCite record, parsed back."""
    root = etree.fromstring(xml)
    return [
        (node.get("relationType"), node.get("relatedIdentifierType"), node.text)
        for node in root.iterfind(".//d:relatedIdentifiers/d:relatedIdentifier", NS)
    ]


@pytest.mark.django_db
def test_the_datacite_export_says_what_a_collection_has_and_what_a_practice_is_part_of(
    client: Any,
) -> None:
    """A collection HasPart each published practice in its order (by DOI when the
    practice has one, else by its landing page's URL); a practice IsPartOf each
    published collection holding it; withdrawn practices and draft collections are
    never named. The record keeps one relatedIdentifiers element."""
    library = _library()
    base = "http://testserver"
    response = client.get(f"/en/library/{library.collection.slug}/cite.datacite")
    assert response.status_code == 200
    assert _related(response.content) == [
        ("HasPart", "DOI", PRACTICE_DOI),
        ("HasPart", "URL", _url(base, library.plain)),
    ]
    root = etree.fromstring(response.content)
    assert len(root.findall("d:relatedIdentifiers", NS)) == 1
    # The collection is a Collection; its parts, single practices, are texts.
    assert root.find("d:resourceType", NS).get("resourceTypeGeneral") == "Collection"
    assert {
        node.get("resourceTypeGeneral") for node in root.iterfind(".//d:relatedIdentifier", NS)
    } == {"Text"}
    for practice in (library.with_doi, library.plain):
        response = client.get(f"/en/library/{practice.slug}/cite.datacite")
        assert _related(response.content) == [("IsPartOf", "DOI", COLLECTION_DOI)]
        record = etree.fromstring(response.content)
        assert record.find("d:resourceType", NS).get("resourceTypeGeneral") == "Text"
        assert {
            node.get("resourceTypeGeneral")
            for node in record.iterfind(".//d:relatedIdentifier", NS)
        } == {"Collection"}
    # BibTeX and RIS have no field for it: unchanged.
    bibtex = client.get(f"/en/library/{library.collection.slug}/cite.bib").content.decode()
    assert library.plain.slug not in bibtex and PRACTICE_DOI not in bibtex


@pytest.mark.django_db
def test_a_publication_outside_collections_keeps_its_related_identifiers(client: Any) -> None:
    """A report in no collection has no collection relation: its DataCite record is as before."""
    report = make_publication(status="published", files={"en": "text"})
    response = client.get(f"/en/library/{report.slug}/cite.datacite")
    assert _related(response.content) == []
    assert collection_relations([report]) == {}


def _landing_metadata(client: Any, publication: Publication) -> tuple[dict[str, Any], list[Any]]:
    """The landing page's JSON-LD, parsed back, and its Highwire tags."""
    parser = MetaAndLd()
    parser.feed(client.get(f"/en/library/{publication.slug}/").content.decode())
    return json.loads(parser.ld[0]), parser.meta


def _ld_reference(url: str, name: str, doi: str = "", kind: str = "Collection") -> dict[str, str]:
    return {
        "@type": kind,
        "@id": url,
        "url": url,
        "name": name,
        **({"identifier": f"https://doi.org/{doi}"} if doi else {}),
    }


@pytest.mark.django_db
def test_the_landing_page_json_ld_has_parts_and_is_part_of_and_highwire_is_unchanged(
    client: Any,
) -> None:
    """schema.org JSON-LD names the parts of a collection and the collections a practice
    is in, with their URLs (and DOI as identifier); the Highwire tags Google Scholar
    reads are those of the publication alone."""
    library = _library()
    base = "http://testserver"
    data, meta = _landing_metadata(client, library.collection)
    # The parts are single practices: creative works, not collections.
    assert data["@type"] == "Collection"
    assert data["hasPart"] == [
        _ld_reference(_url(base, library.with_doi), "Radio reading", PRACTICE_DOI, "CreativeWork"),
        _ld_reference(_url(base, library.plain), "Reading buddies", kind="CreativeWork"),
    ]
    assert "isPartOf" not in data
    alone = citations.citation_data(library.collection, base_url=base)
    assert meta == citations.highwire_tags(alone)

    data, meta = _landing_metadata(client, library.plain)
    assert data["@type"] == "CreativeWork"
    assert data["isPartOf"] == [
        _ld_reference(_url(base, library.collection), "Reading practices", COLLECTION_DOI)
    ]
    assert "hasPart" not in data
    assert meta == citations.highwire_tags(
        citations.citation_data(library.plain, base_url=base, single_practice=True)
    )


@pytest.mark.django_db(transaction=True)
def test_an_independent_harvester_reads_the_relations(live_server: Any) -> None:
    """Sickle harvests the relations: oai_dc has a dc:relation per published relative
    (https://doi.org/… when it has a DOI, else its landing page), oai_datacite the
    DataCite HasPart / IsPartOf; withdrawn practices are harvested as deleted records
    and named by no one."""
    library = _library()
    sickle = Sickle(f"{live_server.url}/oai")
    records = {
        record.header.identifier: record
        for record in sickle.ListRecords(metadataPrefix="oai_dc", set="kind:best_practices")
    }

    def harvested(publication: Publication) -> Any:
        return records[f"oai:{oai.REPOSITORY_ID}:library/{publication.pk}"]

    base = live_server.url
    assert harvested(library.collection).metadata["relation"] == [
        f"https://doi.org/{PRACTICE_DOI}",
        _url(base, library.plain),
    ]
    assert harvested(library.plain).metadata["relation"] == [f"https://doi.org/{COLLECTION_DOI}"]
    assert harvested(library.with_doi).metadata["relation"] == [f"https://doi.org/{COLLECTION_DOI}"]
    assert harvested(library.taken_back).header.deleted is True
    assert f"oai:{oai.REPOSITORY_ID}:library/{library.draft_collection.pk}" not in records

    record = sickle.GetRecord(
        identifier=f"oai:{oai.REPOSITORY_ID}:library/{library.collection.pk}",
        metadataPrefix="oai_datacite",
    )
    related = record.xml.findall(".//d:relatedIdentifier", NS)
    assert [(node.get("relationType"), node.text) for node in related] == [
        ("HasPart", PRACTICE_DOI),
        ("HasPart", _url(base, library.plain)),
    ]


def _list_records_queries(client: Any, prefix: str) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/oai?verb=ListRecords&metadataPrefix={prefix}")
    assert response.status_code == 200
    return len(queries), response.content


@pytest.mark.django_db
def test_a_page_of_collections_and_practices_reads_its_relations_in_one_query(
    client: Any,
) -> None:
    """ListRecords reads the collection relations of the whole page in one query: a page
    holding collections and practices costs what a page of reports costs, however many
    there are; ListIdentifiers does not read them at all."""
    for _n in range(3):
        make_publication(status="published")
    counts = {prefix: _list_records_queries(client, prefix)[0] for prefix in oai.FORMATS}
    with CaptureQueriesContext(connection) as identifiers:
        client.get("/oai?verb=ListIdentifiers&metadataPrefix=oai_dc")
    assert not any("library_collectionitem" in q["sql"] for q in identifiers.captured_queries)

    _library()
    first = {prefix: _list_records_queries(client, prefix)[0] for prefix in oai.FORMATS}
    assert first == counts

    more = _library()
    extra = published_practice("Story circles")
    collection_item_add(collection=more.collection, member=extra)
    second = {prefix: _list_records_queries(client, prefix) for prefix in oai.FORMATS}
    assert {prefix: count for prefix, (count, _body) in second.items()} == counts
    assert extra.get_absolute_url().encode() in second["oai_dc"][1]
    assert extra.get_absolute_url().encode() in second["oai_datacite"][1]


@pytest.mark.django_db
def test_a_practice_in_several_collections_lists_the_newest_first() -> None:
    """The collections a practice is part of come newest first (as its page lists them),
    and one query reads the relations of both ends when both are asked for."""
    practice = published_practice("Radio reading")
    older = make_publication(kind="best_practices", title={"en": "Older"})
    newer = make_publication(kind="best_practices", title={"en": "Newer"})
    for collection, day in ((older, datetime.date(2026, 1, 5)), (newer, datetime.date(2026, 6, 5))):
        collection_item_add(collection=collection, member=practice)
        publication_status_set(publication=collection, status="review")
        publication_status_set(publication=collection, status="published", date_published=day)
    with CaptureQueriesContext(connection) as queries:
        relations = collection_relations([practice, older, newer])
        titles = {
            pk: ([str(p.title) for p in r.parts], [str(p.title) for p in r.part_of])
            for pk, r in relations.items()
        }
    assert len(queries) == 1
    assert titles == {
        practice.pk: ([], ["Newer", "Older"]),
        older.pk: (["Radio reading"], []),
        newer.pk: (["Radio reading"], []),
    }


def _datestamps(*publications: Publication) -> list[Any]:
    return [Publication.objects.get(pk=p.pk).updated_at for p in publications]


@pytest.mark.django_db
def test_a_change_at_one_end_of_a_relation_moves_the_other_end_s_datestamp() -> None:
    """Harvesters selecting by date fetch again every record whose relations changed: a
    practice added to or removed from a collection, a collection published or withdrawn
    (its practices), a practice withdrawn or given a DOI (its collections). A change that
    no harvested record shows (a draft going to review, a new title) moves nothing else."""
    collection = make_publication(kind="best_practices", title={"en": "Reading practices"})
    practice = published_practice("Radio reading")
    other = published_practice("Reading buddies")

    before = _datestamps(practice, other)
    collection_item_add(collection=collection, member=practice)
    after = _datestamps(practice, other)
    assert after[0] > before[0] and after[1] == before[1]

    before = _datestamps(practice)
    publication_status_set(publication=collection, status="review")
    assert _datestamps(practice) == before
    publication_status_set(publication=collection, status="published")
    assert _datestamps(practice)[0] > before[0]

    before = _datestamps(collection)
    publication_update(publication=practice, title={"en": "Radio reading for all"})
    assert _datestamps(collection) == before
    publication_update(publication=practice, doi=PRACTICE_DOI)
    assert _datestamps(collection)[0] > before[0]

    before = _datestamps(collection)
    publication_status_set(publication=practice, status="withdrawn")
    assert _datestamps(collection)[0] > before[0]

    collection_item_add(collection=collection, member=other)
    before = _datestamps(other)
    collection_item_remove(collection=collection, member=other)
    assert _datestamps(other)[0] > before[0]

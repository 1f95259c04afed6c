"""OAI-PMH 2.0: an independent harvester (Sickle) harvests everything; every error code."""

from __future__ import annotations

import datetime
from xml.etree import ElementTree as ET

import pytest

from iite.library import oai
from iite.library.services import theme_ensure

from .factories import make_publication
from .harvester import (
    BadArgument,
    BadResumptionToken,
    CannotDisseminateFormat,
    IdDoesNotExist,
    NoRecordsMatch,
    Sickle,
)

NS = {"o": oai.OAI_NS, "dc": oai.DC_NS, "d": oai.citations.DATACITE_NS}


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(oai, "PAGE_SIZE", 3)


def _library(count: int = 7):
    theme = theme_ensure(slug="oer", name={"en": "OER", "fr": "REL"})
    items = [
        make_publication(
            title={"en": f"Report {n}", "fr": f"Rapport {n}"},
            abstract={"en": f"Abstract {n}", "ru": f"Аннотация {n}"},
            kind="policy_brief" if n % 2 else "research_report",
            themes=[theme] if n % 3 == 0 else [],
            status="published",
            date_published=datetime.date(2026, 1, n + 1),
        )
        for n in range(count)
    ]
    make_publication(title={"en": "A draft"})  # never harvested
    return items


@pytest.mark.django_db(transaction=True)
def test_sickle_harvests_the_whole_repository_with_resumption_by_get_and_post(
    live_server, small_pages
):
    items = _library(7)
    withdrawn = make_publication(status="withdrawn", title={"en": "Taken back"})
    for method in ("GET", "POST"):
        sickle = Sickle(f"{live_server.url}/oai", http_method=method)
        identify = sickle.Identify()
        assert identify.protocolVersion == "2.0"
        assert identify.deletedRecord == "persistent"
        records = list(sickle.ListRecords(metadataPrefix="oai_dc"))
        assert len(records) == 8  # 3 pages of 3, 3 and 2
        by_id = {record.header.identifier: record for record in records}
        deleted = by_id[f"oai:{oai.REPOSITORY_ID}:library/{withdrawn.pk}"]
        assert deleted.header.deleted is True
        first = by_id[f"oai:{oai.REPOSITORY_ID}:library/{items[0].pk}"]
        assert sorted(first.metadata["title"]) == ["Rapport 0", "Report 0"]
        assert first.metadata["creator"] == ["Ivanova, Anna"]
        assert first.metadata["rights"] == ["https://creativecommons.org/licenses/by-sa/3.0/igo/"]
        titles = first.xml.findall(".//dc:title", NS)
        assert {t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in titles} == {"en", "fr"}
        headers = list(sickle.ListIdentifiers(metadataPrefix="oai_datacite"))
        assert len(headers) == 8
        assert len({header.identifier for header in headers}) == 8


@pytest.mark.django_db(transaction=True)
def test_sets_dates_and_datacite_records(live_server, small_pages):
    items = _library(7)
    sickle = Sickle(f"{live_server.url}/oai")
    specs = {s.setSpec for s in sickle.ListSets()}
    assert {"kind:policy_brief", "kind:oer", "theme:oer"} <= specs
    briefs = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set="kind:policy_brief"))
    assert len(briefs) == 3
    themed = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set="theme:oer"))
    assert len(themed) == 3  # 0, 3 and 6
    today = datetime.datetime.now(datetime.UTC).date()
    assert (
        len(list(sickle.ListIdentifiers(metadataPrefix="oai_dc", **{"from": today.isoformat()})))
        == 7
    )
    with pytest.raises(NoRecordsMatch):
        list(sickle.ListIdentifiers(metadataPrefix="oai_dc", until="2001-01-01"))
    record = sickle.GetRecord(
        identifier=f"oai:{oai.REPOSITORY_ID}:library/{items[1].pk}", metadataPrefix="oai_datacite"
    )
    resource = record.xml.find(".//d:resource", NS)
    assert resource.find("d:titles/d:title", NS).text == "Report 1"
    assert resource.find("d:publicationYear", NS).text == "2026"


def _error_code(sickle: Sickle, **arguments: str) -> str | None:
    """The error code of one request as Sickle received it (harvest() does not raise)."""
    error = sickle.harvest(**arguments).xml.find("o:error", NS)
    return None if error is None else error.get("code")


@pytest.mark.django_db(transaction=True)
def test_every_error_code_of_the_protocol(live_server):
    _library(2)
    sickle = Sickle(f"{live_server.url}/oai")
    assert _error_code(sickle, verb="ListEverything") == "badVerb"
    assert _error_code(sickle, verb="GetRecord", identifier="x") == "badArgument"
    assert _error_code(sickle, verb="Identify", extra="1") == "badArgument"
    assert (
        _error_code(sickle, verb="ListRecords", metadataPrefix="oai_dc", **{"from": "2026-13-01"})
        == "badArgument"
    )
    assert (
        _error_code(
            sickle,
            verb="ListRecords",
            metadataPrefix="oai_dc",
            **{"from": "2026-01-01", "until": "2026-02-01T00:00:00Z"},
        )
        == "badArgument"
    )
    assert (
        _error_code(sickle, verb="ListRecords", metadataPrefix="oai_dc", resumptionToken="x")
        == "badArgument"
    )
    assert _error_code(sickle, verb="ListRecords", resumptionToken="forged") == "badResumptionToken"
    assert _error_code(sickle, verb="ListSets", resumptionToken="x") == "badResumptionToken"
    assert (
        _error_code(sickle, verb="ListRecords", metadataPrefix="marc21")
        == "cannotDisseminateFormat"
    )
    assert (
        _error_code(sickle, verb="GetRecord", identifier="oai:elsewhere:1", metadataPrefix="oai_dc")
        == "idDoesNotExist"
    )
    assert (
        _error_code(
            sickle, verb="ListMetadataFormats", identifier=f"oai:{oai.REPOSITORY_ID}:library/999999"
        )
        == "idDoesNotExist"
    )
    assert (
        _error_code(sickle, verb="ListRecords", metadataPrefix="oai_dc", set="kind:oer")
        == "noRecordsMatch"
    )
    assert _error_code(sickle, verb="ListRecords", metadataPrefix="oai_dc") is None
    # Sickle's own iterators raise its exception classes for the same codes.
    with pytest.raises(BadArgument):
        list(sickle.ListRecords(metadataPrefix="oai_dc", set="kind:novel"))
    with pytest.raises(BadResumptionToken):
        list(sickle.ListRecords(resumptionToken="forged"))
    with pytest.raises(CannotDisseminateFormat):
        list(sickle.ListRecords(metadataPrefix="marc21"))
    with pytest.raises(IdDoesNotExist):
        sickle.GetRecord(identifier="oai:elsewhere:1", metadataPrefix="oai_dc")
    with pytest.raises(NoRecordsMatch):
        list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set="kind:oer"))


@pytest.mark.django_db
def test_a_repeated_argument_is_bad_and_the_error_has_no_request_arguments(client):
    response = client.get("/oai?verb=Identify&verb=Identify")
    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    assert root.find("o:error", NS).get("code") == "badVerb"
    assert root.find("o:request", NS).attrib == {}
    response = client.get("/oai?verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc")
    root = ET.fromstring(response.content)  # noqa: S314
    assert root.find("o:error", NS).get("code") == "badArgument"
    assert response["Content-Type"] == "text/xml; charset=utf-8"


@pytest.mark.django_db
def test_paging_is_keyed_on_datestamp_and_id(client, small_pages, django_assert_max_num_queries):
    """Records sharing a datestamp are neither skipped nor repeated across pages, and a
    page costs a fixed number of queries wherever it is."""
    items = _library(7)
    from iite.library.models import Publication

    same = datetime.datetime(2026, 5, 1, 12, 0, tzinfo=datetime.UTC)
    Publication.objects.filter(pk__in=[p.pk for p in items]).update(updated_at=same)
    seen: list[str] = []
    response = client.get("/oai?verb=ListIdentifiers&metadataPrefix=oai_dc")
    while True:
        root = ET.fromstring(response.content)  # noqa: S314
        seen += [node.text for node in root.iter(f"{{{oai.OAI_NS}}}identifier")]
        token = root.find(".//o:resumptionToken", NS)
        if token is None or not token.text:
            break
        with django_assert_max_num_queries(4):
            response = client.get(f"/oai?verb=ListIdentifiers&resumptionToken={token.text}")
    assert len(seen) == len(set(seen)) == 7

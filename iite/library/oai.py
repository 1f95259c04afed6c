"""OAI-PMH 2.0 at /oai: how other repositories harvest the library's metadata.

All six verbs, by GET and POST; metadata as `oai_dc` (titles and descriptions in every
language, each with xml:lang) and `oai_datacite` (the DataCite kernel-4 record of
`citations`). A best-practice collection names its published practices as parts
(dc:relation; DataCite HasPart) and a practice the published collections it is part of
(IsPartOf); a page reads these relations for all its records in one query. Sets are
the kinds (`kind:policy_brief`) and the themes (`theme:ai-ethics`). The datestamp is
the publication's last change, to the second.

Lists are paged by a resumption token that carries the position as (datestamp, id) of
the last record sent, signed: the next page is a keyset query (`updated_at, id >
position`) on an index, so page 500 costs what page 1 costs. A withdrawn publication
stays in the lists as a deleted record (deletedRecord "persistent").

Every error condition of the protocol is answered with its code: badVerb,
badArgument, badResumptionToken, cannotDisseminateFormat, idDoesNotExist,
noRecordsMatch. noMetadataFormats and noSetHierarchy cannot arise here: every item
has both formats, and the repository has sets.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET

from django.conf import settings
from django.core import signing
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import citations, selectors
from .models import (
    Contributor,
    Publication,
    PublicationKind,
    PublicationStatus,
    Theme,
)

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
DC_NS = "http://purl.org/dc/elements/1.1/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
OAI_DATACITE_NS = "http://schema.datacite.org/oai/oai-1.1/"
OAI_DATACITE_SCHEMA = "http://schema.datacite.org/oai/oai-1.1/oai.xsd"
XSI_NS = citations.XSI_NS
XML_NS = citations.XML_NS

FORMATS = {
    "oai_dc": (OAI_DC_SCHEMA, OAI_DC_NS),
    "oai_datacite": (OAI_DATACITE_SCHEMA, OAI_DATACITE_NS),
}
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}
PAGE_SIZE = 100
TOKEN_SALT = "iite.library.oai"  # noqa: S105 (a signing salt, not a secret)
REPOSITORY_ID = getattr(settings, "OAI_REPOSITORY_IDENTIFIER", "iite.unesco.org")
EARLIEST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)

for _prefix, _uri in (
    ("oai", OAI_NS),
    ("dc", DC_NS),
    ("oai_dc", OAI_DC_NS),
    ("oai_datacite", OAI_DATACITE_NS),
    ("datacite", citations.DATACITE_NS),
    ("xsi", XSI_NS),
):
    ET.register_namespace(_prefix, _uri)


class OaiError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _datestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _identifier(publication: Publication) -> str:
    return f"oai:{REPOSITORY_ID}:library/{publication.pk}"


def _publication_pk(identifier: str) -> int | None:
    prefix = f"oai:{REPOSITORY_ID}:library/"
    rest = identifier.removeprefix(prefix)
    if rest == identifier or not rest.isdigit() or len(rest) > 12:
        return None
    return int(rest)


def _parse_date(value: str, *, end: bool) -> tuple[datetime.datetime, str]:
    """A from/until argument at day or second granularity; (moment, granularity)."""
    try:
        if len(value) == 10:
            day = datetime.date.fromisoformat(value)
            moment = datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
            return (moment + datetime.timedelta(days=1) if end else moment), "day"
        if len(value) == 20 and value.endswith("Z") and value[10] == "T":
            moment = datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(
                tzinfo=datetime.UTC
            )
            return (moment + datetime.timedelta(seconds=1) if end else moment), "second"
    except ValueError:
        pass
    raise OaiError("badArgument", f"Not a UTC date or datetime: {value!r}.")


def _records() -> QuerySet[Publication]:
    """What the repository holds: published publications and the withdrawn ones (deleted)."""
    return Publication.objects.filter(
        status__in=[PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN]
    )


def _sets_of(publication: Publication) -> list[str]:
    return [f"kind:{publication.kind}", *(f"theme:{t.slug}" for t in publication.themes.all())]


# --- The envelope -------------------------------------------------------------------


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _envelope(request: HttpRequest, arguments: dict[str, str]) -> ET.Element:
    root = ET.Element(
        f"{{{OAI_NS}}}OAI-PMH", {f"{{{XSI_NS}}}schemaLocation": f"{OAI_NS} {OAI_SCHEMA}"}
    )
    _sub(root, f"{{{OAI_NS}}}responseDate", _datestamp(timezone.now()))
    _sub(root, f"{{{OAI_NS}}}request", request.build_absolute_uri(request.path), **arguments)
    return root


def _response(root: ET.Element) -> HttpResponse:
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


# --- Records ------------------------------------------------------------------------


def _header(parent: ET.Element, publication: Publication) -> None:
    attrs = {"status": "deleted"} if publication.status == PublicationStatus.WITHDRAWN else {}
    header = _sub(parent, f"{{{OAI_NS}}}header", **attrs)
    _sub(header, f"{{{OAI_NS}}}identifier", _identifier(publication))
    _sub(header, f"{{{OAI_NS}}}datestamp", _datestamp(publication.updated_at))
    for spec in _sets_of(publication):
        _sub(header, f"{{{OAI_NS}}}setSpec", spec)


def _oai_dc(parent: ET.Element, publication: Publication, data: citations.CitationData) -> None:
    dc = _sub(
        parent,
        f"{{{OAI_DC_NS}}}dc",
        **{f"{{{XSI_NS}}}schemaLocation": f"{OAI_DC_NS} {OAI_DC_SCHEMA}"},
    )

    def element(name: str, text: str, language: str = "") -> None:
        node = _sub(dc, f"{{{DC_NS}}}{name}", text)
        if language:
            node.set(f"{{{XML_NS}}}lang", language)

    for language, title in data.titles.items():
        element("title", title, language)
    for creator in data.creators:
        element(
            "creator",
            creator.full
            if creator.is_organisation
            else f"{creator.family}, {creator.given}".strip(", "),
        )
    for theme in publication.themes.all():
        for language, name in theme.name.items():
            element("subject", name, language)
    for language, abstract in data.abstracts.items():
        element("description", abstract, language)
    element("publisher", data.publisher)
    if data.date:
        element("date", data.date)
    element("type", "Text")
    element("type", str(PublicationKind(publication.kind).label), "en")
    element("identifier", data.url)
    if data.doi:
        element("identifier", f"https://doi.org/{data.doi}")
    for _language, isbn in data.isbns:
        element("identifier", f"urn:isbn:{isbn}")
    languages = sorted({file.language for file in publication.files.all()}) or [data.language]
    for language in languages:
        element("language", language)
    # A collection has its practices as parts; a practice is part of its collections.
    for work in (*data.has_parts, *data.is_part_of):
        element("relation", work.link)
    element("rights", citations.licence_url(data.licence))
    element("format", "application/pdf")


def _oai_datacite(parent: ET.Element, data: citations.CitationData) -> None:
    wrapper = _sub(
        parent,
        f"{{{OAI_DATACITE_NS}}}oai_datacite",
        **{f"{{{XSI_NS}}}schemaLocation": f"{OAI_DATACITE_NS} {OAI_DATACITE_SCHEMA}"},
    )
    _sub(wrapper, f"{{{OAI_DATACITE_NS}}}schemaVersion", "4.5")
    _sub(wrapper, f"{{{OAI_DATACITE_NS}}}datacentreSymbol", "IITE")
    payload = _sub(wrapper, f"{{{OAI_DATACITE_NS}}}payload")
    payload.append(citations.datacite_element(data))


def _records_with_relations(
    parent: ET.Element, request: HttpRequest, publications: list[Publication], prefix: str
) -> None:
    """Each publication's record; the collection relations of all of them are read in
    one query, whatever the page size."""
    shown = [p for p in publications if p.status != PublicationStatus.WITHDRAWN]
    relations = selectors.collection_relations(shown)
    practices = selectors.single_practices(shown)
    for publication in publications:
        _record(
            parent,
            request,
            publication,
            prefix,
            relations.get(publication.pk),
            publication.pk in practices,
        )


def _record(
    parent: ET.Element,
    request: HttpRequest,
    publication: Publication,
    prefix: str,
    relations: selectors.CollectionRelations | None,
    single_practice: bool = False,
) -> None:
    record = _sub(parent, f"{{{OAI_NS}}}record")
    _header(record, publication)
    if publication.status == PublicationStatus.WITHDRAWN:
        return
    metadata = _sub(record, f"{{{OAI_NS}}}metadata")
    data = citations.citation_data(
        publication,
        base_url=f"{request.scheme}://{request.get_host()}",
        parts=relations.parts if relations else (),
        part_of=relations.part_of if relations else (),
        single_practice=single_practice,
    )
    if prefix == "oai_dc":
        _oai_dc(metadata, publication, data)
    else:
        _oai_datacite(metadata, data)


# --- Verbs --------------------------------------------------------------------------


def _identify(request: HttpRequest, root: ET.Element, args: dict[str, str]) -> None:
    node = _sub(root, f"{{{OAI_NS}}}Identify")
    _sub(node, f"{{{OAI_NS}}}repositoryName", "UNESCO IITE Library")
    _sub(node, f"{{{OAI_NS}}}baseURL", request.build_absolute_uri(request.path))
    _sub(node, f"{{{OAI_NS}}}protocolVersion", "2.0")
    _sub(
        node,
        f"{{{OAI_NS}}}adminEmail",
        getattr(settings, "DEFAULT_FROM_EMAIL", "") or "iite@unesco.org",
    )
    first = _records().order_by("updated_at").values_list("updated_at", flat=True).first()
    _sub(node, f"{{{OAI_NS}}}earliestDatestamp", _datestamp(first or EARLIEST))
    _sub(node, f"{{{OAI_NS}}}deletedRecord", "persistent")
    _sub(node, f"{{{OAI_NS}}}granularity", "YYYY-MM-DDThh:mm:ssZ")


def _list_metadata_formats(request: HttpRequest, root: ET.Element, args: dict[str, str]) -> None:
    if "identifier" in args:
        pk = _publication_pk(args["identifier"])
        if pk is None or not _records().filter(pk=pk).exists():
            raise OaiError("idDoesNotExist", "No item has this identifier.")
    node = _sub(root, f"{{{OAI_NS}}}ListMetadataFormats")
    for prefix, (schema, namespace) in FORMATS.items():
        entry = _sub(node, f"{{{OAI_NS}}}metadataFormat")
        _sub(entry, f"{{{OAI_NS}}}metadataPrefix", prefix)
        _sub(entry, f"{{{OAI_NS}}}schema", schema)
        _sub(entry, f"{{{OAI_NS}}}metadataNamespace", namespace)


def _set_list() -> list[tuple[str, str]]:
    kinds = [(f"kind:{value}", str(label)) for value, label in PublicationKind.choices]
    themes = [(f"theme:{theme.slug}", theme.name.resolve("en")) for theme in Theme.objects.all()]
    return [*kinds, *themes]


def _list_sets(request: HttpRequest, root: ET.Element, args: dict[str, str]) -> None:
    if "resumptionToken" in args:
        # Every set is sent in one response, so no token is ever handed out.
        raise OaiError("badResumptionToken", "This repository sends its sets in one response.")
    node = _sub(root, f"{{{OAI_NS}}}ListSets")
    for spec, name in _set_list():
        entry = _sub(node, f"{{{OAI_NS}}}set")
        _sub(entry, f"{{{OAI_NS}}}setSpec", spec)
        _sub(entry, f"{{{OAI_NS}}}setName", name)


def _check_prefix(prefix: str) -> None:
    if prefix not in FORMATS:
        raise OaiError("cannotDisseminateFormat", f"The metadata format {prefix!r} is not offered.")


def _get_record(request: HttpRequest, root: ET.Element, args: dict[str, str]) -> None:
    pk = _publication_pk(args["identifier"])
    publication = _with_metadata(_records()).filter(pk=pk).first() if pk is not None else None
    if publication is None:
        raise OaiError("idDoesNotExist", "No item has this identifier.")
    _check_prefix(args["metadataPrefix"])
    node = _sub(root, f"{{{OAI_NS}}}GetRecord")
    _records_with_relations(node, request, [publication], args["metadataPrefix"])


def _with_metadata(queryset: QuerySet[Publication]) -> QuerySet[Publication]:
    return queryset.prefetch_related(
        Prefetch("contributors", queryset=Contributor.objects.order_by("order", "pk")),
        "files",
        "themes",
    )


@dataclass(frozen=True)
class ListState:
    prefix: str
    since: str = ""
    until: str = ""
    set_spec: str = ""
    # The last record sent: (datestamp with microseconds, id).
    after: tuple[str, int] | None = None
    cursor: int = 0

    def token(self) -> str:
        return signing.dumps(
            [
                self.prefix,
                self.since,
                self.until,
                self.set_spec,
                list(self.after or ()),
                self.cursor,
            ],
            salt=TOKEN_SALT,
            compress=True,
        )

    @classmethod
    def from_token(cls, token: str) -> ListState:
        try:
            prefix, since, until, set_spec, after, cursor = signing.loads(token, salt=TOKEN_SALT)
            return cls(prefix, since, until, set_spec, (str(after[0]), int(after[1])), int(cursor))
        except (signing.BadSignature, ValueError, TypeError, IndexError, KeyError) as error:
            raise OaiError(
                "badResumptionToken", "The resumption token is invalid or has expired."
            ) from error


def _list_state(args: dict[str, str]) -> ListState:
    if "resumptionToken" in args:
        if set(args) - {"verb", "resumptionToken"}:
            raise OaiError(
                "badArgument", "resumptionToken is an exclusive argument: send it alone."
            )
        return ListState.from_token(args["resumptionToken"])
    prefix = args["metadataPrefix"]
    since, until = args.get("from", ""), args.get("until", "")
    granularities = []
    if since:
        granularities.append(_parse_date(since, end=False)[1])
    if until:
        granularities.append(_parse_date(until, end=True)[1])
    if len(set(granularities)) > 1:
        raise OaiError("badArgument", "from and until must have the same granularity.")
    if since and until and _parse_date(since, end=False)[0] >= _parse_date(until, end=True)[0]:
        raise OaiError("badArgument", "from is later than until.")
    _check_prefix(prefix)
    set_spec = args.get("set", "")
    if set_spec and set_spec not in dict(_set_list()):
        raise OaiError("badArgument", f"There is no set {set_spec!r}.")
    return ListState(prefix, since, until, set_spec)


def _selected(state: ListState) -> QuerySet[Publication]:
    records = _records()
    if state.since:
        records = records.filter(updated_at__gte=_parse_date(state.since, end=False)[0])
    if state.until:
        records = records.filter(updated_at__lt=_parse_date(state.until, end=True)[0])
    if state.set_spec.startswith("kind:"):
        records = records.filter(kind=state.set_spec[5:])
    elif state.set_spec.startswith("theme:"):
        records = records.filter(themes__slug=state.set_spec[6:])
    return records


def _page(state: ListState) -> tuple[list[Publication], bool]:
    records = _selected(state)
    if state.after is not None:
        moment = datetime.datetime.fromisoformat(state.after[0])
        records = records.filter(
            Q(updated_at__gt=moment) | Q(updated_at=moment, pk__gt=state.after[1])
        )
    rows = list(_with_metadata(records.order_by("updated_at", "pk"))[: PAGE_SIZE + 1])
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def _list(request: HttpRequest, root: ET.Element, args: dict[str, str], *, verb: str) -> None:
    state = _list_state(args)
    items, more = _page(state)
    if not items and state.after is None:
        raise OaiError("noRecordsMatch", "No record matches these arguments.")
    node = _sub(root, f"{{{OAI_NS}}}{verb}")
    if verb == "ListRecords":
        _records_with_relations(node, request, items, state.prefix)
    else:
        for publication in items:
            _header(node, publication)
    if state.after is not None or more:
        cursor = state.cursor
        token = ""
        if more:
            last = items[-1]
            token = ListState(
                state.prefix,
                state.since,
                state.until,
                state.set_spec,
                (last.updated_at.isoformat(), last.pk),
                cursor + len(items),
            ).token()
        _sub(node, f"{{{OAI_NS}}}resumptionToken", token, cursor=str(cursor))


HANDLERS: dict[str, Any] = {
    "Identify": _identify,
    "ListMetadataFormats": _list_metadata_formats,
    "ListSets": _list_sets,
    "GetRecord": _get_record,
    "ListIdentifiers": lambda request, root, args: _list(
        request, root, args, verb="ListIdentifiers"
    ),
    "ListRecords": lambda request, root, args: _list(request, root, args, verb="ListRecords"),
}


def _arguments(request: HttpRequest) -> tuple[dict[str, str], list[str]]:
    """The request's arguments, and the names given more than once."""
    source = request.POST if request.method == "POST" else request.GET
    repeated = [name for name, values in source.lists() if len(values) > 1]
    return {name: source[name] for name in source}, repeated


def _check_arguments(verb: str, args: dict[str, str], repeated: Iterable[str]) -> None:
    required, optional = VERBS[verb]
    if list(repeated):
        raise OaiError("badArgument", "An argument is repeated.")
    given = set(args) - {"verb"}
    if "resumptionToken" in given and verb in ("ListIdentifiers", "ListRecords"):
        required = set()
    illegal = given - required - optional
    if illegal:
        raise OaiError("badArgument", f"Illegal argument(s): {', '.join(sorted(illegal))}.")
    missing = required - given
    if missing:
        raise OaiError("badArgument", f"Missing argument(s): {', '.join(sorted(missing))}.")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def endpoint(request: HttpRequest) -> HttpResponse:
    """The OAI-PMH endpoint: one URL, the verb in the arguments."""
    args, repeated = _arguments(request)
    verb = args.get("verb", "")
    try:
        if verb not in VERBS or "verb" in repeated:
            raise OaiError("badVerb", "The verb is missing, repeated or not an OAI-PMH verb.")
        _check_arguments(verb, args, repeated)
        root = _envelope(request, args)
        HANDLERS[verb](request, root, args)
    except OaiError as error:
        # The request element carries the arguments only when the request was valid.
        root = _envelope(request, {})
        _sub(root, f"{{{OAI_NS}}}error", error.message, code=error.code)
    return _response(root)

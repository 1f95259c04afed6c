"""Library API: published publications and the cross-language search (public, read-only)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from . import selectors
from .models import Publication
from .search import SearchFilters, library_search

router = Router(tags=["library"])
SEARCH_MAX = 50


class ContributorOut(Schema):
    name: str
    kind: str
    role: str
    orcid: str
    ror: str


class FileOut(Schema):
    language: str
    size: int
    pages: int | None
    isbn: str
    url: str


class PublicationOut(Schema):
    slug: str
    kind: str
    title: dict[str, str]
    abstract: dict[str, str]
    original_language: str
    date_published: date | None
    doi: str
    handle: str
    licence: str
    themes: list[str]
    contributors: list[ContributorOut]
    files: list[FileOut]
    url: str


class SearchHit(Schema):
    publication: PublicationOut
    passage: str
    passage_language: str
    score: float


class FacetOut(Schema):
    value: str
    label: str
    count: int


class SearchOut(Schema):
    count: int
    items: list[SearchHit]
    facets: dict[str, list[FacetOut]]


class SearchParams(Schema):
    q: str = ""
    kind: str = ""
    language: str = ""
    theme: str = ""
    year: str = ""
    licence: str = ""
    region: str = ""
    priority_region: str = ""
    offset: int = 0
    limit: int = 10


def _out(publication: Publication) -> dict[str, object]:
    return {
        "slug": publication.slug,
        "kind": publication.kind,
        "title": dict(publication.title),
        "abstract": dict(publication.abstract),
        "original_language": publication.original_language,
        "date_published": publication.date_published,
        "doi": publication.doi,
        "handle": publication.handle,
        "licence": publication.licence,
        "themes": [theme.slug for theme in publication.themes.all()],
        "contributors": [
            {
                "name": row.display_name,
                "kind": row.kind,
                "role": row.role,
                "orcid": row.orcid,
                "ror": row.ror,
            }
            for row in publication.contributors.all()
        ],
        "files": [
            {
                "language": file.language,
                "size": file.size,
                "pages": file.page_count,
                "isbn": file.isbn,
                "url": file.get_absolute_url(),
            }
            for file in publication.files.all()
        ],
        "url": reverse("library:detail", args=[publication.slug]),
    }


@router.get("/search", response=SearchOut, summary="Search the library across languages")
def search(request: HttpRequest, params: Query[SearchParams]) -> dict[str, object]:
    """Full text fused with multilingual semantic search; facets over the matches.

    `passage` is the passage that matched, as HTML with the query's words in `<mark>`.
    """
    # As every list of the API: a page size past the maximum is capped, an offset past the
    # end answers an empty page with the count.
    if params.offset < 0 or params.limit < 1:
        raise HttpError(400, "limit must be 1 or more, offset 0 or more.")
    limit = min(params.limit, SEARCH_MAX)
    filters = SearchFilters.from_params(
        {k: v for k, v in params.dict().items() if k not in ("offset", "limit")}
    )
    found = library_search(filters, offset=min(params.offset, 10_000), limit=limit)
    return {
        "count": found.total,
        "items": [
            {
                "publication": _out(result.publication),
                "passage": str(result.passage),
                "passage_language": result.passage_language,
                "score": result.score,
            }
            for result in found.results
        ],
        "facets": {
            name: [{"value": f.value, "label": f.label, "count": f.count} for f in items]
            for name, items in found.facets.items()
        },
    }


@router.get("/{slug}", response=PublicationOut, summary="A published publication")
def publication(request: HttpRequest, slug: str) -> dict[str, object]:
    found = selectors.publication_public(slug)
    if found is None or not found.is_public:
        raise HttpError(404, "No published publication has this address.")
    return _out(found)

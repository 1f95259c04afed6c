"""Public pages: the library's search, landing pages, downloads and citation exports."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from iite.core.i18n import active_language

from . import citations, practices, reach, selectors
from .models import Publication, PublicationKind, PublicationStatus
from .permissions import can_manage
from .search import SearchFilters, library_search

PAGE_SIZE = 10
EXPORTS = {
    "bib": ("application/x-bibtex; charset=utf-8", "bib", citations.bibtex),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris", citations.ris),
    "datacite": ("application/xml; charset=utf-8", "xml", citations.datacite_xml),
}


def _base_url(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """Search and browse: facets, results with the passage that matched, paging."""
    filters = SearchFilters.from_params(request.GET)
    page_text = request.GET.get("page", "1")
    page = int(page_text) if page_text.isdigit() and 0 < int(page_text) <= 1000 else 1
    found = library_search(filters, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    query = QueryDict(mutable=True)
    query.update(filters.as_params())
    pages = max(1, -(-found.total // PAGE_SIZE))
    context = {
        "filters": filters,
        "found": found,
        "page": page,
        "pages": pages,
        "previous_page": page - 1 if page > 1 else None,
        "next_page": page + 1 if page < pages else None,
        "query": query.urlencode(),
        "kinds": PublicationKind.choices,
        "facet_names": {
            "kind": _("Kind"),
            "language": _("Language"),
            "theme": _("Theme"),
            "year": _("Year"),
            "licence": _("Licence"),
            "region": _("UNESCO region"),
            "priority_region": _("Priority region"),
        },
    }
    template = (
        "library/_results.html" if request.headers.get("HX-Request") else "library/catalogue.html"
    )
    return render(request, template, context)


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The landing page a researcher and Google Scholar expect."""
    publication = selectors.publication_public(slug)
    if publication is None:
        if can_manage(request.user) and (staff := selectors.publication_staff(slug)):
            publication = staff
        else:
            raise Http404
    practice_context = _practice_context(publication)
    # The collection lists the page shows are the JSON-LD's hasPart / isPartOf.
    data = citations.citation_data(
        publication,
        base_url=_base_url(request),
        parts=practice_context.get("collection_members", ()),
        part_of=practice_context.get("in_collections", ()),
        single_practice="practice" in practice_context,
    )
    language = active_language()
    abstract_languages = [
        (code, name, publication.abstract.get(code, ""))
        for code, name in settings.LANGUAGES
        if publication.abstract.get(code)
    ]
    shown = request.GET.get("abstract", "")
    if shown not in dict(publication.abstract):
        shown = publication.abstract.language_of(language) or ""
    response = render(
        request,
        "library/detail.html",
        {
            "publication": publication,
            "files": list(publication.files.all()),
            "contributors": list(publication.contributors.all()),
            "themes": list(publication.themes.all()),
            "abstract_languages": abstract_languages,
            "abstract_shown": shown,
            "abstract_text": publication.abstract.get(shown, ""),
            "apa": citations.apa(data),
            "chicago": citations.chicago(data),
            "highwire": citations.highwire_tags(data)
            if publication.status == PublicationStatus.PUBLISHED
            else [],
            "json_ld": citations.json_ld(data),
            "related": selectors.related_publications(publication),
            "withdrawn": publication.status == PublicationStatus.WITHDRAWN,
            "preview": publication.status
            not in (PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN),
            "licence_url": citations.licence_url(publication.licence),
            **practice_context,
        },
    )
    reach.reach_count(request=request, publication=publication)
    reach.uncached(response)
    return response


def _practice_context(publication: Publication) -> dict[str, Any]:
    """A best-practice publication is a published practice (its level, its supplementary
    files, the collections it is in) or a collection (its practices, in order)."""
    if publication.kind != PublicationKind.BEST_PRACTICES:
        return {}
    practice = practices.practice_of_publication(publication)
    if practice is None:
        return {"collection_members": practices.collection_members(publication)}
    published = publication.status == PublicationStatus.PUBLISHED
    return {
        "practice": practice,
        "practice_files": [item for item in practice.files.all() if not item.publication_file_id]
        if published
        else [],
        "supplementary_title": _("Supplementary material"),
        "in_collections": practices.collections_of(publication),
    }


def _visible(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    publication = selectors.publication_public(slug)
    if publication is None or publication.status != PublicationStatus.PUBLISHED:
        staff = selectors.publication_staff(slug) if can_manage(request.user) else None
        if staff is None:
            raise Http404
        publication = staff
    return publication


@require_GET
def download(request: HttpRequest, slug: str, language: str) -> FileResponse:
    """One language version's file, under a name that says what it is."""
    publication = _visible(request, slug)
    file = next((f for f in publication.files.all() if f.language == language), None)
    if file is None or not file.file:
        raise Http404
    try:
        handle = file.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle, content_type=file.media_type, filename=file.filename, as_attachment=False
    )
    response["Content-Language"] = language
    reach.reach_count(request=request, publication=publication, language=language)
    reach.uncached(response, max_age=3600)
    return response


@require_GET
def export(request: HttpRequest, slug: str, style: str) -> HttpResponse:
    """BibTeX, RIS or DataCite XML of one publication."""
    if style not in EXPORTS:
        raise Http404
    publication = _visible(request, slug)
    content_type, extension, build = EXPORTS[style]
    relations = selectors.collection_relations([publication]).get(publication.pk)
    data = citations.citation_data(
        publication,
        base_url=_base_url(request),
        parts=relations.parts if relations else (),
        part_of=relations.part_of if relations else (),
        single_practice=bool(selectors.single_practices([publication])),
    )
    response = HttpResponse(build(data), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{publication.slug}.{extension}"'
    return response

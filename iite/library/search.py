"""Search across languages: full text fused with meaning.

Two rankings of passages are made for a query: the full-text index (`fulltext`, FTS5
or PostgreSQL) finds the words, and the multilingual embeddings
(`iite.core.embeddings`) find the meaning, so a question in Russian finds an English
report. Each ranking is reduced to publications (a publication takes the rank of its
best passage), and the two are fused by reciprocal rank fusion (score = Σ 1/(k + rank),
k = 60, Cormack et al. 2009), which needs no calibration between the two scores.
Each result shows the passage that matched, with the query's words marked.

Work per query is bounded: at most `CANDIDATES` passages from each ranking, one matrix
product over the stored vectors (kept in memory per process until a publication
changes), and the facets counted over the matched publications only.

A publication's regions are those of the countries it is about (its Activity's target
countries): their UNESCO region, and the strategy's priority regions (III.3) they are in
or the Activity targets, so a ministry adviser finds what was written for their region.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import QueryDict
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from iite.core.caching import cache_version
from iite.core.embeddings import embedder, matrix_from_bytes, top_k
from iite.reference.models import UnescoRegion
from iite.reference.selectors import countries, priority_region_codes, priority_regions

from .caching import LIBRARY_NAMESPACE
from .fulltext import HIGHLIGHT_END, HIGHLIGHT_START, fulltext, query_terms
from .identifiers import LICENCES
from .models import Publication, PublicationKind, PublicationStatus, TextChunk
from .selectors import published, with_listing

CANDIDATES = 100
RRF_K = 60
QUERY_MAX_CHARS = 300
PASSAGE_CHARS = 320
FACETS = ("kind", "language", "theme", "year", "licence", "region", "priority_region")


@dataclass(frozen=True)
class SearchFilters:
    q: str = ""
    kind: str = ""
    language: str = ""
    theme: str = ""
    year: int | None = None
    licence: str = ""
    region: str = ""
    priority_region: str = ""

    @classmethod
    def from_params(cls, params: QueryDict | dict[str, str]) -> SearchFilters:
        """Unknown or malformed values are dropped, never an error page."""
        kind = params.get("kind", "")
        language = params.get("language", "")
        year = params.get("year", "")
        licence = params.get("licence", "")
        region = params.get("region", "")
        priority = (params.get("priority_region") or "")[:50]
        return cls(
            q=(params.get("q") or "").strip()[:QUERY_MAX_CHARS],
            kind=kind if kind in PublicationKind.values else "",
            language=language if language in settings.LANGUAGE_CODES else "",
            theme=(params.get("theme") or "")[:60],
            year=int(year) if year.isdigit() and 1900 <= int(year) <= 2200 else None,
            licence=licence if licence in LICENCES else "",
            region=region if region in UnescoRegion.values else "",
            priority_region=priority if priority and priority in priority_region_codes() else "",
        )

    def as_params(self) -> dict[str, str]:
        values = {
            "q": self.q,
            "kind": self.kind,
            "language": self.language,
            "theme": self.theme,
            "year": str(self.year or ""),
            "licence": self.licence,
            "region": self.region,
            "priority_region": self.priority_region,
        }
        return {name: value for name, value in values.items() if value}

    @property
    def active(self) -> bool:
        return bool(self.as_params())


@dataclass
class Result:
    publication: Publication
    passage: SafeString | str = ""
    passage_language: str = ""
    score: float = 0.0


@dataclass
class Facet:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResults:
    results: list[Result]
    total: int
    facets: dict[str, list[Facet]] = field(default_factory=dict)


# --- The vectors -----------------------------------------------------------------------

_vectors_lock = threading.Lock()
_vectors: dict[str, Any] = {"version": None}


def _vector_matrix() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(chunk ids, publication ids, matrix) of every published passage, per cache version."""
    version = cache_version(LIBRARY_NAMESPACE)
    with _vectors_lock:
        if _vectors["version"] != version:
            model = embedder()
            rows = list(
                TextChunk.objects.filter(
                    publication__status=PublicationStatus.PUBLISHED, model=model.name
                )
                .order_by("pk")
                .values_list("pk", "publication_id", "embedding")
            )
            _vectors.update(
                version=version,
                ids=np.array([row[0] for row in rows], dtype=np.int64),
                publications=np.array([row[1] for row in rows], dtype=np.int64),
                matrix=matrix_from_bytes([bytes(row[2]) for row in rows], model.dim),
            )
        return _vectors["ids"], _vectors["publications"], _vectors["matrix"]


def semantic_hits(query: str, limit: int = CANDIDATES) -> list[tuple[int, int, float]]:
    """(chunk id, publication id, cosine) of the passages nearest in meaning, best first."""
    ids, publications, matrix = _vector_matrix()
    if not len(ids):
        return []
    vector = embedder().query(query)
    return [
        (int(ids[row]), int(publications[row]), score)
        for row, score in top_k(matrix, vector, limit)
    ]


# --- Passages --------------------------------------------------------------------------


def _marked(snippet: str) -> SafeString:
    html = str(escape(snippet))
    return mark_safe(html.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_END, "</mark>"))


def _passage_around(text: str, terms: list[str]) -> SafeString:
    """A window of the passage around its first query word, the words marked."""
    lowered = text.lower()
    positions = [lowered.find(term) for term in terms if term and lowered.find(term) >= 0]
    start = max(0, min(positions) - PASSAGE_CHARS // 3) if positions else 0
    window = text[start : start + PASSAGE_CHARS]
    prefix = "…" if start else ""
    suffix = "…" if start + PASSAGE_CHARS < len(text) else ""
    if terms:
        pattern = re.compile("|".join(re.escape(term) for term in terms if term), re.IGNORECASE)
        window = pattern.sub(lambda m: f"{HIGHLIGHT_START}{m.group(0)}{HIGHLIGHT_END}", window)
    return _marked(prefix + window + suffix)


# --- The search ------------------------------------------------------------------------


def _filtered(filters: SearchFilters) -> QuerySet[Publication]:
    publications = published()
    if filters.kind:
        publications = publications.filter(kind=filters.kind)
    if filters.theme:
        publications = publications.filter(themes__slug=filters.theme)
    if filters.year:
        publications = publications.filter(date_published__year=filters.year)
    if filters.licence:
        publications = publications.filter(licence=filters.licence)
    if filters.region:
        publications = publications.filter(activity__target_countries__unesco_region=filters.region)
    if filters.priority_region:
        publications = publications.filter(
            Q(activity__target_countries__priority_regions__code=filters.priority_region)
            | Q(activity__target_regions__code=filters.priority_region)
        )
    if filters.language:
        publications = publications.filter(
            Q(files__language=filters.language)
            | Q(files__isnull=True, original_language=filters.language)
        )
    return publications.distinct()


def _publication_ranking(pairs: list[tuple[int, int]]) -> dict[int, tuple[int, int]]:
    """publication id -> (rank, chunk id of its best passage), from ranked (chunk, pub)."""
    ranking: dict[int, tuple[int, int]] = {}
    for chunk_id, publication_id in pairs:
        if publication_id not in ranking:
            ranking[publication_id] = (len(ranking) + 1, chunk_id)
    return ranking


def with_regions(queryset: QuerySet[Publication]) -> QuerySet[Publication]:
    """The countries and priority regions a publication's regions come from, prefetched."""
    return queryset.select_related("activity").prefetch_related(
        Prefetch(
            "activity__target_countries",
            queryset=countries().only("pk", "unesco_region"),
        ),
        "activity__target_regions",
    )


def regions_of(publication: Publication) -> tuple[set[str], set[str]]:
    """(UNESCO regions, priority region codes) of the countries the publication is about."""
    activity = publication.activity
    unesco: set[str] = set()
    priority = {region.code for region in activity.target_regions.all()}
    for country in activity.target_countries.all():
        unesco.add(country.unesco_region)
        priority.update(region.code for region in country.priority_regions.all())
    return unesco, priority


def _languages_of(publication: Publication) -> list[str]:
    languages = sorted({file.language for file in publication.files.all()})
    return languages or [publication.original_language]


def _facets(matched: list[Publication], filters: SearchFilters) -> dict[str, list[Facet]]:
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    theme_names: dict[str, str] = {}
    for publication in matched:
        counts["kind"][publication.kind] += 1
        counts["licence"][publication.licence] += 1
        if publication.date_published:
            counts["year"][str(publication.date_published.year)] += 1
        for language in _languages_of(publication):
            counts["language"][language] += 1
        for theme in publication.themes.all():
            counts["theme"][theme.slug] += 1
            theme_names[theme.slug] = str(theme.name)
        unesco, priority = regions_of(publication)
        counts["region"].update(unesco)
        counts["priority_region"].update(priority)
    labels: dict[str, dict[str, str]] = {
        "kind": {value: str(label) for value, label in PublicationKind.choices},
        "language": {code: str(name) for code, name in settings.LANGUAGES},
        "licence": {code: code for code in LICENCES},
        "theme": theme_names,
        "region": {code: str(name) for code, name in UnescoRegion.choices},
        "priority_region": (
            {region.code: str(region.display_name) for region in priority_regions()}
            if counts["priority_region"]
            else {}
        ),
    }
    selected = {
        "kind": filters.kind,
        "language": filters.language,
        "theme": filters.theme,
        "year": str(filters.year or ""),
        "licence": filters.licence,
        "region": filters.region,
        "priority_region": filters.priority_region,
    }
    facets: dict[str, list[Facet]] = {}
    for name in FACETS:
        items = [
            Facet(value, labels.get(name, {}).get(value, value), count, value == selected[name])
            for value, count in counts[name].items()
        ]
        if name == "year":
            items.sort(key=lambda facet: facet.value, reverse=True)
        else:
            items.sort(key=lambda facet: (-facet.count, facet.label))
        facets[name] = items
    return facets


def library_search(filters: SearchFilters, *, offset: int = 0, limit: int = 10) -> SearchResults:
    """Published publications matching the filters; with a query, ranked by fused relevance."""
    candidates = with_regions(with_listing(_filtered(filters)))
    if not filters.q:
        matched = list(candidates.order_by("-date_published", "-pk"))
        return SearchResults(
            [Result(publication) for publication in matched[offset : offset + limit]],
            len(matched),
            _facets(matched, filters),
        )
    allowed = set(_filtered(filters).values_list("pk", flat=True))
    words = fulltext().search(filters.q, CANDIDATES)
    word_chunks = dict(
        TextChunk.objects.filter(pk__in=[hit.chunk_id for hit in words]).values_list(
            "pk", "publication_id"
        )
    )
    snippets = {hit.chunk_id: hit.snippet for hit in words}
    word_ranking = _publication_ranking(
        [
            (hit.chunk_id, word_chunks[hit.chunk_id])
            for hit in words
            if word_chunks.get(hit.chunk_id) in allowed
        ]
    )
    meaning = [hit for hit in semantic_hits(filters.q) if hit[1] in allowed]
    meaning_ranking = _publication_ranking(
        [(chunk, publication) for chunk, publication, _ in meaning]
    )
    scores: dict[int, float] = {}
    for ranking in (word_ranking, meaning_ranking):
        for publication_id, (rank, _chunk) in ranking.items():
            scores[publication_id] = scores.get(publication_id, 0.0) + 1.0 / (RRF_K + rank)
    ordered = sorted(scores, key=lambda pk: (-scores[pk], pk))
    by_pk = {publication.pk: publication for publication in candidates.filter(pk__in=ordered)}
    matched = [by_pk[pk] for pk in ordered if pk in by_pk]
    page = matched[offset : offset + limit]
    passage_chunks = {
        publication.pk: (word_ranking.get(publication.pk) or meaning_ranking[publication.pk])[1]
        for publication in page
    }
    chunk_rows = {
        row[0]: row
        for row in TextChunk.objects.filter(pk__in=passage_chunks.values()).values_list(
            "pk", "language", "text"
        )
    }
    terms = query_terms(filters.q)
    results = []
    for publication in page:
        chunk_id = passage_chunks[publication.pk]
        _pk, language, text = chunk_rows.get(chunk_id, (chunk_id, "", ""))
        passage = (
            _marked(snippets[chunk_id]) if chunk_id in snippets else _passage_around(text, terms)
        )
        results.append(Result(publication, passage, language, scores[publication.pk]))
    return SearchResults(results, len(matched), _facets(matched, filters))

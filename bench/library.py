"""The library's benchmark: cross-language search and the OAI-PMH full harvest.

    build(publications=20_000, chunks=10)   # the generated library (about 200,000 passages)
    search(queries=40)                        # FTS + embeddings fused, against its floor
    harvest()                                 # ListRecords to the end, against its floor

Generated data, not the demo's: publications written from a vocabulary of the library's
themes in the six UN languages, `chunks` passages each, indexed in the full-text table
the way `services._chunks_replace` does. Embedding 200,000 passages with the real model
would take the benchmark's whole budget, so a pool of passages is embedded once and
each generated passage gets a pool vector with a little noise: the search then does the
work it does in production (the matrix product over every passage and the full-text
match), which is what is measured.

Floors, measured in the same run on the same data:

- **Search.** The parts no implementation can skip: embedding the query, one
  matrix-vector product with top-k over the passages' matrix, and one bare full-text
  MATCH of the query's words. The figure is `library_search` (both, fused by reciprocal
  rank, with filters, facets and highlighted passages) as a multiple of that floor.
- **Harvest.** A bare keyset-paged `SELECT id, updated_at, title, abstract` of the
  published rows, 100 a page, as the harvest pages them. The figure is the whole
  ListRecords harvest (oai_dc XML with contributors, files and themes, signed resumption
  tokens) as a multiple of it, and the last page's time over the first's (a flat
  harvest keeps it near 1: the token is keyed on (datestamp, id), not an offset).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import statistics
import time
from typing import Any

from bench.suite import Figures, _bench_activities, percentile

WORDS = {
    "en": "artificial intelligence ethics teachers schools digital competencies inclusion "
    "disability gender equality open educational resources media literacy wellbeing "
    "greening education policy assessment curriculum data privacy learners guidance",
    "fr": "intelligence artificielle éthique enseignants écoles compétences numériques "
    "inclusion handicap égalité genre ressources éducatives libres éducation politique",
    "es": "inteligencia artificial ética docentes escuelas competencias digitales inclusión "
    "discapacidad igualdad género recursos educativos abiertos educación política",
    "ru": "искусственный интеллект этика учителя школы цифровые компетенции инклюзия "
    "инвалидность гендерное равенство открытые образовательные ресурсы образование",
    "ar": "الذكاء الاصطناعي الأخلاقيات المعلمون المدارس الكفاءات الرقمية الإدماج الإعاقة "
    "المساواة بين الجنسين الموارد التعليمية المفتوحة التعليم السياسات",
    "zh-hans": "人工智能 伦理 教师 学校 数字 能力 包容 残疾 性别 平等 开放 教育 资源 政策 媒体 素养",
}
QUERIES = [
    "AI ethics in schools",
    "compétences numériques des enseignants",
    "recursos educativos abiertos",
    "этика искусственного интеллекта",
    "الذكاء الاصطناعي في التعليم",
    "人工智能 教育",
    "gender equality digital skills",
    "inclusion handicap",
]
POOL = 64
NOISE = 0.05
PREFIX = "bench-lib"


def _passage(rng: random.Random, language: str, length: int = 60) -> str:
    words = WORDS[language].split()
    return " ".join(rng.choice(words) for _ in range(length))


def build(*, publications: int = 20_000, chunks: int = 10, seed: int = 7) -> Figures:
    """Published publications with `chunks` indexed passages each; returns the counts."""
    import numpy as np
    from django.db import transaction
    from django.utils import timezone

    from iite.core.embeddings import embedder, to_bytes
    from iite.library.fulltext import fulltext
    from iite.library.models import Contributor, Publication, PublicationFile, TextChunk

    rng = random.Random(seed)
    started = time.perf_counter()
    languages = list(WORDS)
    model = embedder()
    pool_texts = [_passage(rng, languages[i % len(languages)]) for i in range(POOL)]
    pool = model.passages(pool_texts)
    noise = np.random.default_rng(seed)
    activity_ids = _bench_activities(PREFIX, publications)
    now = timezone.now()
    kinds = ["research_report", "policy_brief", "guidance", "best_practices", "oer"]
    index = fulltext()
    batch = 500
    for offset in range(0, publications, batch):
        with transaction.atomic():
            made = Publication.objects.bulk_create(
                [
                    Publication(
                        activity_id=activity_ids[n],
                        slug=f"{PREFIX}-{n:06d}",
                        kind=kinds[n % len(kinds)],
                        title={languages[n % 6]: _passage(rng, languages[n % 6], 8)},
                        abstract={languages[n % 6]: _passage(rng, languages[n % 6], 40)},
                        original_language=languages[n % 6],
                        status="published",
                        date_published=dt.date(2020 + n % 7, 1 + n % 12, 1 + n % 28),
                    )
                    for n in range(offset, min(offset + batch, publications))
                ]
            )
            made = list(
                Publication.objects.filter(
                    slug__in=[p.slug for p in made]  # backends that return no ids
                ).order_by("pk")
            )
            Publication.objects.filter(pk__in=[p.pk for p in made]).update(updated_at=now)
            Contributor.objects.bulk_create(
                Contributor(publication=p, family_name="Ivanova", given_names="Anna") for p in made
            )
            PublicationFile.objects.bulk_create(
                PublicationFile(
                    publication=p,
                    language=p.original_language,
                    file=f"library/{p.pk}/{p.original_language}/report.pdf",
                    size=100_000,
                    page_count=20,
                )
                for p in made
            )
            rows = []
            for p in made:
                for position in range(chunks):
                    which = rng.randrange(POOL)
                    vector = pool[which] + noise.normal(0, NOISE, pool.shape[1])
                    vector = vector / np.linalg.norm(vector)
                    rows.append(
                        TextChunk(
                            publication=p,
                            language=p.original_language,
                            position=position,
                            text=_passage(rng, p.original_language),
                            embedding=to_bytes(vector.astype(np.float32)),
                            model=model.name,
                        )
                    )
            TextChunk.objects.bulk_create(rows, batch_size=2000)
            created = TextChunk.objects.filter(publication__in=made).values_list(
                "pk", "language", "text"
            )
            index.index(list(created))
    return {
        "publications": Publication.objects.filter(slug__startswith=PREFIX).count(),
        "chunks": TextChunk.objects.filter(publication__slug__startswith=PREFIX).count(),
        "seconds": time.perf_counter() - started,
    }


def _ms(seconds: list[float]) -> dict[str, float]:
    return {
        "p50_ms": statistics.median(seconds) * 1000,
        "p95_ms": percentile(seconds, 0.95) * 1000,
    }


def search(*, queries: int = 40) -> Figures:
    """library_search over the generated library, warm, against the floor of its parts."""
    from iite.core.embeddings import embedder, top_k
    from iite.library import search as library
    from iite.library.fulltext import fulltext

    cold, _found = _timed(lambda: library.library_search(library.SearchFilters(q=QUERIES[0])))
    asked = [QUERIES[i % len(QUERIES)] for i in range(queries)]
    full: list[float] = []
    floor: list[float] = []
    results = 0
    _ids, _publications, matrix = library._vector_matrix()
    index = fulltext()
    model = embedder()
    for query in asked:
        seconds, found = _timed(lambda q=query: library.library_search(library.SearchFilters(q=q)))
        full.append(seconds)
        results += found.total

        def parts(q: str = query) -> None:
            vector = model.query(q)
            top_k(matrix, vector, library.CANDIDATES)
            index.search(q, library.CANDIDATES)

        floor.append(_timed(parts)[0])
    figures: Figures = {
        "queries": queries,
        "passages": int(matrix.shape[0]),
        "cold_ms": cold * 1000,
        "mean_results": results / max(1, queries),
        **_ms(full),
        "floor": _ms(floor),
    }
    figures["p95_ratio"] = figures["p95_ms"] / max(figures["floor"]["p95_ms"], 1e-6)
    return figures


def _timed(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


_TOKEN = re.compile(rb"<(?:\w+:)?resumptionToken[^>]*>([^<]+)</")


def harvest() -> Figures:
    """ListRecords (oai_dc) from the first page to the last, against a bare keyset scan."""
    from django.conf import settings
    from django.db import connection
    from django.test import RequestFactory

    from iite.library import oai

    # Outside the test runner "testserver" is not an allowed host: ask as the site itself.
    host = next((h for h in settings.ALLOWED_HOSTS if h not in ("*", "")), "localhost")
    factory = RequestFactory(HTTP_HOST=host.lstrip("."))
    pages: list[float] = []
    records = 0
    arguments: dict[str, str] = {"verb": "ListRecords", "metadataPrefix": "oai_dc"}
    while True:
        request = factory.get("/oai", arguments)
        seconds, response = _timed(lambda r=request: oai.endpoint(r))
        pages.append(seconds)
        body = response.content
        records += body.count(b"<oai:record>") + body.count(b"<record>")
        match = _TOKEN.search(body)
        if not match:
            break
        arguments = {"verb": "ListRecords", "resumptionToken": match.group(1).decode()}

    def bare() -> int:
        # The datestamp goes back as the database gave it (text on SQLite).
        columns = "SELECT id, updated_at, title, abstract FROM library_publication "
        order = " ORDER BY updated_at, id LIMIT %s"
        seen, after = 0, None
        with connection.cursor() as cursor:
            while True:
                if after is None:
                    cursor.execute(columns + "WHERE status = 'published'" + order, [oai.PAGE_SIZE])
                else:
                    cursor.execute(
                        columns + "WHERE status = 'published' AND (updated_at > %s OR "
                        "(updated_at = %s AND id > %s))" + order,
                        [after[1], after[1], after[0], oai.PAGE_SIZE],
                    )
                rows = cursor.fetchall()
                if not rows:
                    return seen
                seen += len(rows)
                after = rows[-1]

    floor_seconds, floor_rows = _timed(bare)
    total = sum(pages)
    return {
        "records": records,
        "pages": len(pages),
        "seconds": total,
        "first_page_ms": pages[0] * 1000,
        "last_page_ms": pages[-1] * 1000,
        "last_over_first": pages[-1] / max(pages[0], 1e-9),
        "floor_s": floor_seconds,
        "floor_rows": floor_rows,
        "ratio": total / max(floor_seconds, 1e-9),
    }


def run(*, publications: int = 20_000, chunks: int = 10, queries: int = 40) -> Figures:
    """The generated library, then both benchmarks: what bench.run records."""
    built = build(publications=publications, chunks=chunks)
    return {"build": built, "search": search(queries=queries), "harvest": harvest()}

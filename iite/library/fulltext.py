"""Full-text search over the passages, one implementation per database vendor.

SQLite (the embedded default) keeps an FTS5 table (`library_chunk_fts`, rowid = the
passage's id); PostgreSQL keeps a table of tsvectors built with the text search
configuration of each passage's language (English, French, Spanish, Russian and
Arabic stemming; `simple` for Chinese and others) plus the `simple` one, so a query
matches stemmed words in its language and exact words in any. Both give back the best
passages with a highlighted snippet; `fulltext()` picks the one for the connection.
Highlights come back between HIGHLIGHT_START and HIGHLIGHT_END so the caller can
escape the text and then mark them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.db import connection

HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12

PG_CONFIGS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "ru": "russian",
    "ar": "arabic",
}


@dataclass(frozen=True)
class Hit:
    chunk_id: int
    snippet: str


def query_terms(query: str) -> list[str]:
    """The words of a query, bounded, so no operator syntax reaches the index.

    Words of one or two letters ("в", "la", "في") are left out: in any language they are
    mostly function words. A Chinese or Japanese run of characters is one word here.
    """
    return [word for word in _WORD.findall(query.lower()) if len(word) > 2][:MAX_TERMS]


class FullText(Protocol):
    def index(self, chunks: Iterable[tuple[int, str, str]]) -> None:
        """Add passages: (id, language, text)."""
        ...

    def remove(self, chunk_ids: Iterable[int]) -> None: ...

    def search(self, query: str, limit: int) -> list[Hit]:
        """The passages that match best, best first."""
        ...


class SqliteFullText:
    def index(self, chunks: Iterable[tuple[int, str, str]]) -> None:
        rows = [(chunk_id, text) for chunk_id, _language, text in chunks]
        if rows:
            self.remove(chunk_id for chunk_id, _text in rows)
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO library_chunk_fts(rowid, text) VALUES (%s, %s)", rows
                )

    def remove(self, chunk_ids: Iterable[int]) -> None:
        ids = [(chunk_id,) for chunk_id in chunk_ids]
        if ids:
            with connection.cursor() as cursor:
                cursor.executemany("DELETE FROM library_chunk_fts WHERE rowid = %s", ids)

    def search(self, query: str, limit: int) -> list[Hit]:
        terms = query_terms(query)
        if not terms:
            return []
        # Every word must match: the words find the precise matches and the meaning
        # (search.semantic_hits) the rest, so a long question does not match every
        # passage that shares one common word with it.
        match = " AND ".join('"{}"'.format(term.replace('"', "")) for term in terms)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, snippet(library_chunk_fts, 0, %s, %s, '…', 24) "
                "FROM library_chunk_fts WHERE library_chunk_fts MATCH %s "
                "ORDER BY bm25(library_chunk_fts) LIMIT %s",
                [HIGHLIGHT_START, HIGHLIGHT_END, match, limit],
            )
            return [Hit(int(row[0]), row[1]) for row in cursor.fetchall()]


class PostgresFullText:
    def index(self, chunks: Iterable[tuple[int, str, str]]) -> None:
        rows = [
            (chunk_id, PG_CONFIGS.get(language, "simple"), text)
            for chunk_id, language, text in chunks
        ]
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO library_chunk_fts(chunk_id, config, tsv) VALUES "
                    "(%s, %s, to_tsvector(%s::regconfig, %s) || to_tsvector('simple', %s)) "
                    "ON CONFLICT (chunk_id) DO UPDATE SET config = EXCLUDED.config, "
                    "tsv = EXCLUDED.tsv",
                    [(cid, config, config, text, text) for cid, config, text in rows],
                )

    def remove(self, chunk_ids: Iterable[int]) -> None:
        ids = list(chunk_ids)
        if ids:
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM library_chunk_fts WHERE chunk_id = ANY(%s)", [ids])

    def search(self, query: str, limit: int) -> list[Hit]:
        terms = query_terms(query)
        if not terms:
            return []
        text = " ".join(terms)
        # Every word must match (as on SQLite), stemmed by each language's configuration
        # in turn: a Russian query is stemmed as Russian, and matches Russian passages.
        configs = ["simple", *PG_CONFIGS.values()]
        tsquery = " || ".join(f"plainto_tsquery('{config}', %s)" for config in configs)
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH q AS (SELECT ({tsquery}) AS query), "  # noqa: S608 (fixed names)
                "best AS (SELECT f.chunk_id, f.config, ts_rank_cd(f.tsv, q.query) AS rank "
                "FROM library_chunk_fts f, q WHERE f.tsv @@ q.query "
                "ORDER BY rank DESC, f.chunk_id LIMIT %s) "
                "SELECT best.chunk_id, ts_headline(best.config::regconfig, c.text, q.query, "
                "%s) FROM best JOIN library_textchunk c ON c.id = best.chunk_id, q "
                "ORDER BY best.rank DESC, best.chunk_id",
                [
                    *([text] * len(configs)),
                    limit,
                    f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_END}, "
                    "MaxWords=40, MinWords=15, MaxFragments=1",
                ],
            )
            return [Hit(int(row[0]), row[1]) for row in cursor.fetchall()]


def fulltext() -> FullText:
    if connection.vendor == "postgresql":
        return PostgresFullText()
    return SqliteFullText()

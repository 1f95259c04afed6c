"""Counting what each database transaction writes, for the imports' batch tests."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from django.db import connection


@contextlib.contextmanager
def rows_per_transaction(monkeypatch: Any) -> Iterator[list[int]]:
    """Rows inserted, updated or deleted per transaction while the block runs: a commit
    (or a statement outside any atomic block, which commits by itself) closes one. Use in
    a `transaction=True` test, where the test's own transaction does not wrap them all."""
    rows = [0]

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        if sql.lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            rows[-1] += len(params) if many else 1
            if not connection.in_atomic_block:
                rows.append(0)
        return result

    commit = connection.commit

    def counted_commit() -> None:
        commit()
        rows.append(0)

    monkeypatch.setattr(connection, "commit", counted_commit)
    with connection.execute_wrapper(count):
        yield rows


def checkpoint_threshold() -> int | None:
    """SQLite's checkpoint threshold of the connection (other databases have none)."""
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        return int(cursor.fetchone()[0])

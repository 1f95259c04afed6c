"""Counts disaggregated by sex, country or region, role, age band, kind… in one way.

Every page that splits a count into tables (the indicators, an activity's participation,
an event's figures, the partners indicator) groups its rows in the database, then hands
the grouped rows to a `Disaggregation`: one key per dimension and row, the row's amount
added under that key. A key is a column of the row, or a function of the row that
returns

* one key (a row whose key is empty or None counts under "", "not recorded"),
* several keys (the row counts in full under each: an activity's languages or pillars,
  a country's priority regions), or
* (key, part) pairs that split the row's amount (an aggregate record's sex split:
  `sex_split`).

Zero amounts are left out, so a table lists only the keys that hold someone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# dimension -> key -> amount
Tables = dict[str, dict[str, int]]
# A dimension's key: a column name, or a function of the row.
KeySpec = str | Callable[[Any], Any]
NOT_RECORDED = ""


@dataclass(frozen=True)
class Disaggregation:
    """The dimensions to split counts by, each with how to read a row's key."""

    by: Mapping[str, KeySpec]

    def keys(self, row: Any) -> list[tuple[str, str, int | None]]:
        """(dimension, key, part) for one row; a part of None is the row's whole amount.

        Reading the keys once lets a caller add several amounts (one per measure) for
        the same row without reading it again.
        """
        found: list[tuple[str, str, int | None]] = []
        for dim, spec in self.by.items():
            value = row[spec] if isinstance(spec, str) else spec(row)
            if value is None or isinstance(value, str):
                found.append((dim, value or NOT_RECORDED, None))
                continue
            for item in value:
                if isinstance(item, tuple):
                    found.append((dim, item[0] or NOT_RECORDED, int(item[1])))
                else:
                    found.append((dim, item or NOT_RECORDED, None))
        return found

    def add(self, tables: Tables, row: Any, amount: int) -> Tables:
        """Add one row's amount to `tables` (created per dimension as needed)."""
        return add_keys(tables, self.keys(row), amount)

    def tables(self, rows: Iterable[Any], amount: str | Callable[[Any], int] = "n") -> Tables:
        """Tables for grouped rows; `amount` is a column (the row count by default) or a
        function of the row."""
        tables: Tables = {}
        for row in rows:
            self.add(tables, row, row[amount] if isinstance(amount, str) else amount(row))
        return tables


def add_keys(tables: Tables, keys: Iterable[tuple[str, str, int | None]], amount: int) -> Tables:
    """Add `amount` under keys read by `Disaggregation.keys` (parts replace the amount)."""
    if not amount:
        return tables
    for dim, key, part in keys:
        value = amount if part is None else part
        if value:
            table = tables.setdefault(dim, {})
            table[key] = table.get(key, 0) + value
    return tables


def sex_split(
    total: int, female: int, male: int, another: int, not_stated: int, *, rest: str = ""
) -> list[tuple[str, int]]:
    """An aggregate record's people by sex (the answers of `accounts.Sex`); those the
    record does not split are counted under `rest`."""
    return [
        ("female", female),
        ("male", male),
        ("another", another),
        ("not_stated", not_stated),
        (rest, total - female - male - another - not_stated),
    ]

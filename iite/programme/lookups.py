"""Batch lookups for forms and imports: one query per table, then dictionary reads."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from iite.reference.models import Country

_SPLIT = re.compile(r"[;,|\n]+")


def split_list(value: str) -> list[str]:
    """'KZ; UZ, Kenya' -> ['KZ', 'UZ', 'Kenya']: lists in one cell use ; , or |."""
    return [part.strip() for part in _SPLIT.split(value or "") if part.strip()]


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


@dataclass
class CountryIndex:
    """Countries by ISO2, ISO3 and name in any language, loaded with one query."""

    by_key: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls) -> CountryIndex:
        index = cls()
        for pk, iso2, iso3, names in Country.objects.values_list("pk", "iso2", "iso3", "name"):
            index.by_key[_key(iso2)] = pk
            index.by_key[_key(iso3)] = pk
            for name in (names or {}).values():
                if isinstance(name, str) and name:
                    index.by_key.setdefault(_key(name), pk)
        return index

    def resolve(self, values: list[str]) -> tuple[list[int], list[str]]:
        """(country ids in order without repeats, values that matched no country)."""
        found: list[int] = []
        unknown: list[str] = []
        for value in values:
            pk = self.by_key.get(_key(value))
            if pk is None:
                unknown.append(value)
            elif pk not in found:
                found.append(pk)
        return found, unknown

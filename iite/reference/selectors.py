"""Reads of the reference tables: countries by grouping, counts, and lookups for imports."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db.models import Count, Q, QuerySet

from iite.core.i18n import TranslatedText, active_language

from .models import Country, ElectoralGroup, MembershipStatus, PriorityRegion, UnescoRegion
from .services import MEMBER_STATES_FILE

_NON_WORD = re.compile(r"[\W_]+")


def normalise_name(text: str) -> str:
    """A key that survives case, accents, punctuation and spacing in any script.

    "Côte d’Ivoire", "cote d'ivoire" and "COTE D IVOIRE" give the same key; Arabic loses
    its optional vowel marks, Chinese is unchanged.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NON_WORD.sub(" ", stripped.casefold()).strip()


def countries(
    *,
    region: str | None = None,
    electoral_group: str | None = None,
    priority_region: str | None = None,
    status: str | None = None,
    sids: bool | None = None,
    ldc: bool | None = None,
    lldc: bool | None = None,
) -> QuerySet[Country]:
    """Countries matching every filter given, with their priority regions prefetched."""
    queryset = Country.objects.prefetch_related("priority_regions")
    if region:
        queryset = queryset.filter(unesco_region=region)
    if electoral_group:
        queryset = queryset.filter(electoral_group=electoral_group)
    if priority_region:
        queryset = queryset.filter(priority_regions__code=priority_region)
    if status:
        queryset = queryset.filter(status=status)
    for column, value in (("is_sids", sids), ("is_ldc", ldc), ("is_lldc", lldc)):
        if value is not None:
            queryset = queryset.filter(**{column: value})
    return queryset


def member_states() -> QuerySet[Country]:
    return Country.objects.filter(status=MembershipStatus.MEMBER_STATE)


def country_name(country: Country) -> str:
    """The country's name in the active language.

    Wraps the stored JSON itself: a loaded row keeps a plain dict in `name` (the core
    descriptor is not a data descriptor, so the instance dict wins over it).
    """
    name = country.name
    if not isinstance(name, TranslatedText):
        name = TranslatedText(name, getattr(country, "original_language", None))
    return name.resolve()


def sorted_by_name(items: Any, language: str | None = None) -> list[Country]:
    """Sort by the name in the reader's language, ignoring case and accents.

    ("Égypte" sorts with "Espagne", not after "Zimbabwe".)
    """
    language = language or active_language()
    return sorted(items, key=lambda country: normalise_name(country.display_name.resolve(language)))


def priority_regions() -> QuerySet[PriorityRegion]:
    return PriorityRegion.objects.order_by("order")


def priority_region_codes() -> set[str]:
    return set(PriorityRegion.objects.values_list("code", flat=True))


@dataclass(frozen=True)
class GroupCount:
    """One grouping's number of Member States and Associate Members."""

    key: str
    label: Any
    member_states: int
    associate_members: int

    @property
    def total(self) -> int:
        return self.member_states + self.associate_members


@dataclass(frozen=True)
class CountrySummary:
    member_states: int
    associate_members: int
    by_region: list[GroupCount]
    by_electoral_group: list[GroupCount]
    by_priority_region: list[GroupCount]

    @property
    def total(self) -> int:
        return self.member_states + self.associate_members


def _status_counts(column: str, choices: Any) -> list[GroupCount]:
    """One GROUP BY query: countries per value of `column` and status, for every choice."""
    rows = Country.objects.values(column, "status").annotate(n=Count("id")).order_by()
    counts = Counter({(row[column], row["status"]): row["n"] for row in rows})
    return [
        GroupCount(
            choice.value,
            choice.label,
            counts[choice.value, MembershipStatus.MEMBER_STATE],
            counts[choice.value, MembershipStatus.ASSOCIATE_MEMBER],
        )
        for choice in choices
    ]


def country_summary() -> CountrySummary:
    """Counts per UNESCO region, electoral group and priority region, in three queries.

    Member States and Associate Members are counted apart: the strategy's indicators count
    Member States.
    """
    by_region = _status_counts("unesco_region", UnescoRegion)
    regions = PriorityRegion.objects.order_by("order").annotate(
        n_member=Count("countries", filter=Q(countries__status=MembershipStatus.MEMBER_STATE)),
        n_associate=Count(
            "countries", filter=Q(countries__status=MembershipStatus.ASSOCIATE_MEMBER)
        ),
    )
    return CountrySummary(
        # Every country has a UNESCO region, so the region counts add up to the totals.
        member_states=sum(row.member_states for row in by_region),
        associate_members=sum(row.associate_members for row in by_region),
        by_region=by_region,
        by_electoral_group=_status_counts("electoral_group", ElectoralGroup),
        by_priority_region=[
            GroupCount(region.code, region.display_name, region.n_member, region.n_associate)  # type: ignore[attr-defined]
            for region in regions
        ],
    )


def country_lookup() -> dict[str, Country]:
    """Map ISO alpha-2/alpha-3 codes and names in every language to countries, in one query.

    Keys are normalise_name() of the text, so imports call
    ``lookup.get(normalise_name(cell))``. Codes and official names win over other
    spellings; a spelling shared by two countries is left out rather than guessed.
    """
    primary: dict[str, Country] = {}
    secondary: dict[str, Country | None] = {}
    for country in Country.objects.all():
        keys = {normalise_name(country.iso2), normalise_name(country.iso3)}
        keys |= {normalise_name(text) for text in dict(country.name).values() if text}
        for key in keys:
            primary[key] = country
        for alias in country.aliases or []:
            key = normalise_name(alias)
            if key in secondary and secondary[key] is not None and secondary[key] != country:
                secondary[key] = None
            else:
                secondary.setdefault(key, country)
    lookup = {key: country for key, country in secondary.items() if country is not None}
    lookup.update(primary)
    return lookup


def country_find(text: str, lookup: dict[str, Country] | None = None) -> Country | None:
    """The country a code or name (in any language) designates, or None."""
    table = lookup if lookup is not None else country_lookup()
    return table.get(normalise_name(text or ""))


def country_by_iso2(iso2: str) -> Country | None:
    return (
        Country.objects.prefetch_related("priority_regions")
        .filter(iso2=(iso2 or "").upper())
        .first()
    )


@lru_cache(maxsize=1)
def reference_file_metadata() -> dict[str, Any]:
    """Version, date, sources and notes of the shipped file, for the public page."""
    data = json.loads(MEMBER_STATES_FILE.read_text(encoding="utf-8"))
    metadata = {key: data.get(key) for key in ("version", "date", "sources", "description")}
    # Each note is a table of the six languages (older files: an English string).
    metadata["notes"] = [
        TranslatedText(note if isinstance(note, dict) else {"en": note}, "en")
        for note in data.get("notes") or []
    ]
    return metadata

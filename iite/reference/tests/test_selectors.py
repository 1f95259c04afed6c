from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import translation

from iite.reference import selectors
from iite.reference.models import Country

pytestmark = pytest.mark.django_db


def test_normalise_name_ignores_case_accents_and_punctuation() -> None:
    """Spellings that differ only in case, accents, apostrophes or spacing share one key."""
    assert selectors.normalise_name("Côte d’Ivoire") == "cote d ivoire"
    assert selectors.normalise_name("  COTE D'IVOIRE ") == "cote d ivoire"
    assert selectors.normalise_name("Guinea-Bissau") == "guinea bissau"
    assert selectors.normalise_name("مِصر") == "مصر"
    assert selectors.normalise_name("埃及") == "埃及"


def test_country_lookup_is_one_query(loaded: Any, django_assert_num_queries: Any) -> None:
    """The lookup table for an import is built with a single query."""
    with django_assert_num_queries(1):
        lookup = selectors.country_lookup()
    assert lookup["eg"].iso2 == "EG"


@pytest.mark.parametrize(
    ("text", "iso2"),
    [
        ("EG", "EG"),
        ("egy", "EG"),
        ("Egypt", "EG"),
        ("Égypte", "EG"),
        ("egipto", "EG"),
        ("مصر", "EG"),
        ("Египет", "EG"),
        ("埃及", "EG"),
        ("Russia", "RU"),
        ("Российская Федерация", "RU"),
        ("cote d'ivoire", "CI"),
        ("Vietnam", "VN"),
        ("Turkey", "TR"),
        ("UK", "GB"),
        ("United States", "US"),
        ("State of Palestine", "PS"),
        ("Palestine", "PS"),
        ("Macau", "MO"),
        ("Congo", "CG"),
        ("DR Congo", "CD"),
        ("Niger", "NE"),
        ("Nigeria", "NG"),
    ],
)
def test_country_find_by_code_or_name_in_any_language(loaded: Any, text: str, iso2: str) -> None:
    """Codes, UN names in six languages and common other spellings resolve to the country."""
    lookup = selectors.country_lookup()
    found = selectors.country_find(text, lookup)
    assert found is not None and found.iso2 == iso2


def test_country_find_unknown(loaded: Any) -> None:
    """A name that designates no Member State or Associate Member gives None."""
    assert selectors.country_find("Atlantis") is None
    assert selectors.country_find("Israel") is None
    assert selectors.country_find("") is None


def test_ambiguous_alias_is_left_out(db: Any) -> None:
    """An other-name shared by two countries resolves to neither."""
    Country.objects.create(
        iso2="XA",
        iso3="XAA",
        name={"en": "Alpha"},
        aliases=["Shared"],
        status="member",
        unesco_region="africa",
    )
    Country.objects.create(
        iso2="XB",
        iso3="XBB",
        name={"en": "Beta"},
        aliases=["Shared", "Alpha"],
        status="member",
        unesco_region="africa",
    )
    lookup = selectors.country_lookup()
    assert "shared" not in lookup
    assert lookup["alpha"].iso2 == "XA"  # an official name beats another country's alias


def test_countries_filters(loaded: Any) -> None:
    """Filters combine: Member States of the Africa region that are SIDS."""
    found = selectors.countries(region="africa", status="member", sids=True)
    assert {c.iso2 for c in found} == {"CV", "GW", "KM", "MU", "SC", "ST"}
    assert {c.iso2 for c in selectors.countries(priority_region="southeast-asia", ldc=True)} == {
        "KH",
        "LA",
        "MM",
        "TL",
    }
    assert selectors.countries(electoral_group="II", lldc=False).count() == 19


def test_country_summary(loaded: Any, django_assert_num_queries: Any) -> None:
    """Counts by region, group and priority region come from three queries."""
    with django_assert_num_queries(3):
        summary = selectors.country_summary()
    assert (summary.member_states, summary.associate_members, summary.total) == (194, 11, 205)
    regions = {row.key: (row.member_states, row.associate_members) for row in summary.by_region}
    assert regions == {
        "africa": (47, 0),
        "arab_states": (19, 0),
        "asia_pacific": (46, 3),
        "europe_north_america": (49, 1),
        "latin_america_caribbean": (33, 7),
    }
    assert [(row.key, row.member_states) for row in summary.by_electoral_group] == [
        ("I", 26),
        ("II", 25),
        ("III", 33),
        ("IV", 44),
        ("Va", 47),
        ("Vb", 19),
    ]
    priority = {
        row.key: (row.member_states, row.associate_members) for row in summary.by_priority_region
    }
    assert priority == {
        "africa": (47, 0),
        "eastern-europe-central-asia": (28, 0),
        "arab-states": (19, 0),
        "southeast-asia": (11, 0),
        "sids": (39, 7),
    }


def test_sorted_by_name_follows_the_language(loaded: Any) -> None:
    """The list sorts by the name in the reader's language, accents ignored."""
    some = list(Country.objects.filter(iso2__in=["EG", "ER", "EE", "DE"]))
    assert [c.iso2 for c in selectors.sorted_by_name(some, "en")] == ["EG", "ER", "EE", "DE"]
    with translation.override("fr"):
        assert [c.iso2 for c in selectors.sorted_by_name(some)] == ["DE", "EG", "ER", "EE"]


def test_country_by_iso2(loaded: Any) -> None:
    """Lookup by ISO alpha-2 ignores case; unknown codes give None."""
    assert selectors.country_by_iso2("fj").iso2 == "FJ"  # type: ignore[union-attr]
    assert selectors.country_by_iso2("ZZ") is None


def test_reference_file_metadata() -> None:
    """The page shows the file's version, date and sources."""
    metadata = selectors.reference_file_metadata()
    assert metadata["version"] == "2026.11.1"
    assert metadata["date"] == "2026-11-23"
    assert any("M49" in source["name"] for source in metadata["sources"])


def test_factories_make_distinct_fictitious_countries(db: Any) -> None:
    """Factory countries get distinct codes outside the real ones (XA–XZ / XAA–XZZ), however
    many countries earlier tests made."""
    from iite.reference.tests.factories import CountryFactory

    CountryFactory.reset_sequence(26 * 26 - 1)  # as after a long run of other tests
    first, second = CountryFactory(), CountryFactory()
    assert first.iso2 != second.iso2 and first.iso3 != second.iso3
    for country in (first, second):
        assert re.fullmatch("X[A-Z]", str(country.iso2))
        assert re.fullmatch("X[A-Z]{2}", str(country.iso3))
    assert str(first) == f"Testland {first.iso2}"


def test_reference_file_notes_are_in_the_six_languages() -> None:
    """Every note on the file's judgement calls reads in each UN language, as pending review."""
    from django.utils import translation

    notes = selectors.reference_file_metadata()["notes"]
    assert len(notes) == 8
    for note in notes:
        assert note.missing_languages() == []
        assert note.pending_review
    with translation.override("ru"):
        assert str(notes[1]).startswith("Израиль (вышел 31 декабря 2018 года)")

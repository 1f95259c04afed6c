"""The shipped reference data: counts and memberships that reports rely on."""

from __future__ import annotations

from typing import Any

import pytest

from iite.reference.models import Country

pytestmark = pytest.mark.django_db


def iso2s(**filters: Any) -> set[str]:
    return set(Country.objects.filter(**filters).values_list("iso2", flat=True))


def test_counts_by_status(loaded: Any) -> None:
    """194 Member States in November 2026; the verified Associate Members; nothing else."""
    assert Country.objects.filter(status="member").count() == 194
    assert iso2s(status="associate") == {
        "AI",
        "AW",
        "VG",
        "KY",
        "CW",
        "FO",
        "MO",
        "MS",
        "NC",
        "SX",
        "TK",
    }
    assert Country.objects.count() == 205


def test_membership_edge_cases(loaded: Any) -> None:
    """Non-UN Member States are in; Israel, Liechtenstein and the Holy See are out; the
    United States and Nicaragua remain members until their withdrawals take effect."""
    assert {"CK", "NU", "PS", "US", "NI"} <= iso2s(status="member")
    assert not iso2s(iso2__in=["IL", "LI", "VA", "TW", "XK"])


def test_counts_by_electoral_group(loaded: Any) -> None:
    """Six groups share all 194 Member States; Associate Members have none."""
    counts = {
        group: Country.objects.filter(status="member", electoral_group=group).count()
        for group in ["I", "II", "III", "IV", "Va", "Vb"]
    }
    assert counts == {"I": 26, "II": 25, "III": 33, "IV": 44, "Va": 47, "Vb": 19}
    assert iso2s(status="associate", electoral_group="") == iso2s(status="associate")


def test_counts_by_unesco_region(loaded: Any) -> None:
    """Member States per UNESCO region (Tajikistan and Uzbekistan in Asia and the Pacific)."""
    counts = {
        region: Country.objects.filter(status="member", unesco_region=region).count()
        for region in [
            "africa",
            "arab_states",
            "asia_pacific",
            "europe_north_america",
            "latin_america_caribbean",
        ]
    }
    assert counts == {
        "africa": 47,
        "arab_states": 19,
        "asia_pacific": 46,
        "europe_north_america": 49,
        "latin_america_caribbean": 33,
    }


def test_egypt(loaded: Any) -> None:
    """Egypt: Arab States region and group V(b) for UNESCO, Africa / Northern Africa for M49,
    with its names in the six UN languages."""
    egypt = Country.objects.get(iso2="EG")
    assert (egypt.iso3, egypt.m49_code, egypt.status) == ("EGY", "818", "member")
    assert (egypt.unesco_region, egypt.electoral_group) == ("arab_states", "Vb")
    assert (egypt.m49_region, egypt.m49_subregion) == ("Africa", "Northern Africa")
    assert dict(egypt.name) == {
        "en": "Egypt",
        "fr": "Égypte",
        "es": "Egipto",
        "ar": "مصر",
        "ru": "Египет",
        "zh-hans": "埃及",
    }
    assert list(egypt.priority_regions.values_list("code", flat=True)) == ["arab-states"]


@pytest.mark.parametrize("iso2", ["DZ", "LY", "MA", "MR", "SD", "TN", "PS", "SA", "IQ"])
def test_arab_states(loaded: Any, iso2: str) -> None:
    """North African and other Arab States are in UNESCO's Arab States region and group V(b)."""
    country = Country.objects.get(iso2=iso2)
    assert (country.unesco_region, country.electoral_group) == ("arab_states", "Vb")


@pytest.mark.parametrize("iso2", ["DJ", "SO", "KM"])
def test_arab_league_members_in_group_va(loaded: Any, iso2: str) -> None:
    """Djibouti, Somalia and Comoros sit in electoral group V(a) and the Africa region."""
    country = Country.objects.get(iso2=iso2)
    assert (country.unesco_region, country.electoral_group) == ("africa", "Va")


def test_russian_federation(loaded: Any) -> None:
    """Russian Federation: group II, Europe and North America, priority region EECA."""
    russia = Country.objects.get(iso2="RU")
    assert (russia.electoral_group, russia.unesco_region) == ("II", "europe_north_america")
    assert list(russia.priority_regions.values_list("code", flat=True)) == [
        "eastern-europe-central-asia"
    ]
    assert russia.name["ru"] == "Российская Федерация"


def test_group_i_includes_turkiye_cyprus_and_the_united_states(loaded: Any) -> None:
    """Türkiye, Cyprus and the United States are in group I, Europe and North America."""
    for iso2 in ("TR", "CY", "US"):
        country = Country.objects.get(iso2=iso2)
        assert (country.electoral_group, country.unesco_region) == ("I", "europe_north_america")


def test_central_asia(loaded: Any) -> None:
    """All five Central Asian states are in EECA; Tajikistan and Uzbekistan vote in group II,
    Kazakhstan, Kyrgyzstan and Turkmenistan in group IV."""
    central_asia = {"KZ", "KG", "TJ", "TM", "UZ"}
    assert central_asia <= iso2s(priority_regions__code="eastern-europe-central-asia")
    assert iso2s(iso2__in=central_asia, electoral_group="II") == {"TJ", "UZ"}
    assert iso2s(iso2__in=central_asia, electoral_group="IV") == {"KZ", "KG", "TM"}
    assert iso2s(iso2__in=central_asia, unesco_region="asia_pacific") == central_asia


def test_priority_region_sizes(loaded: Any) -> None:
    """EECA is group II plus three Central Asian states; Africa and Arab States follow the
    UNESCO regions; Southeast Asia is M49's sub-region; SIDS follows the flag."""
    assert iso2s(priority_regions__code="eastern-europe-central-asia") == iso2s(
        electoral_group="II"
    ) | {"KZ", "KG", "TM"}
    assert iso2s(priority_regions__code="africa") == iso2s(unesco_region="africa")
    assert iso2s(priority_regions__code="arab-states") == iso2s(unesco_region="arab_states")
    assert iso2s(priority_regions__code="southeast-asia") == {
        "BN",
        "KH",
        "ID",
        "LA",
        "MY",
        "MM",
        "PH",
        "SG",
        "TH",
        "TL",
        "VN",
    }
    assert iso2s(priority_regions__code="sids") == iso2s(is_sids=True)
    assert len(iso2s(priority_regions__code="sids")) == 46


def test_flags(loaded: Any) -> None:
    """Fiji is a SIDS; Nepal an LDC and LLDC; São Tomé and Príncipe no longer an LDC."""
    fiji = Country.objects.get(iso2="FJ")
    assert (fiji.is_sids, fiji.is_ldc, fiji.is_lldc) == (True, False, False)
    nepal = Country.objects.get(iso2="NP")
    assert (nepal.is_sids, nepal.is_ldc, nepal.is_lldc) == (False, True, True)
    sao_tome = Country.objects.get(iso2="ST")
    assert (sao_tome.is_sids, sao_tome.is_ldc) == (True, False)
    assert Country.objects.filter(is_ldc=True).count() == 44
    assert Country.objects.filter(is_lldc=True).count() == 32


def test_viet_nam_in_southeast_asia(loaded: Any) -> None:
    """Viet Nam is in the Southeast Asia expansion region."""
    assert list(Country.objects.get(iso2="VN").priority_regions.values_list("code", flat=True)) == [
        "southeast-asia"
    ]


def test_every_country_has_six_names(loaded: Any) -> None:
    """Every country has a name in each of the six UN languages."""
    for country in Country.objects.all():
        assert set(country.name) == {"en", "fr", "es", "ar", "ru", "zh-hans"}, country.iso2
    assert dict(Country.objects.get(iso2="PS").name)["en"] == "Palestine"
    assert Country.objects.get(iso2="MO").name["zh-hans"] == "中国澳门"
    assert Country.objects.get(iso2="CN").name["ar"] == "الصين"

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

API = "/api/countries/"


def test_list_everything(loaded: Any, client: Client, django_assert_num_queries: Any) -> None:
    """The list holds every country, in ISO order, in two queries."""
    with django_assert_num_queries(2):
        response = client.get(API)
    assert response.status_code == 200
    data = response.json()
    assert len(data) == 205
    assert data[0]["iso2"] == "AD"
    assert sum(1 for row in data if row["status"] == "member") == 194


def test_filters(loaded: Any, client: Client) -> None:
    """Each filter narrows the list; they combine."""
    codes = lambda **params: [row["iso2"] for row in client.get(API, params).json()]  # noqa: E731
    assert len(codes(region="arab_states")) == 19
    assert len(codes(electoral_group="II")) == 25
    assert "KZ" in codes(priority_region="eastern-europe-central-asia")
    assert len(codes(status="associate")) == 11
    assert codes(sids="true", region="europe_north_america") == []
    assert codes(ldc="true", lldc="true", region="asia_pacific") == ["AF", "LA", "NP"]


def test_detail(loaded: Any, client: Client) -> None:
    """One country by ISO alpha-2, names in six languages and its groupings."""
    response = client.get(API + "EG")
    assert response.status_code == 200
    assert response.json() == {
        "iso2": "EG",
        "iso3": "EGY",
        "m49": "818",
        "name": {
            "en": "Egypt",
            "fr": "Égypte",
            "es": "Egipto",
            "ar": "مصر",
            "ru": "Египет",
            "zh-hans": "埃及",
        },
        "status": "member",
        "unesco_region": "arab_states",
        "electoral_group": "Vb",
        "m49_region": "Africa",
        "m49_subregion": "Northern Africa",
        "m49_intermediate_region": "",
        "sids": False,
        "ldc": False,
        "lldc": False,
        "priority_regions": ["arab-states"],
    }
    assert client.get(API + "mo").json()["electoral_group"] is None


@pytest.mark.parametrize("code", ["ZZ", "IL", "EGY", "x"])
def test_detail_unknown_is_404(loaded: Any, client: Client, code: str) -> None:
    """An unknown or non-member code answers 404 with a message."""
    response = client.get(API + code)
    assert response.status_code == 404
    assert response.json() == {
        "detail": f"No Member State or Associate Member with ISO code {code!r}."
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"region": "europe"}, "query.region"),
        ({"electoral_group": "VI"}, "query.electoral_group"),
        ({"status": "observer"}, "query.status"),
        ({"sids": "maybe"}, "query.sids"),
    ],
)
def test_unknown_filter_value_is_400(loaded: Any, client: Client, params: dict, field: str) -> None:
    """A filter value outside its list is refused with 400 naming the parameter."""
    response = client.get(API, params)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Invalid input."
    assert [error["field"] for error in body["errors"]] == [field]


def test_unknown_priority_region_is_400(loaded: Any, client: Client) -> None:
    """A priority region code that does not exist is refused with 400."""
    response = client.get(API, {"priority_region": "atlantis"})
    assert response.status_code == 400
    assert response.json() == {"detail": "Unknown priority_region 'atlantis'."}


def test_priority_regions(loaded: Any, client: Client) -> None:
    """The five regions with tiers, six-language names and their countries' codes."""
    data = client.get(API + "priority-regions").json()
    assert [(row["code"], row["tier"]) for row in data] == [
        ("africa", "priority"),
        ("eastern-europe-central-asia", "priority"),
        ("arab-states", "priority"),
        ("southeast-asia", "expansion"),
        ("sids", "expansion"),
    ]
    assert data[1]["name"]["ru"] == "Восточная Европа и Центральная Азия"
    assert "RU" in data[1]["member_states"]
    assert data[4]["associate_members"] == ["AI", "AW", "CW", "MS", "NC", "SX", "VG"]

from __future__ import annotations

import re
from html import unescape as html_unescape
from typing import Any

import pytest
from django.test import Client

from iite.reference.selectors import normalise_name

pytestmark = pytest.mark.django_db

URL = "/en/countries/"


def names_in_table(html: str) -> list[str]:
    return re.findall(r'<th scope="row" lang="[^"]*">([^<]+)</th>', html)


def test_page_shows_counts_and_every_country(
    loaded: Any, client: Client, django_assert_num_queries: Any
) -> None:
    """The public page shows the counts and all 205 rows in a fixed number of queries."""
    # Summary (3) + countries (1) + their priority regions (1) + the form's region choices (1).
    with django_assert_num_queries(6):
        response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Member States and regions</h1>" in html
    assert '<span class="value">194</span> Member States' in html
    assert '<span class="value">11</span> Associate Members' in html
    assert "205 countries and territories" in html
    assert len(names_in_table(html)) == 205
    assert "Reference file version 2026.11.1 of 2026-11-23" in html


def test_page_is_in_the_nav(loaded: Any, client: Client) -> None:
    """The header links to the page."""
    html = client.get("/en/").content.decode()
    assert 'href="/en/countries/"' in html


def test_filter_by_priority_region(loaded: Any, client: Client) -> None:
    """Filtering by a priority region lists only its countries, sorted by name."""
    response = client.get(URL, {"priority": "southeast-asia"})
    html = response.content.decode()
    assert names_in_table(html) == [
        "Brunei Darussalam",
        "Cambodia",
        "Indonesia",
        "Lao People&#x27;s Democratic Republic",
        "Malaysia",
        "Myanmar",
        "Philippines",
        "Singapore",
        "Thailand",
        "Timor-Leste",
        "Viet Nam",
    ]
    assert "11 countries and territories (filtered)" in html


def test_filters_combine(loaded: Any, client: Client) -> None:
    """Region, group and status filters combine (Associate Members in Latin America)."""
    html = client.get(
        URL, {"region": "latin_america_caribbean", "status": "associate"}
    ).content.decode()
    assert len(names_in_table(html)) == 7
    html = client.get(URL, {"group": "Vb"}).content.decode()
    assert len(names_in_table(html)) == 19
    assert "Egypt" in names_in_table(html)


def test_unknown_filter_value_shows_a_field_error(loaded: Any, client: Client) -> None:
    """An unknown value is reported on its field and the list is not filtered."""
    response = client.get(URL, {"region": "atlantis"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice. atlantis is not one of the available choices." in html
    assert len(names_in_table(html)) == 205


def test_names_in_the_active_language_sorted_by_that_name(loaded: Any, client: Client) -> None:
    """In French the names are French and sorted in French; in Arabic, Arabic."""
    html = client.get("/fr/countries/", {"group": "II"}).content.decode()
    names = names_in_table(html)
    assert names[0] == "Albanie" and "Fédération de Russie" in names
    assert names == sorted(names, key=lambda name: normalise_name(html_unescape(name)))
    html = client.get("/ar/countries/", {"region": "arab_states"}).content.decode()
    assert 'dir="rtl"' in html
    assert "مصر" in names_in_table(html)


def test_htmx_request_gets_only_the_results(loaded: Any, client: Client) -> None:
    """An htmx request receives the results fragment without the layout."""
    response = client.get(URL, {"priority": "sids"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "46 countries and territories (filtered)" in html


def test_flags_shown_as_badges(loaded: Any, client: Client) -> None:
    """Nepal's row shows the LDC and LLDC groups."""
    html = client.get(URL, {"region": "asia_pacific", "group": "IV"}).content.decode()
    row = html[html.index(">Nepal</th>") :].split("</tr>")[0]
    assert "Least Developed Country" in row and "Landlocked Developing Country" in row
    assert "Small Island Developing State" not in row


def test_empty_database_page_still_renders(client: Client) -> None:
    """Before reference data is loaded the page says so instead of failing."""
    response = client.get(URL)
    assert response.status_code == 200
    assert "No country matches these filters." in response.content.decode()


@pytest.mark.parametrize(
    ("language", "heading", "label"),
    [
        ("fr", "États membres et régions", "Région de l&#x27;UNESCO"),
        ("es", "Estados Miembros y regiones", "Región de la UNESCO"),
        ("ar", "الدول الأعضاء والمناطق", "منطقة اليونسكو"),
        ("ru", "Государства-члены и регионы", "Регион ЮНЕСКО"),
        ("zh-hans", "会员国和地区", "教科文组织地区"),
    ],
)
def test_page_is_translated(
    loaded: Any, client: Client, language: str, heading: str, label: str
) -> None:
    """The page's headings and filter labels are in the visitor's language."""
    html = client.get(f"/{language}/countries/").content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert label in html

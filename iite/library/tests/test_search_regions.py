"""The region facets of the library's search: UNESCO region and priority region of the
countries a publication is about, on the page and in the API."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from iite.library.models import Publication
from iite.library.search import SearchFilters, library_search
from iite.library.services import publication_update
from iite.reference.models import UnescoRegion
from iite.reference.tests.factories import CountryFactory, PriorityRegionFactory

from .factories import make_publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def regional() -> tuple[Any, Any, Any]:
    central_asia = PriorityRegionFactory(
        code="eastern-europe-central-asia",
        name={"en": "Eastern Europe and Central Asia", "fr": "Europe orientale et Asie centrale"},
    )
    kazakh: Any = CountryFactory(iso2="XK", unesco_region=UnescoRegion.ASIA_PACIFIC)
    kazakh.priority_regions.add(central_asia)
    senegal = CountryFactory(iso2="XN", unesco_region=UnescoRegion.AFRICA)
    asia = make_publication(
        title={"en": "AI in Central Asian schools"},
        countries=[kazakh],
        status="published",
        date_published=datetime.date(2026, 1, 5),
    )
    africa = make_publication(
        title={"en": "Radio lessons in West Africa"},
        countries=[senegal],
        status="published",
        date_published=datetime.date(2026, 1, 6),
    )
    nowhere = make_publication(
        title={"en": "A global framework"},
        status="published",
        date_published=datetime.date(2026, 1, 7),
    )
    return asia, africa, nowhere


def test_facets_count_the_regions_of_the_countries(regional: Any) -> None:
    found = library_search(SearchFilters())
    regions = {facet.value: (facet.label, facet.count) for facet in found.facets["region"]}
    assert regions == {
        "asia_pacific": ("Asia and the Pacific", 1),
        "africa": ("Africa", 1),
    }
    priority = {f.value: (f.label, f.count) for f in found.facets["priority_region"]}
    assert priority == {"eastern-europe-central-asia": ("Eastern Europe and Central Asia", 1)}


def test_filtering_by_region_keeps_the_publications_about_it(regional: Any) -> None:
    asia, africa, _nowhere = regional
    by_region = library_search(SearchFilters.from_params({"region": "africa"}))
    assert [result.publication for result in by_region.results] == [africa]
    by_priority = library_search(
        SearchFilters.from_params({"priority_region": "eastern-europe-central-asia"})
    )
    assert [result.publication for result in by_priority.results] == [asia]
    assert [f.selected for f in by_priority.facets["priority_region"]] == [True]


def test_unknown_regions_are_dropped() -> None:
    filters = SearchFilters.from_params({"region": "atlantis", "priority_region": "nowhere"})
    assert (filters.region, filters.priority_region) == ("", "")
    assert filters.as_params() == {}


def test_a_publications_countries_change_with_it(regional: Any) -> None:
    """Staff change the countries: the regions follow."""
    _asia, africa, nowhere = regional
    publication_update(publication=nowhere, countries=list(africa.activity.target_countries.all()))
    found = library_search(SearchFilters.from_params({"region": "africa"}))
    assert {result.publication for result in found.results} == {africa, nowhere}


def test_the_page_and_the_api_show_and_filter_by_region(
    client: Any, regional: Any, django_assert_max_num_queries: Any
) -> None:
    asia, _africa, _nowhere = regional
    with django_assert_max_num_queries(20):
        html = client.get("/en/library/").content.decode()
    assert "UNESCO region" in html
    assert 'href="?region=africa">Africa</a> (1)' in html
    assert 'href="?priority_region=eastern-europe-central-asia">' in html
    html = client.get("/en/library/?region=asia_pacific").content.decode()
    assert "1 publication found" in html and "AI in Central Asian schools" in html
    data = client.get("/api/library/search", {"region": "asia_pacific"}).json()
    assert [item["publication"]["slug"] for item in data["items"]] == [asia.slug]
    assert {facet["value"] for facet in data["facets"]["region"]} == {"asia_pacific"}
    data = client.get("/api/library/search", {"priority_region": "eastern-europe-central-asia"})
    assert data.json()["count"] == 1
    assert client.get("/api/library/search", {"region": "atlantis"}).json()["count"] == 3


def test_the_staff_form_sets_the_countries(client: Any, editor: Any) -> None:
    """An editor names the countries a publication is about; its edit page shows them."""
    country: Any = CountryFactory(iso2="XW", unesco_region=UnescoRegion.ARAB_STATES)
    client.force_login(editor)
    response = client.post(
        "/en/library/manage/new/",
        {
            "title_en": "Guidance for Arab States",
            "original_language": "en",
            "kind": "guidance",
            "contributors": "",
            "licence": "CC-BY-SA-3.0-IGO",
            "countries": [country.pk],
        },
    )
    publication = Publication.objects.get()
    assert response.status_code == 302
    assert list(publication.activity.target_countries.all()) == [country]
    form = client.get(f"/en/library/manage/{publication.slug}/").context["form"]
    assert list(form.initial["countries"]) == [country]
    bad = client.post(
        f"/en/library/manage/{publication.slug}/",
        {
            "title_en": "Guidance for Arab States",
            "original_language": "en",
            "kind": "guidance",
            "licence": "CC-BY-SA-3.0-IGO",
            "countries": ["999999"],
        },
    )
    assert "countries" in bad.context["form"].errors
    assert list(publication.activity.target_countries.all()) == [country]

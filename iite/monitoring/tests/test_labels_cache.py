"""The dimensions' labels are kept per language and follow the reference data they name."""

from __future__ import annotations

import pytest
from django.utils import translation

from iite.monitoring.selectors import dimension_labels
from iite.reference.tests.factories import CountryFactory

pytestmark = pytest.mark.django_db


def test_labels_are_kept_per_language_and_need_no_query_once_kept(django_assert_num_queries):
    """The second call in a language reads nothing from the database; another language
    gets its own labels."""
    CountryFactory(iso2="KE", iso3="KEN", name={"en": "Kenya", "fr": "Kenya (fr)"})
    with translation.override("en"):
        english = dimension_labels({"country"})
        with django_assert_num_queries(0):
            assert dimension_labels({"country"}) == english
    with translation.override("fr"):
        french = dimension_labels({"country"})
    assert english["country"]["KE"] == "Kenya"
    assert french["country"]["KE"] == "Kenya (fr)"


def test_a_renamed_country_shows_at_once():
    """Saving a country drops the kept labels in every language."""
    kenya = CountryFactory(iso2="KE", iso3="KEN", name={"en": "Kenya"})
    with translation.override("en"):
        assert dimension_labels({"country"})["country"]["KE"] == "Kenya"
        kenya.name = {"en": "Republic of Kenya"}
        kenya.save()
        assert dimension_labels({"country"})["country"]["KE"] == "Republic of Kenya"

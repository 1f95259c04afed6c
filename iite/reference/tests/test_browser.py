from __future__ import annotations

from typing import Any

import pytest

from iite.reference.services import reference_data_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_filter_member_states_and_read_in_arabic(page: Any, axe: Any) -> None:
    """A visitor filters the list by priority region, then reads the page in Arabic;
    axe-core finds no serious or critical violation in either language."""
    reference_data_load()
    page.goto("/en/countries/")
    assert page.locator("h1").inner_text() == "Member States and regions"
    assert axe(page) == []

    page.get_by_label("Priority region").select_option("eastern-europe-central-asia")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**priority=eastern-europe-central-asia**")
    results = page.locator("#country-results")
    assert "28 countries and territories (filtered)" in results.locator("caption").inner_text()
    assert results.get_by_role("rowheader", name="Kazakhstan").is_visible()

    page.goto("/ar/countries/?region=arab_states")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#country-results tbody tr").count() == 19
    assert axe(page) == []

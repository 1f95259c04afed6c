"""A visitor reads the results in a browser; axe finds no serious violation."""

from __future__ import annotations

import pytest

from iite.programme.tests.factories import ActivityFactory, ParticipationFactory
from iite.reference.tests.factories import CountryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_reads_the_results_and_follows_a_figure(page, axe):
    """The summary is accessible; a figure leads to the public activity behind it."""
    kenya = CountryFactory(iso2="KE", iso3="KEN")
    webinar = ActivityFactory(code="ai-webinar", kind="webinar", title={"en": "AI for teachers"})
    ParticipationFactory(activity=webinar, country=kenya)
    page.goto("/en/results/?year=2026")
    assert page.locator("h1").inner_text() == "Results of the Medium-Term Strategy 2026–2029"
    assert axe(page) == []
    page.select_option("#f-half", "1")
    page.get_by_role("button", name="Show").click()
    assert "half=1" in page.url
    page.locator("#ind-5 ~ .measure a, .indicator:nth-of-type(5) .value a").first.click()
    assert "/results/figure/" in page.url
    assert page.get_by_text("AI for teachers").count() == 1
    assert axe(page) == []
    page.goto("/ar/results/?year=2026")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert axe(page) == []

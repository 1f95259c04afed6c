import pytest

from iite.demo.programme import load as load_demo
from iite.strategy.loader import strategy_load_reference

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_pages_are_accessible_and_filter_without_javascript(page, axe):
    """The strategy page, the activity list (filtered) and a detail page pass axe; in Arabic too."""
    strategy_load_reference()
    load_demo()
    page.goto("/en/strategy/")
    assert page.locator("h1").inner_text() == "Medium-Term Strategy 2026–2029"
    assert axe(page) == []
    page.goto("/en/activities/")
    page.select_option("#id_kind", "competition")
    page.click("button:has-text('Filter')")
    page.wait_for_url("**kind=competition**")
    assert page.locator("text=Global Competition on Design for the Futures 2026").count() == 1
    assert page.locator("text=Global Smart Education Conference 2026").count() == 0
    assert axe(page) == []
    page.goto("/ar/activities/gsec-2026/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "المؤتمر العالمي للتعليم الذكي 2026"
    assert axe(page) == []

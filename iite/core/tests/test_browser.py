import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_keyboard_user_skips_to_content_and_switches_to_arabic(page, axe):
    """The skip link is the first stop; the Arabic link lays the page out right-to-left."""
    page.goto("/en/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    page.get_by_role("link", name="العربيّة").click()
    page.wait_for_url("**/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert axe(page) == []

"""Anonymous pages may be kept by the proxy for a minute; nothing personal ever is."""

import pytest

from iite.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SHARED = "public, max-age=0, s-maxage=60, stale-while-revalidate=30"


@pytest.mark.parametrize("url", ["/en/", "/en/events/", "/en/learning/", "/ar/results/"])
def test_an_anonymous_page_may_be_shared_for_a_minute_and_sets_no_cookie(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == SHARED
    assert "Cookie" in response["Vary"]
    assert not response.cookies


def test_a_signed_in_visitor_is_never_served_a_shared_page(client):
    client.force_login(UserFactory())
    response = client.get("/en/")
    assert "s-maxage" not in response.get("Cache-Control", "")


def test_a_page_that_sets_a_cookie_is_not_shared(client):
    """The sign-in form needs a CSRF cookie: it is not for a shared cache."""
    response = client.get("/en/accounts/login/")
    assert response.cookies
    assert "s-maxage" not in response.get("Cache-Control", "")


def test_a_visitor_with_a_session_cookie_is_not_served_a_shared_page(client):
    client.cookies["sessionid"] = "anything"
    assert "s-maxage" not in client.get("/en/").get("Cache-Control", "")


def test_the_delay_is_a_setting_and_zero_turns_it_off(client, settings):
    settings.PUBLIC_CACHE_SECONDS = 0
    assert "Cache-Control" not in client.get("/en/events/")

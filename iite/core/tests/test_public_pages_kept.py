"""Each worker keeps the anonymous pages it rendered and replays them until a write
changes something, and never for a signed-in visitor, an htmx request or another cookie."""

from __future__ import annotations

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.http import HttpRequest, HttpResponse
from django.urls import path

from iite.accounts.tests.factories import UserFactory
from iite.reference.models import Country
from iite.reference.tests.factories import CountryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture(autouse=True)
def _pages_kept(settings):
    settings.PUBLIC_PAGES_KEPT = True


def countries(request: HttpRequest) -> HttpResponse:
    """A page that shows what the database holds at the moment it is rendered."""
    return HttpResponse(f"countries: {Country.objects.count()}")


urlpatterns = i18n_patterns(path("countries/", countries))


def test_a_kept_page_is_replayed_without_running_the_view(client, django_assert_num_queries):
    first = client.get("/en/countries/")
    with django_assert_num_queries(0):
        again = client.get("/en/countries/")
    assert again.content == first.content
    assert again["Cache-Control"] == first["Cache-Control"]
    assert again["Content-Language"] == "en"
    assert not again.cookies


def test_a_write_shows_at_once_when_it_commits(client, django_capture_on_commit_callbacks):
    before = Country.objects.count()
    assert client.get("/en/countries/").content == f"countries: {before}".encode()
    with django_capture_on_commit_callbacks(execute=True):
        CountryFactory(iso2="KE", iso3="KEN")
    assert client.get("/en/countries/").content == f"countries: {before + 1}".encode()


def test_a_signed_in_visitor_never_gets_a_kept_page(client):
    before = Country.objects.count()
    client.get("/en/countries/")
    # A write that sends no signal (bulk_create): the kept page stays, at most as long as
    # the shared proxy would keep it; a signed-in visitor sees the rows as they are.
    Country.objects.bulk_create([CountryFactory.build(iso2="ZZ", iso3="ZZZ")])
    assert client.get("/en/countries/").content == f"countries: {before}".encode()
    client.force_login(UserFactory())
    assert client.get("/en/countries/").content == f"countries: {before + 1}".encode()


def test_each_language_cookie_set_and_htmx_request_is_apart(client, django_assert_num_queries):
    client.get("/en/countries/")
    with django_assert_num_queries(1):
        client.get("/fr/countries/")  # another language: rendered
    client.cookies["tz"] = "Asia/Tokyo"
    with django_assert_num_queries(1):
        client.get("/en/countries/")  # another cookie set: rendered
    with django_assert_num_queries(1):
        client.get("/en/countries/", headers={"HX-Request": "true"})  # a fragment: rendered


def test_a_transaction_moves_the_version_once(django_capture_on_commit_callbacks):
    """However many rows a transaction writes, the kept pages' version moves once, when it
    commits."""
    from iite.core.caching import cache_version
    from iite.core.middleware import PAGES_NAMESPACE

    before = cache_version(PAGES_NAMESPACE)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for index in range(5):
            CountryFactory(iso2=f"Q{index}", iso3=f"QQ{index}")
        assert cache_version(PAGES_NAMESPACE) == before
    assert len(callbacks) == 1
    assert cache_version(PAGES_NAMESPACE) == before + 1

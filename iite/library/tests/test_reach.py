"""Reach counted the COUNTER way: robots and double-clicks left out, nothing personal kept."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from iite.accounts.tests.factories import UserFactory
from iite.library import reach
from iite.library.models import PublicationReach
from iite.reference.tests.factories import CountryFactory

from .factories import make_publication

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
OTHER_BROWSER = "Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15"
NOW = datetime.datetime(2026, 5, 14, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def published():
    return make_publication(status="published", files={"en": "Report", "fr": "Rapport"})


def _request(agent: str = BROWSER, address: str = "203.0.113.7", **meta: Any) -> Any:
    request = RequestFactory().get("/", HTTP_USER_AGENT=agent, REMOTE_ADDR=address, **meta)
    request.user = AnonymousUser()
    return request


def _row(publication: Any, language: str = "", country: str = "") -> PublicationReach:
    return PublicationReach.objects.get(
        publication=publication, month=datetime.date(2026, 5, 1), language=language, country=country
    )


def test_a_view_counts_once_and_a_repeat_within_30_seconds_is_a_double_click(published):
    """The same reader opening the page again within 30 seconds is counted once; later in
    the hour the view counts again, but the reader stays one unique reader."""
    assert reach.reach_count(request=_request(), publication=published, now=NOW)
    later = NOW + datetime.timedelta(seconds=10)
    assert not reach.reach_count(request=_request(), publication=published, now=later)
    row = _row(published)
    assert (row.total_investigations, row.unique_investigations) == (1, 1)
    assert (row.total_requests, row.unique_requests) == (0, 0)

    # The 30 seconds pass: the double-click mark expires.
    reach.cache.delete(f"library:reach:click:{reach.reader_hash(_request(), NOW)}:{published.pk}:")
    assert reach.reach_count(
        request=_request(), publication=published, now=NOW + datetime.timedelta(minutes=5)
    )
    row.refresh_from_db()
    assert (row.total_investigations, row.unique_investigations) == (2, 1)

    assert reach.reach_count(
        request=_request(address="198.51.100.4"), publication=published, now=NOW
    )
    assert reach.reach_count(request=_request(agent=OTHER_BROWSER), publication=published, now=NOW)
    row.refresh_from_db()
    assert (row.total_investigations, row.unique_investigations) == (4, 3)


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "python-requests/2.32.3",
        "curl/8.5.0",
        "Sickle/0.7 OAI-PMH harvester",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120.0 Safari/537.36",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2)",
    ],
)
def test_robots_are_not_counted(published, agent):
    """A User-Agent on the robots list, or none, is not counted."""
    assert reach.is_robot(agent)
    assert not reach.reach_count(request=_request(agent=agent), publication=published, now=NOW)
    assert not PublicationReach.objects.exists()


def test_browsers_are_not_taken_for_robots():
    """The everyday browsers' User-Agents are counted."""
    for agent in (
        BROWSER,
        OTHER_BROWSER,
        "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 Chrome/124.0 Mobile "
        "Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80",
    ):
        assert not reach.is_robot(agent), agent


def test_a_download_is_a_request_and_an_investigation_of_its_language(published):
    """Downloading the French file counts one request and one investigation in "fr"; the
    page view and the download of the same reader in the hour are one unique reader."""
    reach.reach_count(request=_request(), publication=published, now=NOW)
    reach.reach_count(request=_request(), publication=published, language="fr", now=NOW)
    reach.reach_count(request=_request(), publication=published, language="en", now=NOW)
    french, english, page = _row(published, "fr"), _row(published, "en"), _row(published)
    assert (french.total_investigations, french.total_requests) == (1, 1)
    assert (french.unique_investigations, french.unique_requests) == (0, 1)
    assert (english.total_requests, english.unique_requests) == (1, 0)
    assert page.unique_investigations == 1
    totals = reach.reach_totals(published)
    assert totals == reach.ReachTotals(
        investigations=3, unique_investigations=1, requests=2, unique_requests=1
    )


def test_the_country_comes_from_the_profile_then_the_proxy_header(published):
    """A signed-in reader's profile country wins; otherwise the proxy's header; a code
    that is not a country is unknown."""
    reach.reach_count(
        request=_request(HTTP_X_COUNTRY_CODE="kz"), publication=published, language="en", now=NOW
    )
    reach.reach_count(
        request=_request(address="192.0.2.1", HTTP_X_COUNTRY_CODE="XX"),
        publication=published,
        language="en",
        now=NOW,
    )
    reader = UserFactory(country=CountryFactory(iso2="UZ", iso3="UZB"))
    request = _request(address="192.0.2.2", HTTP_X_COUNTRY_CODE="FR")
    request.user = reader
    reach.reach_count(request=request, publication=published, language="en", now=NOW)
    assert _row(published, "en", "KZ").total_requests == 1
    assert _row(published, "en", "").total_requests == 1
    assert _row(published, "en", "UZ").total_requests == 1
    assert not PublicationReach.objects.filter(country="FR").exists()


def test_staff_and_unpublished_publications_are_not_counted(published, editor):
    """The library's staff looking at their publications, and drafts, count nothing."""
    request = _request()
    request.user = editor
    assert not reach.reach_count(request=request, publication=published, now=NOW)
    draft = make_publication()
    assert not reach.reach_count(request=_request(), publication=draft, now=NOW)
    assert not PublicationReach.objects.exists()


def test_no_address_or_agent_is_stored(published):
    """The database holds counts only: no address, User-Agent or hash of them."""
    reach.reach_count(request=_request(), publication=published, language="en", now=NOW)
    row = PublicationReach.objects.values().get()
    stored = " ".join(str(value) for value in row.values())
    assert "203.0.113.7" not in stored
    assert "Firefox" not in stored
    assert reach.reader_hash(_request(), NOW) not in stored
    assert {field.name for field in PublicationReach._meta.get_fields()} == {
        "id", "publication", "month", "language", "country", "total_investigations",
        "unique_investigations", "total_requests", "unique_requests",
    }  # fmt: skip


def test_the_reader_hash_changes_every_day(published):
    """Tomorrow's salt differs, so a reader cannot be followed from one day to the next."""
    tomorrow = NOW + datetime.timedelta(days=1)
    assert reach.reader_hash(_request(), NOW) == reach.reader_hash(_request(), NOW)
    assert reach.reader_hash(_request(), NOW) != reach.reader_hash(_request(), tomorrow)


def test_pages_and_downloads_count_and_are_not_kept_by_shared_caches(client, published):
    """A reader's view and download are counted through the real pages, which tell the
    proxy not to keep them (or most views would never reach the app); a robot's are not."""
    page = client.get(published.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    assert page.status_code == 200
    assert "private" in page["Cache-Control"] and "s-maxage" not in page["Cache-Control"]
    download = client.get(
        reverse("library:download", args=[published.slug, "fr"]), HTTP_USER_AGENT=BROWSER
    )
    assert download.status_code == 200
    assert "private" in download["Cache-Control"]
    # Read to the end: the test client then closes the file itself (closing it again
    # would end the test's transaction on PostgreSQL).
    assert b"".join(download.streaming_content)
    client.get(published.get_absolute_url(), HTTP_USER_AGENT="Googlebot/2.1")
    month = timezone.now().date().replace(day=1)
    rows = {
        row.language: (row.total_investigations, row.total_requests)
        for row in PublicationReach.objects.filter(month=month)
    }
    assert rows == {"": (1, 0), "fr": (1, 1)}


def test_the_public_page_shows_downloads_this_year(client, published):
    """The landing page gives an aggregate: how many times its files were downloaded this year."""
    today = timezone.localdate()
    reach.reach_add(
        publication_id=published.pk,
        month=today.replace(day=1),
        language="en",
        country="",
        total_requests=41,
    )
    reach.reach_add(
        publication_id=published.pk,
        month=datetime.date(today.year - 1, 12, 1),
        language="en",
        country="",
        total_requests=500,
    )
    page = client.get(published.get_absolute_url(), HTTP_USER_AGENT="curl/8")
    assert f"Downloaded 41 times in {today.year}." in page.content.decode()


def test_staff_see_the_months_and_download_the_counter_report(client, officer, published):
    """The staff page of a publication shows its months and countries; the report is a
    COUNTER-style item report with the header block and one row per metric."""
    month = timezone.localdate().replace(day=1)
    CountryFactory(iso2="KZ", iso3="KAZ", name={"en": "Kazakhstan"})
    reach.reach_add(
        publication_id=published.pk,
        month=month,
        language="fr",
        country="KZ",
        total_investigations=7,
        unique_investigations=5,
        total_requests=6,
        unique_requests=4,
    )
    client.force_login(officer)
    page = client.get(reverse("library:manage_edit", args=[published.slug])).content.decode()
    assert 'id="reach-title"' in page
    assert "Kazakhstan" in page
    assert "<td>7</td><td>5</td><td>6</td><td>4</td>" in page

    overview = client.get(reverse("library:reach"))
    assert overview.status_code == 200
    assert str(published.title) in overview.content.decode()

    response = client.get(
        reverse("library:reach_export", args=["csv"]),
        {"year": month.year, "publication": published.slug},
    )
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    header, items = text.split("\r\n\r\n")
    assert header.startswith("Report_Name,Item Report\r\nReport_ID,IR\r\nRelease,5")
    rows = list(csv.DictReader(io.StringIO(items)))
    assert [row["Metric_Type"] for row in rows] == [
        "Total_Item_Investigations",
        "Unique_Item_Investigations",
        "Total_Item_Requests",
        "Unique_Item_Requests",
    ]
    label = month.strftime("%b-%Y")
    assert [row[label] for row in rows] == ["7", "5", "6", "4"]
    assert [row["Reporting_Period_Total"] for row in rows] == ["7", "5", "6", "4"]
    assert {row["Language"] for row in rows} == {"fr"}
    assert {row["Country"] for row in rows} == {"KZ"}
    assert rows[0]["URI"].endswith(published.get_absolute_url())


def test_only_library_staff_see_the_reach_pages(client):
    """Readers are refused the reach overview and its report."""
    assert client.get(reverse("library:reach")).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse("library:reach")).status_code == 403
    assert client.get(reverse("library:reach_export", args=["csv"])).status_code == 403


def test_the_overview_reads_a_fixed_number_of_queries(
    client, officer, django_assert_max_num_queries
):
    """However many publications were used, the year's overview costs the same queries."""
    month = timezone.localdate().replace(day=1)
    for number in range(6):
        item = make_publication(status="published")
        reach.reach_add(
            publication_id=item.pk,
            month=month,
            language="",
            country="",
            total_investigations=number + 1,
        )
    client.force_login(officer)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("library:reach")).content.decode()
    assert page.count("<tr><td><a href=") == 6


def test_the_indicators_drill_down_shows_each_publications_reach_in_the_year(client, published):
    """Key indicator 3's drill-down lists the publication's launch activity with its
    views and downloads in the figure's year (other years left out); aggregates only."""
    for month, language, views, downloads in (
        (datetime.date(2026, 4, 1), "", 30, 0),
        (datetime.date(2026, 5, 1), "fr", 7, 5),
        (datetime.date(2025, 12, 1), "en", 900, 800),
    ):
        reach.reach_add(
            publication_id=published.pk,
            month=month,
            language=language,
            country="",
            total_investigations=views,
            total_requests=downloads,
        )
    page = client.get(reverse("monitoring:figure", args=["research.published"]), {"year": 2026})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Downloads in 2026" in html and "Publication views in 2026" in html
    assert '<td class="num">37</td><td class="num">5</td>' in html
    assert "900" not in html

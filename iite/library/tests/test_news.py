"""Library news: staff write and publish them; readers see them and follow the feeds."""

from __future__ import annotations

import datetime

import feedparser
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from iite.accounts.tests.factories import UserFactory
from iite.library import news
from iite.library.models import NewsItem, NewsStatus

from .factories import make_publication

pytestmark = pytest.mark.django_db


def _published_news(**values):
    item = news.news_create(**values)
    return news.news_publish(item=item)


def _form(**values):
    data = {
        "title_en": "A new report on AI ethics",
        "summary_en": "Launched today in Tashkent.",
        "body_en": "The report was presented to ministries.",
        "original_language": "en",
        "slug": "",
        "publications": "",
    }
    data.update(values)
    return data


def test_an_editor_writes_a_draft_that_readers_cannot_see(client, editor):
    """A content editor creates a draft (its address made from its title) linked to a
    publication; readers get a 404 until it is published, and editors cannot publish."""
    report = make_publication(status="published", slug="ai-ethics")
    client.force_login(editor)
    response = client.post(
        reverse("library:news_create"),
        _form(title_ru="Новый доклад об этике ИИ", publications="ai-ethics"),
    )
    item = NewsItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("library:news_edit", args=[item.slug])
    assert item.slug == "a-new-report-on-ai-ethics"
    assert item.status == NewsStatus.DRAFT
    assert item.title == {"en": "A new report on AI ethics", "ru": "Новый доклад об этике ИИ"}
    assert list(item.publications.all()) == [report]

    assert (
        client.post(
            reverse("library:news_state", args=[item.slug]), {"action": "publish"}
        ).status_code
        == 403
    )
    client.logout()
    assert client.get(item.get_absolute_url()).status_code == 404
    assert str(item.title) not in client.get(reverse("library:news")).content.decode()


def test_bad_input_is_named_and_nothing_is_written(client, editor):
    """A missing title or an unknown publication address is refused with its reason."""
    client.force_login(editor)
    response = client.post(
        reverse("library:news_create"), _form(title_en="", publications="no-such-report")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["title"] == ["Enter the text in at least one language."]
    assert errors["publications"] == ["No publication has the address: no-such-report."]
    assert not NewsItem.objects.exists()

    _published_news(title={"en": "Taken"}, slug="taken")
    response = client.post(reverse("library:news_create"), _form(slug="taken"))
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert NewsItem.objects.count() == 1


def test_an_officer_publishes_and_readers_see_it_in_their_language(client, officer):
    """Published, the item is on the news list and its page; a Russian reader reads it in
    Russian; taken back to draft, it disappears again."""
    item = news.news_create(
        title={"en": "Library opens", "ru": "Библиотека открыта"},
        summary={"en": "Reports in six languages."},
    )
    client.force_login(officer)
    client.post(reverse("library:news_state", args=[item.slug]), {"action": "publish"})
    item.refresh_from_db()
    assert item.status == NewsStatus.PUBLISHED and item.published_at is not None
    client.logout()
    assert "Library opens" in client.get(reverse("library:news")).content.decode()
    with translation.override("ru"):
        page = client.get(item.get_absolute_url()).content.decode()
    assert "Библиотека открыта" in page
    assert "Reports in six languages." in page

    client.force_login(officer)
    client.post(reverse("library:news_state", args=[item.slug]), {"action": "unpublish"})
    client.logout()
    assert client.get(item.get_absolute_url()).status_code == 404


def test_readers_and_signed_in_people_cannot_reach_the_staff_pages(client):
    """The news staff pages are for library staff only."""
    assert client.get(reverse("library:news_manage")).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse("library:news_manage")).status_code == 403
    assert client.get(reverse("library:news_create")).status_code == 403


def test_the_feeds_are_valid_and_in_the_visitors_language(client):
    """RSS 2.0 and Atom feeds of publications and news parse without error in an
    independent parser, say their language and give the texts in it."""
    make_publication(
        status="published",
        title={"en": "Digital skills", "fr": "Compétences numériques"},
        abstract={"en": "What teachers need.", "fr": "Ce dont les enseignants ont besoin."},
        date_published=datetime.date(2026, 4, 2),
    )
    _published_news(title={"en": "Launch", "fr": "Lancement"}, summary={"en": "Today."})
    expected = {
        "feed_publications_rss": ("rss20", "Compétences numériques"),
        "feed_publications_atom": ("atom10", "Compétences numériques"),
        "feed_news_rss": ("rss20", "Lancement"),
        "feed_news_atom": ("atom10", "Lancement"),
    }
    for name, (version, title) in expected.items():
        with translation.override("fr"):
            url = reverse(f"library:{name}")
        assert url.startswith("/fr/library/feeds/")
        response = client.get(url)
        assert response.status_code == 200
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.version == version
        assert parsed.feed.get("language", "") == "fr"
        assert [entry.title for entry in parsed.entries] == [title]
        entry = parsed.entries[0]
        assert entry.link.startswith(f"{settings.SITE_URL}/fr/library/")
        assert entry.get("published_parsed") or entry.get("updated_parsed")
    publications = feedparser.parse(client.get("/fr/library/feeds/publications.rss").content)
    assert publications.entries[0].summary == "Ce dont les enseignants ont besoin."


def test_library_pages_link_to_the_feeds(client):
    """The catalogue and the news list announce the feeds with <link rel="alternate">."""
    for url in (reverse("library:catalogue"), reverse("library:news")):
        page = client.get(url).content.decode()
        assert (
            f'<link rel="alternate" type="application/atom+xml" title="Library news (Atom)" '
            f'href="{reverse("library:feed_news_atom")}">'
        ) in page
        assert reverse("library:feed_publications_rss") in page


def test_the_home_page_shows_the_latest_news(client):
    """The home page's news section lists the newest published items only."""
    _published_news(title={"en": "Published item"})
    news.news_create(title={"en": "Draft item"})
    page = client.get("/en/").content.decode()
    assert "Published item" in page
    assert "Draft item" not in page


def test_publishing_keeps_the_first_date():
    """Taking an item back and publishing it again keeps its first publication date."""
    item = _published_news(title={"en": "Kept"})
    first = item.published_at
    news.news_unpublish(item=item)
    item = news.news_publish(item=item)
    assert item.published_at == first
    assert first is not None and first <= timezone.now()


def test_the_news_list_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    """Twenty-five published items: the first page of twenty in a bounded number of queries."""
    for number in range(25):
        _published_news(title={"en": f"Item {number}"})
    with django_assert_max_num_queries(8):
        page = client.get(reverse("library:news")).content.decode()
    assert page.count('<article aria-labelledby="news-') == 20
    assert 'rel="next"' in page

import pytest
from django.db import DatabaseError

pytestmark = pytest.mark.django_db


def test_health_reports_the_database(client):
    """The health endpoint answers 200 with the database status."""
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_is_503_when_the_database_fails(client, monkeypatch):
    """A failing database gives 503, not a 500 page."""

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("down")

    monkeypatch.setattr("iite.core.views.connection.cursor", broken_cursor)
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.parametrize(
    ("code", "direction"),
    [("en", "ltr"), ("fr", "ltr"), ("es", "ltr"), ("ar", "rtl"), ("ru", "ltr"), ("zh-hans", "ltr")],
)
def test_home_page_in_each_language(client, code, direction):
    """Every UI language serves the home page, Arabic right-to-left."""
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{code}" dir="{direction}">' in html
    assert 'href="#main"' in html and 'id="main"' in html


def test_unknown_page_is_404_not_500(client):
    """A mistyped address gives the 404 page."""
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_home_page_requests_nothing_from_other_hosts(client):
    """No CDN, no web font: every asset comes from the platform itself."""
    html = client.get("/en/").content.decode()
    assert "http://" not in html.replace("http://www.w3.org", "")
    assert "https://" not in html.replace("https://www.w3.org", "")


@pytest.mark.parametrize(
    ("code", "skip_link"),
    [
        ("ar", "الانتقال إلى المحتوى الرئيسي"),
        ("zh-hans", "跳至主要内容"),
        ("fr", "Aller au contenu principal"),
    ],
)
def test_layout_is_translated(client, code, skip_link):
    """The compiled catalogues translate the layout, not only the lang attribute."""
    assert skip_link in client.get(f"/{code}/").content.decode()


def test_language_links_point_to_the_same_page_in_each_language(client):
    """The switcher links every UI language to the page being read."""
    html = client.get("/en/no-such-page/").content.decode()
    for code in ("fr", "es", "ar", "ru", "zh-hans"):
        assert f'href="/{code}/no-such-page/" hreflang="{code}"' in html


def test_pages_are_compressed_for_browsers_that_accept_gzip(client):
    """A slow connection receives the HTML gzipped, not the full page."""
    response = client.get("/en/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"

"""The search page and the API: passages marked, facets, paging, bounded input."""

from __future__ import annotations

import datetime

import pytest

from iite.library.services import theme_ensure

from .factories import make_publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf():
    theme = theme_ensure(slug="oer", name={"en": "Open educational resources"})
    toolkit = make_publication(
        title={"en": "Open licensing toolkit"},
        abstract={"en": "How ministries adopt open licences for textbooks."},
        kind="guidance",
        themes=[theme],
        files={"en": "Open licences let teachers adapt textbooks freely"},
        status="published",
        date_published=datetime.date(2025, 5, 1),
    )
    brief = make_publication(
        title={"en": "Cyberbullying prevention brief"},
        abstract={"en": "Peer support reduces cyberbullying."},
        kind="policy_brief",
        files={"fr": "La prevention du harcelement en ligne"},
        status="published",
        date_published=datetime.date(2026, 2, 1),
    )
    make_publication(title={"en": "Unpublished textbooks draft"})
    return toolkit, brief


def test_the_search_page_marks_the_passage_that_matched(client, shelf):
    toolkit, _brief = shelf
    html = client.get("/en/library/?q=textbooks").content.decode()
    assert "1 publication found" in html or "2 publications found" in html
    assert f'<a href="/en/library/{toolkit.slug}/">Open licensing toolkit</a>' in html
    assert "<mark>textbooks</mark>" in html
    assert "Unpublished" not in html


def test_facets_count_and_filter(client, shelf):
    html = client.get("/en/library/").content.decode()
    assert "2 publications found" in html
    assert 'href="?kind=policy_brief">Policy brief</a> (1)' in html
    assert 'href="?language=fr" lang="fr">French</a> (1)' in html
    assert 'href="?year=2025">2025</a> (1)' in html
    assert 'href="?theme=oer">Open educational resources</a> (1)' in html
    html = client.get("/en/library/?language=fr").content.decode()
    assert "1 publication found" in html and "Cyberbullying prevention brief" in html
    # Unknown values are ignored rather than failing.
    assert client.get("/en/library/?year=abc&kind=novel&page=-3&language=xx").status_code == 200


def test_htmx_gets_the_results_fragment_only(client, shelf):
    html = client.get(
        "/en/library/?q=cyberbullying", headers={"HX-Request": "true"}
    ).content.decode()
    assert html.startswith('<div id="library-results"')
    assert "<html" not in html


def test_the_api_searches_and_describes_publications(client, shelf):
    toolkit, _brief = shelf
    data = client.get("/api/library/search", {"q": "textbooks", "limit": 5}).json()
    assert data["items"][0]["publication"]["slug"] == toolkit.slug
    assert "<mark>textbooks</mark>" in data["items"][0]["passage"]
    assert {facet["value"] for facet in data["facets"]["kind"]} <= {"guidance", "policy_brief"}
    detail = client.get(f"/api/library/{toolkit.slug}").json()
    assert detail["licence"] == "CC-BY-SA-3.0-IGO"
    assert detail["files"][0]["language"] == "en"
    capped = client.get("/api/library/search", {"limit": 500})
    assert capped.status_code == 200 and len(capped.json()["items"]) <= 50
    assert client.get("/api/library/search", {"limit": 0}).status_code == 400
    draft_slug = "unpublished-textbooks-draft"
    assert client.get(f"/api/library/{draft_slug}").status_code == 404
    schema = client.get("/api/openapi.json").json()
    assert "/api/library/search" in schema["paths"]

"""Landing pages, downloads and citation exports, as readers and reference managers see them."""

from __future__ import annotations

import datetime
import json
import re
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

import bibtexparser
import pytest
import rispy
from django.urls import reverse

from iite.core.tests.test_security_headers import inline_code
from iite.library.citations import DATACITE_NS, XML_NS
from iite.library.services import ContributorData

from .factories import make_publication

pytestmark = pytest.mark.django_db


class MetaAndLd(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta" and (values.get("name") or "").startswith("citation_"):
            self.meta.append((values["name"], values["content"]))
        self._in_ld = tag == "script" and values.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.ld.append(data)

    def handle_endtag(self, tag):
        self._in_ld = False


@pytest.fixture
def report():
    return make_publication(
        title={"en": "AI ethics in schools", "ru": "Этика ИИ в школах"},
        abstract={
            "en": "How schools use AI ethically.",
            "ru": "Как школы используют ИИ этично.",
            "ar": "كيف تستخدم المدارس الذكاء الاصطناعي",
        },
        kind="policy_brief",
        doi="10.5281/zenodo.12345",
        contributors=[
            ContributorData("Ivanova", "Anna Maria", orcid="0000-0002-1825-0097"),
            ContributorData("UNESCO IITE", kind="organisation", ror="05gq02987"),
        ],
        files={"en": "AI ethics in schools, full text", "ru": "Etika II v shkolakh"},
        status="published",
        date_published=datetime.date(2026, 3, 10),
    )


def test_the_landing_page_shows_the_abstract_in_the_reader_s_language(client, report):
    """A Russian reader gets the Russian abstract; the others are one click away."""
    html = client.get(f"/ru/library/{report.slug}/").content.decode()
    assert (
        '<div lang="ru" dir="ltr" class="publication-abstract"><p>Как школы используют ИИ этично.</p></div>'
        in html
    )
    assert 'href="?abstract=en#abstract-title" lang="en" hreflang="en">English</a>' in html
    assert 'href="?abstract=ar#abstract-title" lang="ar" hreflang="ar">العربيّة</a>' in html
    html = client.get(f"/ru/library/{report.slug}/?abstract=ar").content.decode()
    assert (
        '<div lang="ar" dir="rtl" class="publication-abstract"><p>كيف تستخدم المدارس الذكاء الاصطناعي</p></div>'
        in html
    )


def test_every_file_shows_its_language_and_size_and_downloads(client, report):
    response = client.get(f"/en/library/{report.slug}/")
    html = response.content.decode()
    for file in report.files.all():
        assert f'href="/en/library/{report.slug}/{file.language}/download/"' in html
    assert re.search(
        r'<span lang="ru">Русский</span></a>\s*<span class="meta">— PDF, \d+[\xa0 ]bytes, 1 page</span>',
        html,
    )
    download = client.get(f"/en/library/{report.slug}/ru/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Language"] == "ru"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert client.get(f"/en/library/{report.slug}/fr/download/").status_code == 404


def test_highwire_tags_and_json_ld_describe_the_publication(client, report):
    html = client.get(f"/en/library/{report.slug}/").content.decode()
    parser = MetaAndLd()
    parser.feed(html)
    meta = parser.meta
    assert ("citation_title", "AI ethics in schools") in meta
    assert [value for name, value in meta if name == "citation_author"] == [
        "Anna Maria Ivanova",
        "UNESCO IITE",
    ]
    assert ("citation_publication_date", "2026/03/10") in meta
    assert ("citation_doi", "10.5281/zenodo.12345") in meta
    pdfs = [value for name, value in meta if name == "citation_pdf_url"]
    assert pdfs[0].endswith(f"/library/{report.slug}/en/download/") and len(pdfs) == 2
    data = json.loads(parser.ld[0])
    assert data["@type"] == "Report"
    assert data["name"] == "AI ethics in schools"
    assert data["datePublished"] == "2026-03-10"
    assert data["author"][0] == {
        "@type": "Person",
        "name": "Anna Maria Ivanova",
        "familyName": "Ivanova",
        "givenName": "Anna Maria",
        "identifier": "https://orcid.org/0000-0002-1825-0097",
    }
    assert data["license"] == "https://creativecommons.org/licenses/by-sa/3.0/igo/"
    # The JSON-LD block is data, not script: the page still holds no inline code.
    assert inline_code(html) == []


def test_cite_as_apa_and_chicago(client, report):
    html = client.get(f"/en/library/{report.slug}/").content.decode()
    assert (
        "Ivanova, A. M., &amp; UNESCO IITE (2026). AI ethics in schools. UNESCO Institute for "
        "Information Technologies in Education. https://doi.org/10.5281/zenodo.12345"
    ) in html
    assert (
        "Ivanova, Anna Maria, and UNESCO IITE. AI ethics in schools. UNESCO Institute for "
        "Information Technologies in Education, 2026. https://doi.org/10.5281/zenodo.12345."
    ) in html


def test_bibtex_export_parses_back(client, report):
    response = client.get(f"/en/library/{report.slug}/cite.bib")
    assert response["Content-Disposition"] == f'attachment; filename="{report.slug}.bib"'
    entries = bibtexparser.loads(response.content.decode()).entries
    assert len(entries) == 1
    entry = entries[0]
    assert entry["ENTRYTYPE"] == "techreport"
    assert entry["title"] == "{AI ethics in schools}"
    assert entry["author"] == "Ivanova, Anna Maria and {UNESCO IITE}"
    assert (entry["year"], entry["doi"], entry["language"]) == (
        "2026",
        "10.5281/zenodo.12345",
        "en",
    )


def test_ris_export_parses_back(client, report):
    response = client.get(f"/en/library/{report.slug}/cite.ris")
    (entry,) = rispy.loads(response.content.decode())
    assert entry["type_of_reference"] == "RPRT"
    assert entry["authors"] == ["Ivanova, Anna Maria", "UNESCO IITE"]
    assert entry["title"] == "AI ethics in schools"
    assert entry["year"] == "2026"
    assert entry["doi"] == "10.5281/zenodo.12345"
    assert entry["abstract"] == "How schools use AI ethically."


def test_datacite_xml_has_the_kernel_4_structure(client, report):
    """The mandatory properties of DataCite 4 (identifier, creators, titles, publisher,
    publicationYear, resourceType), with languages on titles and abstracts."""
    response = client.get(f"/en/library/{report.slug}/cite.datacite")
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    ns = {"d": DATACITE_NS}
    assert root.tag == f"{{{DATACITE_NS}}}resource"
    assert root.find("d:identifier", ns).attrib == {"identifierType": "DOI"}
    assert root.find("d:identifier", ns).text == "10.5281/zenodo.12345"
    creators = root.findall("d:creators/d:creator", ns)
    assert [c.find("d:creatorName", ns).text for c in creators] == [
        "Ivanova, Anna Maria",
        "UNESCO IITE",
    ]
    assert creators[0].find("d:nameIdentifier", ns).attrib["nameIdentifierScheme"] == "ORCID"
    assert creators[1].find("d:creatorName", ns).attrib["nameType"] == "Organizational"
    titles = {t.attrib[f"{{{XML_NS}}}lang"]: t.text for t in root.findall("d:titles/d:title", ns)}
    assert titles == {"en": "AI ethics in schools", "ru": "Этика ИИ в школах"}
    assert root.find("d:publisher", ns).text.startswith("UNESCO")
    assert root.find("d:publicationYear", ns).text == "2026"
    assert root.find("d:resourceType", ns).attrib["resourceTypeGeneral"] == "Report"
    rights = root.find("d:rightsList/d:rights", ns)
    assert rights.attrib["rightsIdentifier"] == "cc-by-sa-3.0-igo"
    descriptions = root.findall("d:descriptions/d:description", ns)
    assert {d.attrib[f"{{{XML_NS}}}lang"] for d in descriptions} == {"en", "ru", "ar"}


def test_drafts_are_not_public_but_staff_preview_them(client, editor):
    draft = make_publication(files={"en": "secret draft"})
    assert client.get(f"/en/library/{draft.slug}/").status_code == 404
    assert client.get(f"/en/library/{draft.slug}/en/download/").status_code == 404
    assert client.get(f"/en/library/{draft.slug}/cite.bib").status_code == 404
    client.force_login(editor)
    html = client.get(f"/en/library/{draft.slug}/").content.decode()
    assert "Preview for staff: this publication is not public (Draft)." in html
    assert "citation_title" not in html


def test_a_withdrawn_publication_keeps_its_page_and_says_so(client):
    gone = make_publication(status="withdrawn")
    html = client.get(f"/en/library/{gone.slug}/").content.decode()
    assert "This publication has been withdrawn." in html
    assert "citation_title" not in html


def test_related_publications_share_themes(client, report):
    from iite.library.services import theme_ensure

    theme = theme_ensure(slug="ai-ethics", name={"en": "AI ethics"})
    report.themes.add(theme)
    other = make_publication(title={"en": "Ethics toolkit"}, status="published", themes=[theme])
    make_publication(title={"en": "Unrelated"}, status="published")
    html = client.get(f"/en/library/{report.slug}/").content.decode()
    assert f'<a href="/en/library/{other.slug}/" lang="en">Ethics toolkit</a>' in html
    assert "Unrelated" not in html


def test_the_home_page_lists_new_publications(client, report):
    draft = make_publication(title={"en": "Unfinished draft"})
    html = client.get(reverse("core:home")).content.decode()
    assert "New publications" in html
    assert "AI ethics in schools" in html
    assert str(draft.title) not in html

"""The issuer's official name in the reader's language on the credential page and the PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from iite.accounts.tests.factories import UserFactory
from iite.credentials import documents, services
from iite.credentials.tests.factories import AchievementFactory

pytestmark = pytest.mark.django_db

RUSSIAN_NAME = "Институт ЮНЕСКО по информационным технологиям в образовании"


def test_issuer_name_in_each_language_falls_back_to_english():
    """Each UN language has the institute's own name; any other code gives the English one."""
    assert documents.issuer_name("fr").startswith("Institut de l'UNESCO")
    assert documents.issuer_name("zh-hans") == "教科文组织教育信息技术研究所"
    assert documents.issuer_name("kk") == documents.ISSUER_NAME
    assert set(documents.ISSUER_NAMES) == {"en", "fr", "es", "ar", "ru", "zh-hans"}


def test_credential_page_names_the_issuer_in_the_pages_language(client):
    """The Arabic and Russian pages show the institute's Arabic and Russian names, not English."""
    credential = services.credential_issue(
        achievement=AchievementFactory(), recipient=UserFactory(preferred_language="ar")
    )
    arabic = client.get(f"/ar/credentials/{credential.uuid}/").content.decode()
    assert documents.ISSUER_NAMES["ar"] in arabic
    assert documents.ISSUER_NAME not in arabic
    russian = client.get(f"/ru/credentials/{credential.uuid}/").content.decode()
    assert RUSSIAN_NAME in russian


def test_pdf_names_the_issuer_in_the_credentials_language(client):
    """A Russian learner's certificate prints the institute's Russian name."""
    credential = services.credential_issue(
        achievement=AchievementFactory(name={"en": "AI competencies", "ru": "Компетенции в ИИ"}),
        recipient=UserFactory(preferred_language="ru"),
    )
    response = client.get(f"/en/credentials/{credential.uuid}/certificate.pdf")
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert RUSSIAN_NAME in text
    assert documents.ISSUER_NAME not in text


def test_the_json_keeps_the_english_name(client):
    """The signed JSON-LD keeps one string name (Open Badges 3.0 types it as a string)."""
    credential = services.credential_issue(
        achievement=AchievementFactory(), recipient=UserFactory(preferred_language="ar")
    )
    assert credential.document["issuer"]["name"] == documents.ISSUER_NAME


def test_a_missing_translation_is_marked_english_inside_an_arabic_page(client):
    """An achievement named only in English shows on the Arabic page as lang="en" dir="ltr"."""
    credential = services.credential_issue(
        achievement=AchievementFactory(name={"en": "Digital skills"}, description={"en": "Done."}),
        recipient=UserFactory(preferred_language="ar"),
    )
    html = client.get(f"/ar/credentials/{credential.uuid}/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert '<h1 id="credential-title" lang="en" dir="ltr">Digital skills</h1>' in html
    assert "<title>Digital skills · UNESCO IITE</title>" in html
    assert '<meta property="og:title" content="Digital skills">' in html

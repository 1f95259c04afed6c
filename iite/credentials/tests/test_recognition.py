"""Recognition as people expect it: a badge image, a certificate with a name, sharing."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import Permission
from pypdf import PdfReader

from iite.accounts.tests.factories import UserFactory
from iite.credentials import services

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def issued(achievement, learner):
    learner.preferred_language = "en"
    learner.save()
    return services.credential_issue(achievement=achievement, recipient=learner)


def test_credential_names_the_achievement_badge_image(issued, achievement):
    """Achievement.image is the badge SVG beside the achievement page, captioned with its name."""
    image = issued.document["credentialSubject"]["achievement"]["image"]
    assert image == {
        "id": f"https://platform.iite.test/credentials/achievements/{achievement.code}/badge.svg",
        "type": "Image",
        "caption": "AI competencies for teachers",
    }


def test_badge_is_an_accessible_svg(client, achievement):
    """The badge is SVG with a title and description screen readers announce, in the language."""
    response = client.get(f"/en/credentials/achievements/{achievement.code}/badge.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own output
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "badge-title badge-desc"
    assert root.find(f"{SVG}title").text == "AI competencies for teachers"
    assert "UNESCO Institute for Information Technologies in Education" in (
        root.find(f"{SVG}desc").text
    )
    arabic = ElementTree.fromstring(  # noqa: S314 - our own output
        client.get(f"/ar/credentials/achievements/{achievement.code}/badge.svg").content
    )
    assert arabic.get("lang") == "ar"
    assert arabic.find(f"{SVG}title").text == "كفايات الذكاء الاصطناعي للمعلمين"
    assert "معهد اليونسكو لتكنولوجيات المعلومات في التعليم" in arabic.find(f"{SVG}desc").text


def test_public_page_shares_the_credential(client, issued):
    """LinkedIn's add-certification form, JSON, PDF, a copyable link and Open Graph tags."""
    html = client.get(f"/en/credentials/{issued.uuid}/").content.decode()
    public_url = f"https://platform.iite.test/credentials/{issued.uuid}/"
    assert f'<input id="credential-link" type="url" readonly value="{public_url}"' in html
    assert f'<meta property="og:url" content="{public_url}">' in html
    assert '<meta property="og:title" content="AI competencies for teachers">' in html
    assert f"/credentials/achievements/{issued.achievement.code}/badge.svg" in html
    assert f"/en/credentials/{issued.uuid}/credential.json" in html
    assert f"/en/credentials/{issued.uuid}/certificate.pdf" in html
    assert '<p class="banner ok" role="status"><strong>Verified</strong>' in html
    start = html.index("https://www.linkedin.com/profile/add?")
    link = html[start : html.index('"', start)].replace("&amp;", "&")
    query = parse_qs(urlsplit(link).query)
    assert query == {
        "startTask": ["CERTIFICATION_NAME"],
        "name": ["AI competencies for teachers"],
        "organizationName": ["UNESCO Institute for Information Technologies in Education"],
        "issueYear": [str(issued.issued_at.year)],
        "issueMonth": [str(issued.issued_at.month)],
        "certUrl": [public_url],
        "certId": [str(issued.uuid)],
    }
    assert "Add to LinkedIn profile" in html


def test_revoked_page_says_so_and_offers_no_linkedin(client, issued):
    """A revoked credential's page opens with a revoked banner and cannot be added to a profile."""
    officer = UserFactory()
    officer.user_permissions.add(Permission.objects.get(codename="revoke_credential"))
    officer = type(officer).objects.get(pk=officer.pk)
    services.credential_revoke(credential=issued, by=officer, reason="Issued in error.")
    html = client.get(f"/en/credentials/{issued.uuid}/").content.decode()
    assert '<p class="banner danger" role="status"><strong>Revoked</strong>' in html
    assert "linkedin.com" not in html
    assert '<meta property="og:description" content="Revoked · ' in html


def test_certificate_pdf_names_the_holder_for_them_only(client, issued, learner):
    """The learner's own PDF names them in large type with a signature line; others' do not."""
    learner.name = "Amina Diallo"
    learner.save()
    client.force_login(learner)
    response = client.get(f"/en/credentials/{issued.uuid}/certificate.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Amina Diallo" in text
    assert "Awarded to" in text
    assert "Director, UNESCO IITE" in text
    client.logout()
    response = client.get(f"/en/credentials/{issued.uuid}/certificate.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Amina Diallo" not in text
    assert "Awarded to whoever holds this certificate" in text
    assert "Director, UNESCO IITE" in text

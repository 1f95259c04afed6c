"""Staff pages: create and edit publications, upload language versions, move states."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from iite.accounts.tests.factories import UserFactory
from iite.library.models import Publication

from .factories import make_publication, simple_pdf

pytestmark = pytest.mark.django_db


def _form(**values):
    data = {
        "title_en": "Guidance on AI tutors",
        "title_fr": "Guide sur les tuteurs IA",
        "abstract_en": "What schools should check.",
        "original_language": "en",
        "kind": "guidance",
        "contributors": "Diallo, Awa | author | 0000-0002-1825-0097\nUNESCO IITE | editor | 05gq02987",
        "licence": "CC-BY-SA-3.0-IGO",
        "doi": "",
        "handle": "",
    }
    data.update(values)
    return data


def test_only_library_staff_reach_the_pages(client):
    publication = make_publication()
    assert client.get("/en/library/manage/").status_code == 302  # to sign in
    client.force_login(UserFactory())
    assert client.get("/en/library/manage/").status_code == 403
    assert client.get(f"/en/library/manage/{publication.slug}/").status_code == 403


def test_an_editor_creates_a_draft_with_contributors(client, editor):
    client.force_login(editor)
    response = client.post("/en/library/manage/new/", _form())
    publication = Publication.objects.get()
    assert response.url == f"/en/library/manage/{publication.slug}/"
    assert publication.status == "draft"
    assert dict(publication.title) == {
        "en": "Guidance on AI tutors",
        "fr": "Guide sur les tuteurs IA",
    }
    assert [
        (c.kind, c.display_name, c.role, c.orcid, c.ror) for c in publication.contributors.all()
    ] == [
        ("person", "Awa Diallo", "author", "0000-0002-1825-0097", ""),
        ("organisation", "UNESCO IITE", "editor", "", "05gq02987"),
    ]
    assert publication.activity.kind == "guidance"


def test_bad_contributors_and_identifiers_are_named_and_nothing_is_written(client, editor):
    client.force_login(editor)
    response = client.post(
        "/en/library/manage/new/",
        _form(contributors="Diallo, Awa | author | 0000-0002-1825-0098\nX | boss", doi="doi:12"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["contributors"] == [
        "Line 2: the role must be one of: author, editor, contributor, translator, reviewer."
    ]
    assert form.errors["doi"] == ["Enter a DOI such as 10.5281/zenodo.12345."]
    response = client.post(
        "/en/library/manage/new/", _form(contributors="Diallo, Awa | author | 0000-0002-1825-0098")
    )
    assert response.context["form"].errors["contributors"] == [
        "This ORCID iD is not valid: 16 digits such as 0000-0002-1825-0097."
    ]
    assert Publication.objects.count() == 0


def test_an_editor_uploads_a_language_version_and_sends_to_review_but_cannot_publish(
    client, editor
):
    publication = make_publication()
    client.force_login(editor)
    upload = SimpleUploadedFile(
        "guide.pdf", simple_pdf(["Guide in French"]), content_type="application/pdf"
    )
    response = client.post(
        f"/en/library/manage/{publication.slug}/files/",
        {"language": "fr", "file": upload, "isbn": "978-3-16-148410-0"},
    )
    assert response.status_code == 302
    file = publication.files.get()
    assert (file.language, file.isbn, file.page_count) == ("fr", "9783161484100", 1)
    page = client.get(f"/en/library/manage/{publication.slug}/").content.decode()
    assert 'value="review"' in page and 'value="published"' not in page
    client.post(f"/en/library/manage/{publication.slug}/status/", {"status": "review"})
    publication.refresh_from_db()
    assert publication.status == "review"
    response = client.post(
        f"/en/library/manage/{publication.slug}/status/", {"status": "published"}, follow=True
    )
    publication.refresh_from_db()
    assert publication.status == "review"
    assert "This change of state is not allowed." in response.content.decode()


def test_a_bad_file_is_refused_with_its_reason(client, editor):
    publication = make_publication()
    client.force_login(editor)
    upload = SimpleUploadedFile("broken.pdf", b"%PDF-1.4 broken", content_type="application/pdf")
    response = client.post(
        f"/en/library/manage/{publication.slug}/files/", {"language": "en", "file": upload}
    )
    assert response.context["form"].errors["file"] == [
        "This PDF cannot be read; export it again and upload it."
    ]
    assert publication.files.count() == 0


def test_a_reviewer_publishes_and_the_page_goes_public(client, reviewer):
    publication = make_publication(status="review")
    client.force_login(reviewer)
    response = client.post(
        f"/en/library/manage/{publication.slug}/status/", {"status": "published"}
    )
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.status == "published" and publication.date_published is not None
    client.logout()
    assert client.get(f"/en/library/{publication.slug}/").status_code == 200


def test_the_list_shows_publications_by_state(client, editor, django_assert_max_num_queries):
    make_publication(title={"en": "Draft one"})
    make_publication(title={"en": "Out already"}, status="published")
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        html = client.get("/en/library/manage/?status=draft").content.decode()
    assert "Draft one" in html and "Out already" not in html

"""A best practice's context, level and evidence, and the files sent with it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from iite.accounts.selectors import user_data_export
from iite.accounts.services import account_delete
from iite.accounts.tests.factories import UserFactory
from iite.library.models import PracticeFile, PracticeSubmission, PracticeSubmissionStatus
from iite.library.practice_files import MAX_BYTES, PracticeUpload
from iite.library.search import SearchFilters, library_search
from iite.library.services import (
    practice_accept,
    practice_changes_request,
    practice_submission_update,
)

from .factories import simple_pdf
from .test_practices import _form, moderator, submit

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf_upload(name: str = "lesson-plan.pdf", text: str = "Lesson plan") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, simple_pdf([text]), content_type="application/pdf")


def png_upload(name: str = "classroom.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


# --- Context, level and evidence -------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"context": " "}, "context"),
        ({"level": ""}, "level"),
        ({"level": "nursery"}, "level"),
        ({"evidence": ""}, "evidence"),
        ({"context": "x" * 4001}, "context"),
        ({"evidence": "x" * 4001}, "evidence"),
    ],
)
def test_the_details_are_required_and_validated_naming_the_field(
    values: dict[str, str], field: str
) -> None:
    """A practice sent on the website needs its context, level and evidence; the error
    names the field and nothing is written."""
    with pytest.raises(ValidationError) as error:
        submit(**values)
    assert field in error.value.message_dict
    assert not PracticeSubmission.objects.exists()


def test_a_post_promoted_from_the_community_may_come_without_details() -> None:
    submission = submit(origin="community", context="", level="", evidence="")
    assert (submission.context, submission.level, submission.evidence) == ("", "", "")


def test_the_form_asks_for_the_details_and_names_the_missing_ones(client: Any) -> None:
    client.force_login(UserFactory())
    page = client.get("/en/library/practices/submit/").content.decode()
    for name in ("context", "level", "evidence"):
        assert f'name="{name}"' in page
    assert "Upper secondary education" in page
    assert 'enctype="multipart/form-data"' in page
    response = client.post(
        "/en/library/practices/submit/", _form(context="", level="", evidence="")
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"context", "level", "evidence"}
    assert not PracticeSubmission.objects.exists()


def test_reviewers_and_the_edit_after_changes_keep_the_details(client: Any) -> None:
    """The queue shows the level; the review page the context and evidence; the author's
    form, after changes are requested, holds them and saves them again."""
    author = UserFactory()
    submission = submit(
        submitter=author,
        level="upper_secondary",
        context="A lycée of 1,200 students in a port town.",
        evidence="Attendance at the debate club doubled.",
    )
    reviewer = moderator()
    client.force_login(reviewer)
    queue = client.get("/en/library/manage/practices/").content.decode()
    assert "Upper secondary education" in queue
    review = client.get(f"/en/library/manage/practices/{submission.pk}/").content.decode()
    assert "A lycée of 1,200 students in a port town." in review
    assert "Attendance at the debate club doubled." in review
    practice_changes_request(submission=submission, reviewer=reviewer, notes="Which subject?")
    client.force_login(author)
    form = client.get(f"/en/library/practices/{submission.pk}/edit/").context["form"]
    assert form.initial["context"] == "A lycée of 1,200 students in a port town."
    assert form.initial["level"] == "upper_secondary"
    response = client.post(
        f"/en/library/practices/{submission.pk}/edit/",
        _form(
            level="upper_secondary",
            context="A lycée of 1,200 students; history lessons.",
            evidence="Attendance at the debate club doubled.",
        ),
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == PracticeSubmissionStatus.SUBMITTED
    assert submission.context == "A lycée of 1,200 students; history lessons."
    assert submission.level == "upper_secondary"


def test_the_published_practice_shows_and_is_found_by_its_details(client: Any) -> None:
    """The publication's text holds the level, context and evidence in the practice's
    language, its page shows them, and search finds the practice by its evidence even
    when a PDF became its language version."""
    submission = submit(
        language="fr",
        title="Le jardin de sciences",
        level="primary",
        context="Une école rurale de six classes.",
        evidence="Les carnets d'observation montrent une meilleure compréhension.",
        files=[PracticeUpload(1, pdf_upload(text="Plan of the garden"))],
    )
    accepted = practice_accept(submission=submission, reviewer=moderator())
    publication = accepted.publication
    assert publication is not None
    abstract = publication.abstract.get("fr")
    assert abstract.startswith(submission.summary)
    assert "Une école rurale de six classes." in abstract
    assert "Les carnets d'observation" in abstract
    assert publication.files.get().language == "fr"
    page = client.get(publication.get_absolute_url()).content.decode()
    assert "Une école rurale de six classes." in page
    assert "Primary education" in page
    found = library_search(SearchFilters(q="carnets d'observation compréhension"), limit=3)
    assert publication in [result.publication for result in found.results]


# --- Files ---------------------------------------------------------------------------


def test_files_are_stored_under_random_names_and_served_to_the_permitted(client: Any) -> None:
    """A PDF and a described image are stored with the submission under random names;
    the submitter and moderators download them (never rendered as a page), anyone else
    gets a 404."""
    author = UserFactory()
    client.force_login(author)
    response = client.post(
        "/en/library/practices/submit/",
        {
            **_form(),
            "file_1": pdf_upload(),
            "file_2": png_upload(),
            "alt_2": "Pupils reading around a radio set",
        },
    )
    assert response.status_code == 302
    submission = PracticeSubmission.objects.get()
    pdf, image = list(submission.files.order_by("pk"))
    assert (pdf.name, pdf.content_type, pdf.alt) == ("lesson-plan.pdf", "application/pdf", "")
    assert (image.content_type, image.alt) == ("image/png", "Pupils reading around a radio set")
    for item in (pdf, image):
        stored = str(item.file.name)
        assert stored.startswith("library/practices/")
        assert "lesson" not in stored and "classroom" not in stored
    page = client.get(f"/en/library/practices/{submission.pk}/").content.decode()
    assert pdf.get_absolute_url() in page and "Pupils reading around a radio set" in page
    download = client.get(pdf.get_absolute_url())
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    client.force_login(UserFactory())
    assert client.get(pdf.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(pdf.get_absolute_url()).status_code == 404
    client.force_login(moderator())
    moderated = client.get(image.get_absolute_url())
    assert moderated.status_code == 200
    b"".join(moderated.streaming_content)


@pytest.mark.parametrize(
    ("files", "field", "message"),
    [
        (
            {"file_1": SimpleUploadedFile("plan.pdf", b"<html><script>x</script></html>")},
            "file_1",
            "The file's content does not match its .pdf extension.",
        ),
        (
            {"file_1": SimpleUploadedFile("plan.exe", b"MZ\x90\x00")},
            "file_1",
            "Files of type .exe are not accepted; use one of: "
            ".docx, .gif, .jpeg, .jpg, .odt, .pdf, .png, .webp.",
        ),
        (
            {"file_1": SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * MAX_BYTES)},
            "file_1",
            "The file is larger than 10 MB.",
        ),
        ({"file_2": png_upload(), "alt_2": " "}, "alt_2", "Describe the image in words"),
    ],
)
def test_a_refused_file_names_its_field_and_nothing_is_written(
    client: Any, files: dict[str, Any], field: str, message: str
) -> None:
    client.force_login(UserFactory())
    response = client.post("/en/library/practices/submit/", {**_form(), **files})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)
    assert not PracticeSubmission.objects.exists()
    assert not PracticeFile.objects.exists()


def test_at_most_three_files_and_the_edit_removes_and_adds(
    client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Four files are refused by the service; the author's edit removes one and adds
    another, and a fourth one on top of three is refused, all or nothing."""
    with pytest.raises(ValidationError) as error:
        submit(files=[PracticeUpload(slot, pdf_upload(f"{slot}.pdf")) for slot in (1, 2, 3, 4)])
    assert "file_1" in error.value.message_dict
    assert not PracticeSubmission.objects.exists()
    author = UserFactory()
    submission = submit(
        submitter=author,
        files=[PracticeUpload(slot, pdf_upload(f"part-{slot}.pdf")) for slot in (1, 2, 3)],
    )
    first = submission.files.order_by("pk").first()
    assert first is not None
    client.force_login(author)
    url = f"/en/library/practices/{submission.pk}/edit/"
    refused = client.post(url, {**_form(title="Changed"), "file_1": pdf_upload("more.pdf")})
    assert refused.status_code == 200
    assert "file_1" in refused.context["form"].errors
    submission.refresh_from_db()
    assert submission.title != "Changed" and submission.files.count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url,
            {**_form(), "remove_files": [first.pk], "file_1": png_upload(), "alt_1": "A map"},
        )
    assert done.status_code == 302
    assert sorted(submission.files.values_list("name", flat=True)) == [
        "classroom.png",
        "part-2.pdf",
        "part-3.pdf",
    ]
    assert not default_storage.exists(str(first.file.name))


def test_on_acceptance_a_pdf_is_the_language_version_and_the_rest_supplementary(
    client: Any,
) -> None:
    """The PDF becomes the publication's file (through the library's services); the
    image stays supplementary material on the publication page, which anyone may now
    download; before acceptance nobody but the author and moderators could."""
    submission = submit(
        language="es",
        files=[
            PracticeUpload(1, png_upload(), alt="El huerto escolar"),
            PracticeUpload(2, pdf_upload(text="Plan de clase")),
        ],
    )
    image = submission.files.get(content_type="image/png")
    assert client.get(image.get_absolute_url()).status_code == 404
    accepted = practice_accept(submission=submission, reviewer=moderator())
    publication = accepted.publication
    assert publication is not None
    version = publication.files.get()
    assert (version.language, version.media_type) == ("es", "application/pdf")
    assert "Plan de clase" in version.text
    assert submission.files.get(content_type="application/pdf").publication_file == version
    page = client.get(publication.get_absolute_url()).content.decode()
    assert "Supplementary material" in page
    assert image.get_absolute_url() in page and "El huerto escolar" in page
    download = client.get(image.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG


def test_files_are_exported_and_erased_with_the_account(
    django_capture_on_commit_callbacks: Any,
) -> None:
    author: Any = UserFactory()
    waiting = submit(submitter=author, files=[PracticeUpload(1, pdf_upload("waiting.pdf"))])
    accepted = practice_accept(
        submission=submit(
            submitter=author,
            title="Accepted",
            files=[PracticeUpload(1, png_upload(), alt="The class garden")],
        ),
        reviewer=moderator(),
    )
    names = list(PracticeFile.objects.values_list("file", flat=True))
    assert all(default_storage.exists(name) for name in names)
    exported = user_data_export(author)["library"]["practice_submissions"]
    files = {row["title"]: row["files"] for row in exported}
    assert [item["name"] for item in files[waiting.title]] == ["waiting.pdf"]
    assert files["Accepted"][0]["description"] == "The class garden"
    assert files["Accepted"][0]["content_type"] == "image/png"
    assert "/library/practices/files/" in files["Accepted"][0]["url"]
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=author)
    assert not PracticeFile.objects.exists()
    assert not any(default_storage.exists(name) for name in names)
    accepted.refresh_from_db()
    assert accepted.publication is not None and accepted.publication.status == "published"


def test_an_update_of_a_closed_submission_keeps_its_files() -> None:
    submission = submit(files=[PracticeUpload(1, pdf_upload())])
    practice_accept(submission=submission, reviewer=moderator())
    with pytest.raises(ValidationError):
        practice_submission_update(submission=submission, remove_files=[submission.files.get().pk])
    assert submission.files.count() == 1

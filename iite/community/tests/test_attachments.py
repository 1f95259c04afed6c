"""Files shared with posts: checked by content, stored under random names, served only to
readers of the post, exported and erased with the author's account."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from iite.accounts.tests.factories import UserFactory
from iite.community import services
from iite.community.attachments import AttachmentUpload
from iite.community.models import Attachment, Post, PostStatus, Space, Visibility
from iite.community.personal_data import erase_member_data, export_member_data
from iite.core.filetypes import upload_check

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.4\n%demo\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _docx(folder="word/"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<w:document/>")
    return buffer.getvalue()


def _odt(mimetype="application/vnd.oasis.opendocument.text"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def _check(name, content, max_bytes=1024 * 1024):
    extensions = (".pdf", ".png", ".docx", ".odt", ".txt")
    return upload_check(
        SimpleUploadedFile(name, content), extensions=extensions, max_bytes=max_bytes
    )


def test_a_files_type_is_read_from_its_content_not_only_its_name():
    assert _check("plan.pdf", PDF).content_type == "application/pdf"
    assert _check("map.PNG", PNG).is_image
    assert _check("lesson.docx", _docx()).content_type.endswith("wordprocessingml.document")
    assert _check("lesson.odt", _odt()).content_type == "application/vnd.oasis.opendocument.text"
    assert _check("notes.txt", "Заметки урока".encode()).content_type.startswith("text/plain")
    refused = {
        ("page.pdf", b"<html><script>alert(1)</script>"): "does not match its .pdf extension",
        ("sheet.docx", _docx(folder="xl/")): "does not match its .docx extension",
        ("slides.odt", _odt("application/vnd.oasis.opendocument.presentation")): "does not match",
        ("binary.txt", b"MZ\x00\x00\x90"): "does not match its .txt extension",
        ("tool.exe", b"MZ"): "Files of type .exe are not accepted",
        ("empty.pdf", b""): "The file is empty.",
    }
    for (name, content), message in refused.items():
        with pytest.raises(ValidationError, match=message):
            _check(name, content)
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        _check("big.pdf", PDF + b"0" * (1024 * 1024))


def _status(client, url):
    response = client.get(url)
    if response.streaming:
        # Read to the end, the test client closes the served file itself (closing it
        # again would end the test's transaction on PostgreSQL).
        b"".join(response.streaming_content)
    return response.status_code


def _space(**values):
    values.setdefault("slug", "teachers")
    values.setdefault("title", {"en": "Teachers' room"})
    return Space.objects.create(**values)


def _trusted(space, user):
    moderator = UserFactory()
    space.moderators.add(moderator)
    for n in range(3):
        post = services.thread_start(
            space=space, author=user, title=f"T{n}", text="Hello", language="en"
        )
        services.post_approve(post=post, moderator=moderator)
    return moderator


def test_an_image_needs_a_description_and_a_refused_post_writes_nothing(client, media):
    space = _space()
    member = UserFactory()
    client.force_login(member)
    page = client.post(
        space.get_absolute_url(),
        {
            "title": "Our map",
            "language": "en",
            "text": "See the map",
            "attachment_1": SimpleUploadedFile("map.png", PNG),
            "attachment_2": SimpleUploadedFile("fake.pdf", b"<html>"),
        },
    )
    assert page.status_code == 400
    errors = page.context["form"].errors
    assert errors["alt_1"] == ["Describe the image in words for readers who cannot see it."]
    assert errors["attachment_2"] == ["The file's content does not match its .pdf extension."]
    assert not Post.objects.exists() and not Attachment.objects.exists()
    assert not any(path.is_file() for path in Path(media).rglob("*"))
    page = client.post(
        space.get_absolute_url(),
        {
            "title": "Our map",
            "language": "en",
            "text": "See the map",
            "attachment_1": SimpleUploadedFile("map of Africa.png", PNG),
            "alt_1": "A map of Africa with our partner schools",
            "attachment_2": SimpleUploadedFile("lesson plan.pdf", PDF),
        },
    )
    assert page.status_code == 302
    image, document = Attachment.objects.order_by("pk")
    assert (image.name, image.content_type, image.alt) == (
        "map of Africa.png",
        "image/png",
        "A map of Africa with our partner schools",
    )
    assert document.content_type == "application/pdf" and document.alt == ""
    # Stored under a random name that says nothing about the post or its author.
    stored = Path(document.file.name)
    assert stored.parent == Path("community/attachments") and "lesson" not in stored.name
    assert (Path(media) / document.file.name).read_bytes() == PDF


def test_a_post_takes_a_bounded_number_of_files():
    space = _space()
    member = UserFactory()
    uploads = [AttachmentUpload(n, SimpleUploadedFile(f"{n}.pdf", PDF)) for n in range(1, 5)]
    with pytest.raises(ValidationError, match="at most 3 files"):
        services.thread_start(
            space=space, author=member, title="Many", text="x", language="en", attachments=uploads
        )
    assert not Post.objects.exists()


def test_files_are_served_only_to_readers_of_a_visible_post_as_downloads(client):
    space = _space(visibility=Visibility.MEMBERS)
    author, member, outsider = UserFactory(), UserFactory(), UserFactory()
    space.members.add(author, member)
    moderator = _trusted(space, author)
    post = services.thread_start(
        space=space,
        author=author,
        title="Plan",
        text="Attached",
        language="en",
        attachments=[AttachmentUpload(1, SimpleUploadedFile("plan.pdf", PDF))],
    )
    url = reverse("community:attachment", args=[post.attachments.get().pk])
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert f'href="{url}"' in client.get(post.thread.get_absolute_url()).content.decode()
    client.force_login(outsider)  # not a member of this members-only space
    assert _status(client, url) == 404
    client.logout()
    assert _status(client, url) == 404
    # A pending post's file: its author and the moderators only.
    Post.objects.filter(pk=post.pk).update(status=PostStatus.PENDING)
    client.force_login(member)
    assert _status(client, url) == 404
    client.force_login(author)
    assert _status(client, url) == 200
    # A hidden post's file: nobody, not even a moderator.
    services.post_hide(post=post, moderator=moderator, note="off topic")
    client.force_login(moderator)
    assert _status(client, url) == 404


def test_a_youth_spaces_files_are_not_served_to_adults(client):
    space = _space(youth=True)
    young = UserFactory(age_band="under_18")
    moderator = UserFactory()
    space.moderators.add(moderator)
    post = services.thread_start(
        space=space,
        author=young,
        title="Poster",
        text="My poster",
        language="ru",
        attachments=[AttachmentUpload(1, SimpleUploadedFile("poster.png", PNG), alt="A poster")],
    )
    services.post_approve(post=post, moderator=moderator)
    url = reverse("community:attachment", args=[post.attachments.get().pk])
    client.force_login(UserFactory())
    assert _status(client, url) == 404
    client.force_login(UserFactory(age_band="under_18"))
    assert _status(client, url) == 200


def test_files_are_in_the_authors_export_and_erased_with_the_account(
    media, django_capture_on_commit_callbacks
):
    from iite.core.registry import personal_data_handlers

    assert "community" in [handler.name for handler in personal_data_handlers]
    space = _space()
    author = UserFactory()
    post = services.thread_start(
        space=space,
        author=author,
        title="Plan",
        text="Attached",
        language="en",
        attachments=[AttachmentUpload(1, SimpleUploadedFile("plan.pdf", PDF))],
    )
    stored = Path(media) / post.attachments.get().file.name
    exported = export_member_data(author)
    assert exported["attachments"] == [
        {
            "post": post.pk,
            "name": "plan.pdf",
            "content_type": "application/pdf",
            "size": len(PDF),
            "description": "",
            "created_at": post.attachments.get().created_at.isoformat(),
        }
    ]
    assert exported["posts"][0]["text"] == "Attached"
    with django_capture_on_commit_callbacks(execute=True):
        erase_member_data(author)
    assert not Attachment.objects.exists() and not stored.exists()

"""A news item's image and the activities, events and courses it links."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import feedparser
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from iite.accounts.tests.factories import UserFactory
from iite.core.registry import activity_pages
from iite.events.tests.factories import make_event
from iite.learning.services import course_publish_reviewed
from iite.learning.tests.factories import make_course
from iite.library import news
from iite.library.models import NewsItem
from iite.library.news_images import news_image_prepare
from iite.programme.tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

ALT_MISSING = "Describe the image in words, or say that it is decorative."


def picture(size: tuple[int, int] = (800, 450), fmt: str = "PNG", **save: Any) -> bytes:
    image = Image.new("RGB", size, (20, 90, 160))
    output = io.BytesIO()
    image.save(output, format=fmt, **save)
    return output.getvalue()


def upload(content: bytes, name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _form(**values: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title_en": "Teachers meet in Almaty",
        "summary_en": "Two days on AI tools.",
        "original_language": "en",
        "slug": "",
        "publications": "",
        "activity_codes": "",
    }
    data.update(values)
    return data


def _stored(media: Path) -> list[str]:
    folder = media / "library" / "news"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def _published(**values: Any) -> NewsItem:
    return news.news_publish(item=news.news_create(**values))


def test_an_image_is_checked_reencoded_and_stored_under_a_random_name(client, editor):
    """A JPEG with a camera's metadata and a sideways orientation is stored upright, without
    the metadata, under a random name in the library's media folder."""
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x0112] = 6  # Orientation: turned 90 degrees
    photo = picture((600, 300), "JPEG", exif=exif.tobytes())
    client.force_login(editor)
    response = client.post(
        reverse("library:news_create"),
        _form(image=upload(photo, "IMG_0042 Almaty.JPG"), image_alt_en="Teachers at laptops"),
    )
    assert response.status_code == 302
    item = NewsItem.objects.get()
    name = Path(item.image.name or "")
    assert name.parent == Path("library/news")
    assert len(name.stem) == 32 and name.suffix == ".jpg" and "Almaty" not in name.name
    assert (item.image_type, item.image_width, item.image_height) == ("image/jpeg", 300, 600)
    assert item.image_alt == {"en": "Teachers at laptops"}
    with item.image.open("rb") as handle:
        stored = Image.open(io.BytesIO(handle.read()))
        assert stored.size == (300, 600)
        assert dict(stored.getexif()) == {}
    assert item.image_size == item.image.size


def test_large_images_are_scaled_down_to_the_largest_side():
    """A 3000-pixel-wide PNG is stored 1600 pixels wide, in proportion."""
    prepared = news_image_prepare(upload(picture((3000, 1500))))
    assert (prepared.width, prepared.height, prepared.content_type) == (1600, 800, "image/png")
    assert Image.open(io.BytesIO(prepared.content)).size == (1600, 800)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "photo.png",
            b"<html><script>alert(1)</script></html>",
            "The file's content does not match its .png extension.",
        ),
        ("photo.jpg", picture(fmt="PNG"), "The file's content does not match its .jpg extension."),
        (
            "animation.gif",
            b"GIF89a" + b"\0" * 20,
            "Files of type .gif are not accepted; use one of: .jpeg, .jpg, .png, .webp.",
        ),
        (
            "photo.svg",
            b"<svg></svg>",
            "Files of type .svg are not accepted; use one of: .jpeg, .jpg, .png, .webp.",
        ),
        (
            "big.png",
            b"\x89PNG\r\n\x1a\n" + b"\0" * (5 * 1024 * 1024),
            "The file is larger than 5 MB.",
        ),
        (
            "broken.png",
            b"\x89PNG\r\n\x1a\n" + b"not an image at all" * 10,
            "The image cannot be read; save it again as JPEG, PNG or WebP.",
        ),
        (
            "bomb.png",
            picture((6000, 5000), "PNG"),
            "The image has more than 25 million pixels; make it smaller.",
        ),
    ],
)
def test_a_refused_image_is_named_on_its_field_and_nothing_is_written(
    client, editor, settings, name, content, message
):
    """The type is read from the content; the size, the pixel count and a broken file are
    refused with the field named; no news item and no file are written."""
    client.force_login(editor)
    response = client.post(
        reverse("library:news_create"),
        _form(image=upload(content, name), image_alt_en="Something"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"image": [message]}
    assert not NewsItem.objects.exists()
    assert _stored(Path(settings.MEDIA_ROOT)) == []


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    """A small file whose header claims 20 000 × 20 000 pixels is refused (Pillow's own
    warning about it is caught too), with no memory spent on its pixels."""
    output = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(output, format="PNG")
    assert output.tell() < 5 * 1024 * 1024
    with pytest.raises(Exception) as refused:
        news_image_prepare(upload(output.getvalue(), "bomb.png"))
    assert refused.value.message_dict == {  # type: ignore[attr-defined]
        "image": ["The image has more than 25 million pixels; make it smaller."]
    }


def test_an_image_needs_a_description_unless_it_is_decorative(client, editor):
    """Without a description the form names the description field; an image marked
    decorative is saved and shown with an empty alt text, which screen readers skip."""
    client.force_login(editor)
    response = client.post(reverse("library:news_create"), _form(image=upload(picture())))
    assert response.status_code == 200
    assert response.context["form"].errors == {"image_alt": [ALT_MISSING]}
    assert not NewsItem.objects.exists()

    response = client.post(
        reverse("library:news_create"), _form(image=upload(picture()), image_decorative="on")
    )
    assert response.status_code == 302
    item = NewsItem.objects.get()
    assert item.image_decorative and item.image_alt == {}
    news.news_publish(item=item)
    client.logout()
    page = client.get(item.get_absolute_url()).content.decode()
    assert (
        f'<img class="news-image" src="{item.image_url}" width="800" height="450" '
        'loading="lazy" alt="">'
    ) in page


def test_the_service_refuses_an_image_without_description():
    """The rule holds for every writer, not only the form: named on `image_alt`."""
    with pytest.raises(Exception) as refused:
        news.news_create(title={"en": "No words"}, image=news_image_prepare(upload(picture())))
    assert refused.value.message_dict == {"image_alt": [ALT_MISSING]}  # type: ignore[attr-defined]
    assert not NewsItem.objects.exists()


def test_the_image_is_shown_with_its_size_and_description_in_the_readers_language(client):
    """The news page, the list and the home page show the image with width, height,
    lazy loading and the description in the reader's language."""
    item = _published(
        title={"en": "Forum opens", "fr": "Le forum ouvre"},
        image=news_image_prepare(upload(picture((1600, 900)))),
        image_alt={"en": "A hall full of students", "fr": "Une salle pleine d'élèves"},
    )
    url, image_url = item.get_absolute_url(), item.image_url
    page = client.get(url).content.decode()
    assert (
        f'<img class="news-image" src="{image_url}" width="1600" height="900" '
        'loading="lazy" alt="A hall full of students" lang="en">'
    ) in page
    french = client.get("/fr" + url[3:]).content.decode()
    assert 'alt="Une salle pleine d&#x27;élèves" lang="fr"' in french
    # Lists: 224 pixels wide at most, so the image fits a 320-pixel screen.
    listing = client.get("/en/library/news/").content.decode()
    assert (
        f'<img class="news-thumb" src="{image_url}" width="224" height="126" '
        'loading="lazy" alt="A hall full of students" lang="en">'
    ) in listing
    home = client.get("/en/").content.decode()
    assert f'<img src="{image_url}" width="224" height="126" loading="lazy"' in home


def test_the_image_is_served_to_readers_once_published_and_to_staff_before(client, editor):
    """A draft's image is for staff only; an address with another file name is not found;
    the image is served with its type and never sniffed as something else."""
    item = news.news_create(
        title={"en": "Soon"},
        image=news_image_prepare(upload(picture())),
        image_alt={"en": "A poster"},
    )
    url = item.image_url
    assert url.startswith(f"/en/library/news/{item.slug}/image/")
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    client.logout()
    news.news_publish(item=item)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert client.get(url.replace(".png", ".jpg")).status_code == 404
    assert client.get(f"/en/library/news/{item.slug}/image/..%2F..%2Fsecret").status_code == 404


def test_replacing_or_removing_the_image_deletes_the_old_file(
    client, editor, settings, django_capture_on_commit_callbacks
):
    """A new image gets a new name (and address) and the old file goes once the change is
    committed; removing the image deletes its file and its description."""
    item = news.news_create(
        title={"en": "Changing"},
        image=news_image_prepare(upload(picture())),
        image_alt={"en": "First"},
    )
    media = Path(settings.MEDIA_ROOT)
    first = Path(item.image.name or "").name
    assert _stored(media) == [first]
    client.force_login(editor)
    edit = reverse("library:news_edit", args=[item.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit,
            _form(
                title_en="Changing",
                slug=item.slug,
                image=upload(picture((400, 400), "WEBP"), "new.webp"),
                image_alt_en="Second",
            ),
        )
    assert response.status_code == 302
    item.refresh_from_db()
    second = Path(item.image.name or "").name
    assert second != first and second.endswith(".webp")
    assert _stored(media) == [second]
    assert (item.image_type, item.image_alt) == ("image/webp", {"en": "Second"})

    # Without a new file, the image and its description stay.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit, _form(title_en="Changed", slug=item.slug, image_alt_en="Second"))
    item.refresh_from_db()
    assert str(item.title) == "Changed" and Path(item.image.name or "").name == second

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit, _form(slug=item.slug, image_remove="on"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.image and item.image_alt == {} and item.image_width is None
    assert _stored(media) == []


def test_deleting_a_news_item_deletes_its_image(settings, django_capture_on_commit_callbacks):
    """An administrator deletes an item (in the admin): its image's file goes with it."""
    item = news.news_create(
        title={"en": "Gone"}, image=news_image_prepare(upload(picture())), image_alt={"en": "A"}
    )
    assert len(_stored(Path(settings.MEDIA_ROOT))) == 1
    with django_capture_on_commit_callbacks(execute=True):
        item.delete()
    assert _stored(Path(settings.MEDIA_ROOT)) == []


def test_a_failed_change_keeps_the_old_image_and_writes_no_file(client, editor, settings):
    """A new image with an address already taken by another item: refused, the new file is
    not left behind and the old image is kept."""
    news.news_create(title={"en": "Other"}, slug="taken")
    item = news.news_create(
        title={"en": "Mine"},
        image=news_image_prepare(upload(picture())),
        image_alt={"en": "Old"},
    )
    old = Path(item.image.name or "").name
    client.force_login(editor)
    response = client.post(
        reverse("library:news_edit", args=[item.slug]),
        _form(slug="taken", image=upload(picture((300, 300))), image_alt_en="New"),
    )
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    item.refresh_from_db()
    assert Path(item.image.name or "").name == old
    assert _stored(Path(settings.MEDIA_ROOT)) == [old]


def test_the_feeds_carry_the_image_as_an_enclosure(client):
    """RSS <enclosure> and Atom <link rel="enclosure">: an independent parser reads the
    image's absolute address, type and length."""
    item = _published(
        title={"en": "With a picture"},
        image=news_image_prepare(upload(picture())),
        image_alt={"en": "Blue"},
    )
    _published(title={"en": "Without a picture"})
    for name in ("feed_news_rss", "feed_news_atom"):
        parsed = feedparser.parse(client.get(reverse(f"library:{name}")).content)
        assert not parsed.bozo, parsed.get("bozo_exception")
        entries = {entry.title: entry for entry in parsed.entries}
        assert entries["Without a picture"].get("enclosures", []) == []
        (enclosure,) = entries["With a picture"].enclosures
        assert enclosure.href == settings.SITE_URL + item.image_url
        assert enclosure.type == "image/png"
        assert int(enclosure.length) == item.image_size > 0
    served = client.get(item.image_url)
    assert len(b"".join(served.streaming_content)) == item.image_size


# --- Activities, events and courses ---------------------------------------------------------


def test_linked_activities_link_to_their_event_or_course_page_when_public(
    client, django_assert_max_num_queries
):
    """A published event's and a published course's activities link to the event and the
    course; a public activity delivered as neither to its programme page; an activity that
    is not public (a draft event's) is not shown."""
    event = make_event(title={"en": "Webinar on AI ethics"})
    draft_event = make_event(title={"en": "Draft webinar"}, status="draft")
    course = course_publish_reviewed(
        course=make_course("ai-for-teachers", status="draft", title={"en": "AI for teachers"})
    )
    plain = ActivityFactory(title={"en": "Policy advice to Kenya"})
    hidden = ActivityFactory(title={"en": "Internal meeting"}, is_public=False)
    item = _published(
        title={"en": "A busy month"},
        activities=[event.activity, draft_event.activity, course.activity, plain, hidden],
    )
    with django_assert_max_num_queries(12):
        page = client.get(item.get_absolute_url()).content.decode()
    assert f'<a href="{event.get_absolute_url()}" lang="en">Webinar on AI ethics</a>' in page
    assert f'<a href="{course.get_absolute_url()}" lang="en">AI for teachers</a>' in page
    assert f'<a href="{plain.get_absolute_url()}" lang="en">Policy advice to Kenya</a>' in page
    # A draft event's activity is not public until the event is published.
    assert "Draft webinar" not in page and draft_event.get_absolute_url() not in page
    assert "Internal meeting" not in page
    assert client.get(event.get_absolute_url()).status_code == 200
    assert client.get(course.get_absolute_url()).status_code == 200
    assert client.get(plain.get_absolute_url()).status_code == 200


def test_an_event_and_a_course_page_list_the_published_news_about_them(client):
    """The library's page section: the event's and the course's pages name the published
    news that link their activity, newest first; a draft item is not shown."""
    event = make_event(title={"en": "Webinar on AI ethics"})
    course = course_publish_reviewed(
        course=make_course("ai-for-teachers", status="draft", title={"en": "AI for teachers"})
    )
    item = _published(title={"en": "Ethics webinar announced"}, activities=[event.activity])
    both = _published(
        title={"en": "Autumn programme"}, activities=[event.activity, course.activity]
    )
    news.news_create(title={"en": "Draft note"}, activities=[event.activity, course.activity])
    event_page = client.get(event.get_absolute_url()).content.decode()
    assert "In the news" in event_page
    assert f'<a href="{item.get_absolute_url()}" lang="en">Ethics webinar announced</a>' in (
        event_page
    )
    assert event_page.index("Autumn programme") < event_page.index("Ethics webinar announced")
    course_page = client.get(course.get_absolute_url()).content.decode()
    assert f'<a href="{both.get_absolute_url()}" lang="en">Autumn programme</a>' in course_page
    assert "Ethics webinar announced" not in course_page
    assert "Draft note" not in event_page + course_page
    plain = make_event(title={"en": "Unmentioned webinar"})
    assert "In the news" not in client.get(plain.get_absolute_url()).content.decode()


def test_the_registry_finds_event_and_course_pages_in_one_query_each(
    django_assert_num_queries,
):
    """`activity_pages` gives each delivered activity's public page and its kind."""
    event = make_event()
    course = make_course("open-course", with_quiz=False)
    unpublished = make_course("draft-course", status="draft", with_quiz=False)
    plain = ActivityFactory()
    with django_assert_num_queries(2):
        pages = activity_pages(
            [event.activity_id, course.activity_id, plain.pk, unpublished.activity_id]
        )
    assert set(pages) == {event.activity_id, course.activity_id}
    assert pages[event.activity_id].url == event.get_absolute_url()
    assert str(pages[event.activity_id].label) == "Event"
    assert pages[course.activity_id].url == course.get_absolute_url()
    assert str(pages[course.activity_id].label) == "Course"


def test_staff_pick_activities_from_recent_ones_or_by_code(client, editor):
    """The form offers recent and upcoming activities as checkboxes (no script needed) and
    takes others by code; an unknown code is named and nothing is written."""
    recent = ActivityFactory(
        code="webinar-recent", title={"en": "Recent webinar"}, start_date=timezone.localdate()
    )
    old = ActivityFactory(code="old-forum", start_date=timezone.localdate().replace(year=2019))
    client.force_login(editor)
    form_page = client.get(reverse("library:news_create")).content.decode()
    assert 'type="checkbox" name="activities" value="webinar-recent"' in form_page
    assert "old-forum" not in form_page

    response = client.post(
        reverse("library:news_create"),
        _form(activities=["webinar-recent"], activity_codes="old-forum, no-such-code"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "activity_codes": ["No activity has the code: no-such-code."]
    }
    assert not NewsItem.objects.exists()

    response = client.post(
        reverse("library:news_create"),
        _form(activities=["webinar-recent"], activity_codes="old-forum"),
    )
    assert response.status_code == 302
    item = NewsItem.objects.get()
    assert set(item.activities.all()) == {recent, old}
    # The edit form shows what is linked, the old activity too.
    page = client.get(reverse("library:news_edit", args=[item.slug])).content.decode()
    for code in ("old-forum", "webinar-recent"):
        assert re.search(rf'value="{code}" id="id_activities_\d+" checked>', page)


def test_bad_activity_input_never_fails(client, editor):
    """A value that is not offered, too many codes or an overlong description: named on
    their fields, never a server error."""
    client.force_login(editor)
    codes = " ".join(f"code-{n}" for n in range(25))
    response = client.post(
        reverse("library:news_create"),
        _form(
            activities=["<script>", ""],
            activity_codes=codes,
            image=upload(picture()),
            image_alt_en="x" * 501,
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["activities"] == [
        "Select a valid choice. <script> is not one of the available choices."
    ]
    assert errors["image_alt"] == ["The description in en is longer than 500 characters."]
    assert not NewsItem.objects.exists()
    response = client.post(reverse("library:news_create"), _form(activity_codes=codes))
    assert response.context["form"].errors == {"activity_codes": ["At most 20 activities."]}


def test_only_news_staff_upload_images(client):
    """Readers are sent to sign in; signed-in people without the news permission get a
    403 and nothing is stored."""
    data = _form(image=upload(picture()), image_alt_en="A picture")
    response = client.post(reverse("library:news_create"), data)
    assert response.status_code == 302 and "/accounts/" in response["Location"]
    client.force_login(UserFactory())
    data = _form(image=upload(picture()), image_alt_en="A picture")
    assert client.post(reverse("library:news_create"), data).status_code == 403
    assert not NewsItem.objects.exists()

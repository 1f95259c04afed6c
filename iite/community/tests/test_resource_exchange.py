"""Resources shared under a Creative Commons licence, and their promotion by staff into
the library's best-practice submissions."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from iite.accounts.tests.factories import UserFactory
from iite.community import services
from iite.community.models import ModerationLog, Post, Space
from iite.library.models import PracticeSubmission

pytestmark = pytest.mark.django_db


def _shared(space, author, **extra):
    moderator = UserFactory()
    space.moderators.add(moderator)
    post = services.thread_start(
        space=space,
        author=author,
        title="Peer observation in rural schools",
        text="We pair teachers for **peer observation** every month.",
        language="fr",
        **extra,
    )
    services.post_approve(post=post, moderator=moderator)
    return post, moderator


def test_a_shared_resource_shows_its_licence_by_name_with_its_deed(client):
    space = Space.objects.create(slug="teachers", title={"en": "Teachers"})
    post, _moderator = _shared(
        space,
        UserFactory(),
        resource_url="https://example.org/guide.pdf",
        resource_licence="CC-BY-SA-4.0",
    )
    page = client.get(post.thread.get_absolute_url()).content.decode()
    assert (
        '<a href="https://creativecommons.org/licenses/by-sa/4.0/" '
        'rel="license noopener noreferrer">CC BY-SA 4.0</a>' in page
    )
    with pytest.raises(ValidationError) as refused:
        services.reply(
            thread=post.thread,
            author=UserFactory(),
            text="Mine",
            resource_url="https://example.org/x",
            resource_licence="All rights reserved",
        )
    assert "resource_licence" in refused.value.message_dict


def test_a_moderator_promotes_a_licensed_post_into_the_librarys_submissions(client):
    space = Space.objects.create(slug="teachers", title={"en": "Teachers"})
    author = UserFactory()
    post, moderator = _shared(
        space, author, resource_url="https://example.org/guide.pdf", resource_licence="CC-BY-4.0"
    )
    url = reverse("community:promote", args=[post.pk])
    client.force_login(author)
    assert client.get(url).status_code == 403
    client.force_login(moderator)
    assert "Promote to the library" in client.get(post.thread.get_absolute_url()).content.decode()
    empty = client.post(url, {"title": "Peer observation", "summary": ""})
    assert empty.status_code == 400 and "summary" in empty.context["form"].errors
    assert not PracticeSubmission.objects.exists()
    done = client.post(
        url, {"title": "Peer observation", "summary": "Monthly pairs of teachers observe."}
    )
    assert done.status_code == 302
    submission = PracticeSubmission.objects.get()
    assert submission.origin == "community" and submission.submitter == author
    assert (submission.title, submission.language, submission.licence) == (
        "Peer observation",
        "fr",
        "CC-BY-4.0",
    )
    assert submission.source_url == "https://example.org/guide.pdf"
    assert "peer observation" in submission.body
    post.refresh_from_db()
    assert post.promoted_at is not None
    assert ModerationLog.objects.filter(post=post, action="promote", actor=moderator).exists()
    again = client.post(url, {"title": "Again", "summary": "Again"})
    assert again.status_code == 400
    assert "already sent to the library" in again.content.decode()
    assert PracticeSubmission.objects.count() == 1


def test_a_post_without_a_licence_or_in_a_youth_space_is_not_promoted():
    space = Space.objects.create(slug="teachers", title={"en": "Teachers"})
    post, moderator = _shared(space, UserFactory())
    with pytest.raises(ValidationError, match="Creative Commons licence"):
        services.post_promote(post=post, moderator=moderator, title="T", summary="S")
    youth = Space.objects.create(slug="young", title={"en": "Young"}, youth=True)
    young_post, youth_moderator = _shared(
        youth,
        UserFactory(age_band="under_18"),
        resource_url="https://example.org/poster",
        resource_licence="CC0-1.0",
    )
    with pytest.raises(ValidationError, match="adults' space"):
        services.post_promote(post=young_post, moderator=youth_moderator, title="T", summary="S")
    assert not PracticeSubmission.objects.exists()
    assert Post.objects.filter(promoted_at__isnull=False).count() == 0

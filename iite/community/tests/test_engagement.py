"""Active members and contributions per platform and period: key indicator 4 and the
platform's staff page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from iite.accounts.tests.factories import UserFactory, give_totp
from iite.community import services
from iite.community.engagement import platform_engagement
from iite.community.models import Post, PostStatus, Space
from iite.learning.tests.factories import make_platform, user_with_perms
from iite.monitoring.measures import MEASURES, Scope
from iite.programme.models import Participation

pytestmark = pytest.mark.django_db


def _post(space, author, moderator, text="Hello"):
    post = services.thread_start(space=space, author=author, title="T", text=text, language="en")
    if post.status == PostStatus.PENDING:
        services.post_approve(post=post, moderator=moderator)
    return post


def test_a_shown_post_records_its_author_in_the_platforms_community_for_the_half_year():
    platform = make_platform()
    space = Space.objects.create(slug="library", title={"en": "Library"}, platform=platform)
    moderator = UserFactory()
    space.moderators.add(moderator)
    teacher = UserFactory(role="teacher")
    pending = services.thread_start(
        space=space, author=teacher, title="Q", text="First", language="en"
    )
    assert pending.status == PostStatus.PENDING
    assert not Participation.objects.filter(person=teacher).exists()  # not shown yet
    services.post_approve(post=pending, moderator=moderator)
    _post(space, teacher, moderator, "Second")
    (record,) = Participation.objects.filter(person=teacher)
    activity = record.activity
    today = timezone.localdate()
    half = 1 if today.month <= 6 else 2
    assert activity.code == f"community-{platform.slug}-{today.year}h{half}"
    assert activity.parent == platform.activity and activity.kind == "other"
    assert activity.start_date == datetime.date(today.year, 1 if half == 1 else 7, 1)
    assert record.attended and record.role == "participant" and record.source == "community"
    # Key indicator 4 counts the member once in the half-year and once in the year.
    measure = MEASURES["platforms.community"]
    for scope in (Scope(year=today.year, half=half), Scope(year=today.year)):
        people = measure.people(scope).values("person_key").distinct().count()
        assert people == 1
    assert measure.people(Scope(year=today.year - 1)).count() == 0


def test_spaces_without_a_platform_record_nothing():
    space = Space.objects.create(slug="gsenet", title={"en": "GSENET"}, network="GSENET")
    moderator = UserFactory()
    space.moderators.add(moderator)
    _post(space, UserFactory(), moderator)
    assert Post.objects.get().status == PostStatus.VISIBLE
    assert not Participation.objects.exists()


def test_the_platforms_staff_page_shows_active_members_and_contributions(client):
    platform = make_platform()
    space = Space.objects.create(slug="library", title={"en": "Library"}, platform=platform)
    other = Space.objects.create(
        slug="other", title={"en": "Other"}, platform=make_platform(slug="iioe")
    )
    moderator = UserFactory()
    space.moderators.add(moderator)
    other.moderators.add(moderator)
    first, second = UserFactory(), UserFactory()
    _post(space, first, moderator)
    _post(space, first, moderator)
    _post(space, second, moderator)
    _post(other, second, moderator)
    hidden = _post(space, second, moderator)
    services.post_hide(post=hidden, moderator=moderator)
    now, earlier, twelve = platform_engagement(platform)
    assert (now.members, now.contributions) == (2, 3)
    assert (twelve.members, twelve.contributions) == (2, 3)
    assert (earlier.members, earlier.contributions) == (0, 0)
    staff = user_with_perms("learning.change_platform")
    give_totp(staff)
    client.force_login(staff)
    page = client.get(reverse("learning:studio_platform", args=[platform.slug]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="h-community-engagement"' in html
    assert "<td>2</td><td>3</td>" in html
    assert first.email not in html and second.email not in html  # aggregates only

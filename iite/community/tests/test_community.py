"""Posting, trust, watched words, flags, the moderation queue and minors' restrictions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from iite.accounts.tests.factories import UserFactory, give_totp
from iite.community import services
from iite.community.markup import render
from iite.community.models import (
    ModerationLog,
    Post,
    PostStatus,
    Space,
    SpaceKind,
    Visibility,
    WatchedWord,
)
from iite.community.selectors import queue_for, threads_of

pytestmark = pytest.mark.django_db


def _space(**values):
    values.setdefault("slug", "teachers")
    values.setdefault("title", {"en": "Teachers' room"})
    return Space.objects.create(**values)


def _trusted(space, user, count=3):
    moderator = UserFactory()
    space.moderators.add(moderator)
    for n in range(count):
        post = services.thread_start(
            space=space, author=user, title=f"T{n}", text="Hello", language="en"
        )
        services.post_approve(post=post, moderator=moderator)
    return moderator


def test_no_script_survives_and_images_need_a_description_from_this_platform():
    html = render(
        "<script>alert(1)</script> **bold** [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    # Raw HTML is shown as text, never as markup; no link runs script.
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html
    assert "<strong>bold</strong>" in html
    space = _space()
    member = UserFactory()
    with pytest.raises(ValidationError, match="Describe each image"):
        services.thread_start(
            space=space, author=member, title="Pic", text="![](/media/a.png)", language="en"
        )
    with pytest.raises(ValidationError, match="not from another site"):
        services.thread_start(
            space=space,
            author=member,
            title="Pic",
            text="![a map](https://tracker.example/a.png)",
            language="en",
        )
    post = services.thread_start(
        space=space,
        author=member,
        title="Pic",
        text="![a map of Africa](/media/map.png)",
        language="en",
    )
    assert '<img src="/media/map.png" alt="a map of Africa"' in post.html


def test_a_new_members_first_posts_wait_then_trust_grows_with_approved_posts():
    space = _space()
    member = UserFactory()
    first = services.thread_start(
        space=space, author=member, title="Hello", text="First post", language="fr"
    )
    assert first.status == PostStatus.PENDING and first.held_because == "New member's post"
    reader = UserFactory()
    assert list(threads_of(space, reader)) == []
    assert list(threads_of(space, member)) == [first.thread]  # the author sees it, marked
    _trusted(space, member)
    later = services.reply(thread=first.thread, author=member, text="Now I post directly")
    assert later.status == PostStatus.VISIBLE


def test_a_teacher_holding_the_courses_credential_posts_directly_in_its_space(monkeypatch):
    from iite.community import permissions

    space = _space()
    member = UserFactory()
    monkeypatch.setattr(permissions, "_holds_course_credential", lambda user, space: user == member)
    post = services.thread_start(
        space=space, author=member, title="Q", text="From the course", language="en"
    )
    assert post.status == PostStatus.VISIBLE


def test_watched_words_hold_or_block_a_post_in_its_language():
    space = _space()
    member = UserFactory()
    _trusted(space, member)
    WatchedWord.objects.create(language="ru", word="казино", action="block")
    WatchedWord.objects.create(language="", word="phone number", action="hold")
    with pytest.raises(ValidationError, match="казино"):
        services.thread_start(
            space=space, author=member, title="Игры", text="Лучшее Казино тут", language="ru"
        )
    held = services.thread_start(
        space=space, author=member, title="Contact", text="My phone number is…", language="en"
    )
    assert held.status == PostStatus.PENDING and "phone number" in held.held_because
    fine = services.thread_start(
        space=space, author=member, title="Казино?", text="ok", language="en"
    )
    assert fine.status == PostStatus.VISIBLE  # a Russian word is watched in Russian threads only


def test_flags_reach_the_queue_and_every_moderation_action_is_logged():
    space = _space()
    author, reporter = UserFactory(), UserFactory()
    moderator = _trusted(space, author)
    post = services.thread_start(
        space=space, author=author, title="Rude", text="You are all idiots", language="en"
    )
    assert post.status == PostStatus.VISIBLE
    services.post_flag(post=post, user=reporter, reason="harassment", note="insulting")
    assert list(queue_for(moderator)) == [post]
    assert list(queue_for(reporter)) == []
    with pytest.raises(PermissionDenied):
        services.post_hide(post=post, moderator=reporter)
    with pytest.raises(ValidationError, match="Say why"):
        services.post_edit(post=post, moderator=moderator, text="(removed)", note="")
    services.post_edit(
        post=post, moderator=moderator, text="(insult removed)", note="Be respectful"
    )
    services.member_warn(post=post, moderator=moderator, note="Please be respectful")
    services.post_hide(post=post, moderator=moderator, note="insult")
    services.member_suspend(post=post, moderator=moderator, days=7, note="repeated insults")
    assert list(queue_for(moderator)) == []
    assert list(
        ModerationLog.objects.order_by("created_at", "pk").values_list("action", flat=True)
    )[-4:] == ["edit", "warn", "hide", "suspend"]
    with pytest.raises(PermissionDenied, match="suspended"):
        services.reply(thread=post.thread, author=author, text="again")


def test_members_under_18_see_only_youth_spaces_where_every_post_waits():
    adults = _space(slug="adults")
    youth = _space(slug="youth", title={"en": "Young voices"}, youth=True)
    young = UserFactory(age_band="under_18", name="Aigerim Full Name")
    from iite.community.permissions import can_read

    assert not can_read(young, adults) and can_read(young, youth)
    assert not can_read(UserFactory(), youth)
    _trusted(youth, young, count=0)
    post = services.thread_start(
        space=youth, author=young, title="Exams", text="Stress", language="ru"
    )
    assert post.status == PostStatus.PENDING
    from iite.community.selectors import display_name

    assert "Aigerim" not in display_name(young)


def test_a_members_only_space_needs_joining_and_questions_get_an_answer(client):
    space = _space(visibility=Visibility.MEMBERS, kind=SpaceKind.QUESTIONS)
    asker, helper = UserFactory(), UserFactory()
    client.force_login(asker)
    assert client.get(space.get_absolute_url()).status_code == 200  # the join button
    with pytest.raises(PermissionDenied):
        services.thread_start(space=space, author=asker, title="How?", text="?", language="en")
    client.post(reverse("community:join", args=[space.slug]))
    space.members.add(helper)
    moderator = _trusted(space, helper)
    question = services.thread_start(
        space=space, author=asker, title="How to cite OER?", text="?", language="en"
    )
    services.post_approve(post=question, moderator=moderator)
    answer = services.reply(thread=question.thread, author=helper, text="Use the TASL rule.")
    client.post(reverse("community:mark_answer", args=[answer.pk]))
    question.thread.refresh_from_db()
    assert question.thread.answer == answer
    found = client.get(space.get_absolute_url(), {"q": "TASL"}).content.decode()
    assert "How to cite OER?" in found


def test_posting_through_the_page_names_the_field_and_a_moderator_approves(client):
    space = _space()
    member = UserFactory()
    client.force_login(member)
    empty = client.post(space.get_absolute_url(), {"title": "", "language": "ar", "text": ""})
    assert empty.status_code == 400
    page = client.post(
        space.get_absolute_url(),
        {"title": "سؤال عن الذكاء الاصطناعي", "language": "ar", "text": "مرحبا **بالجميع**"},
    )
    post = Post.objects.get()
    assert page.status_code == 302 and post.status == PostStatus.PENDING
    moderator = UserFactory(is_staff=True, is_superuser=True)
    give_totp(moderator)
    client.force_login(moderator)
    assert "سؤال عن الذكاء الاصطناعي" in client.get(reverse("community:queue")).content.decode()
    client.post(reverse("community:moderate", args=[post.pk]), {"action": "approve"})
    post.refresh_from_db()
    assert post.status == PostStatus.VISIBLE
    client.logout()
    assert "<strong>بالجميع</strong>" in client.get(post.thread.get_absolute_url()).content.decode()
    client.force_login(member)
    assert client.get(reverse("community:queue")).status_code == 403


def test_posting_is_rate_limited_per_member(settings):
    space = _space()
    member = UserFactory()
    _trusted(space, member)
    thread = Post.objects.filter(author=member).first().thread
    with pytest.raises(ValidationError, match="posted a lot"):
        for n in range(30):
            services.reply(thread=thread, author=member, text=f"message {n}")


def test_engagement_counts_active_members_and_contributions():
    from iite.community.selectors import engagement

    space = _space()
    member = UserFactory()
    _trusted(space, member)
    today = datetime.date.today()
    assert engagement(today, today) == [
        {"thread__space__platform": None, "members": 1, "contributions": 3}
    ]


def test_digests_list_others_new_posts_in_the_readers_language_and_unsubscribe_in_one_click(client):
    from django.core import mail
    from django.utils import timezone

    from iite.community.digests import digests_send
    from iite.community.models import Watch

    space = _space()
    reader = UserFactory(preferred_language="fr", name="Awa")
    writer = UserFactory(name="Sergei")
    _trusted(space, writer)
    services.watch_set(user=reader, space=space, frequency="daily")
    Watch.objects.filter(user=reader).update(
        last_sent_at=timezone.now() - datetime.timedelta(days=1)
    )
    visible = services.thread_start(
        space=space, author=writer, title="Nouveau fil", text="Bonjour à tous", language="fr"
    )
    hidden = services.reply(thread=visible.thread, author=writer, text="Texte caché")
    moderator = space.moderators.first()
    services.post_hide(post=hidden, moderator=moderator)
    mail.outbox.clear()
    assert digests_send.call("daily") == 1
    (message,) = mail.outbox
    assert message.to == [reader.email]
    assert "Bonjour à tous" in message.body and "Texte caché" not in message.body
    assert "Nouveau fil" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Nothing new since: no second e-mail.
    mail.outbox.clear()
    assert digests_send.call("daily") == 0
    # One click from a mail program, signed out, no CSRF token.
    path = unsubscribe.split("://", 1)[1].split("/", 1)[1]
    checking = client.__class__(enforce_csrf_checks=True)
    assert checking.get("/" + path).status_code == 200
    assert checking.post("/" + path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Watch.objects.filter(user=reader, frequency="daily").exists()
    assert checking.get("/en/community/unsubscribe/forged/").status_code == 400


def test_threads_with_posts_newer_than_the_reader_has_seen_are_marked_new(client):
    from iite.community.selectors import unread_threads

    space = _space()
    reader, writer = UserFactory(), UserFactory()
    _trusted(space, writer)
    thread = Post.objects.filter(author=writer).first().thread
    assert unread_threads(reader, [thread]) == {thread.pk}
    client.force_login(reader)
    client.get(thread.get_absolute_url())
    assert unread_threads(reader, [thread]) == set()
    services.reply(thread=thread, author=writer, text="More")
    assert unread_threads(reader, [thread]) == {thread.pk}


def test_a_member_known_for_a_month_posts_directly_after_one_approved_post():
    from django.utils import timezone

    space = _space()
    seasoned = UserFactory(date_joined=timezone.now() - datetime.timedelta(days=40))
    recent = UserFactory()
    _trusted(space, seasoned, count=1)
    _trusted(space, recent, count=1)
    assert (
        services.thread_start(
            space=space, author=seasoned, title="A", text="x", language="en"
        ).status
        == "visible"
    )
    assert (
        services.thread_start(space=space, author=recent, title="B", text="y", language="en").status
        == "pending"
    )


def test_a_reply_to_a_post_links_back_to_it(client):
    space = _space()
    member = UserFactory()
    _trusted(space, member)
    first = Post.objects.filter(author=member).first()
    client.force_login(member)
    page = client.get(first.thread.get_absolute_url(), {"reply_to": first.pk})
    assert f'name="reply_to" value="{first.pk}"' in page.content.decode()
    client.post(first.thread.get_absolute_url(), {"text": "Agreed", "reply_to": first.pk})
    assert Post.objects.get(text="Agreed").reply_to == first

"""A teacher posts in Arabic, a moderator approves it, and a colleague is notified."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.utils import timezone

from iite.accounts.tests.factories import UserFactory
from iite.community.digests import digests_send
from iite.community.models import Post, Space, Watch
from iite.community.services import watch_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(browser, live_server, user, **options):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    context = browser.new_context(base_url=live_server.url, **options)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def test_an_arabic_post_is_approved_by_a_moderator_and_a_colleague_is_notified(
    browser, live_server
):
    space = Space.objects.create(slug="teachers", title={"en": "Teachers", "ar": "المعلمون"})
    teacher = UserFactory(name="Nadia", preferred_language="ar")
    moderator = UserFactory(name="Fatou")
    colleague = UserFactory(name="Li", preferred_language="zh-hans")
    space.moderators.add(moderator)
    watch_set(user=colleague, space=space, frequency="daily")
    Watch.objects.update(last_sent_at=timezone.now() - datetime.timedelta(hours=1))

    context, page = _signed_in(
        browser, live_server, teacher, viewport={"width": 390, "height": 844}, locale="ar"
    )
    page.goto("/ar/community/teachers/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("#id_title").fill("كيف نستخدم الذكاء الاصطناعي في التقييم؟")
    page.locator("#id_language").select_option("ar")
    page.locator("#id_text").fill("أشاركم تجربتي مع **التغذية الراجعة** في الصف التاسع.")
    page.locator("main form[method=post] button[type=submit]").last.click()
    assert page.locator(".post-pending").count() == 1  # the author sees it, waiting
    context.close()

    context, page = _signed_in(browser, live_server, moderator, locale="en-GB")
    page.goto("/en/community/moderation/")
    assert "كيف نستخدم الذكاء الاصطناعي في التقييم؟" in page.locator("main").inner_text()
    page.get_by_role("button", name="Apply").click()
    assert "Nothing waits for a moderator." in page.locator("main").inner_text()
    context.close()

    post = Post.objects.get()
    assert post.status == "visible"
    mail.outbox.clear()
    assert digests_send.call("daily") == 1
    (message,) = mail.outbox
    assert message.to == [colleague.email]
    assert "كيف نستخدم الذكاء الاصطناعي في التقييم؟" in message.body

    page = browser.new_page(base_url=live_server.url)
    page.goto(post.thread.get_absolute_url().replace("/en/", "/ar/"))
    assert page.locator(".post-body strong").inner_text() == "التغذية الراجعة"
    page.close()

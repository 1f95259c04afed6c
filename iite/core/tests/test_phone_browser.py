"""The platform on a phone: nothing wider than the screen, a compact header, fingers' targets."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from .test_public_pages_browser import _public_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Everything that may sit wider than its box: the page scrolls sideways if one does.
OVERFLOW = """() => ({
  scroll: document.documentElement.scrollWidth,
  inner: window.innerWidth,
  wide: [...document.querySelectorAll('body *')]
    .filter((el) => { const r = el.getBoundingClientRect(); return r.width && (r.right > window.innerWidth + 1 || r.left < -1); })
    .filter((el) => !el.closest('.table-scroll, .visually-hidden, .skip-link, details:not([open]), [hidden]'))
    .slice(0, 5).map((el) => el.tagName + '.' + el.className),
})"""

SMALL_TARGETS = """(selector) => [...document.querySelectorAll(selector)]
  .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
  .map((el) => [el.textContent.trim().slice(0, 30), Math.round(el.getBoundingClientRect().height)])
  .filter(([, height]) => height < 44)"""


@pytest.fixture
def demo_platform(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.CREDENTIAL_KEY_DIR = tmp_path / "keys"
    call_command("setup_platform", verbosity=0)


@pytest.fixture
def learner_in_a_course(demo_platform):
    """A learner enrolled in a published course that has a quiz; their session key."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from iite.accounts.tests.factories import UserFactory
    from iite.learning.models import Quiz
    from iite.learning.services import enrolment_create

    quiz = (
        Quiz.objects.filter(module__course__status="published")
        .select_related("module__course")
        .order_by("pk")
        .first()
    )
    assert quiz is not None
    course = quiz.module.course
    lesson = course.modules.order_by("order").first().lessons.order_by("order").first()
    learner = UserFactory(email="phone-learner@example.org", preferred_language="ar")
    enrolment_create(user=learner, course=course)
    session = SessionStore()
    session[SESSION_KEY] = str(learner.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = learner.get_session_auth_hash()
    session.save()
    return course, lesson, quiz, (settings.SESSION_COOKIE_NAME, session.session_key)


def _phone(browser: Any, live_server: Any, width: int, height: int, **options: Any) -> Any:
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": height},
        is_mobile=True,
        has_touch=True,
        locale="ar",
        **options,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_no_page_is_wider_than_a_320_px_phone(browser, live_server, learner_in_a_course):
    """Every public page, a lesson and its quiz, in English and Arabic, fit 320 px: no sideways scroll."""
    course, lesson, quiz, (cookie, key) = learner_in_a_course
    page = _phone(browser, live_server, 320, 640)
    overflowing = {}
    visited = 0

    def visit(path: str) -> None:
        nonlocal visited
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        visited += 1
        found = page.evaluate(OVERFLOW)
        if found["scroll"] > found["inner"] or found["wide"]:
            overflowing[path] = found

    for language in ("en", "ar"):
        for path in _public_paths(language):
            visit(path)
    page.context.add_cookies([{"name": cookie, "value": key, "url": live_server.url}])
    for language in ("en", "ar"):
        with translation.override(language):
            for path in (
                reverse("learning:lesson", args=[course.slug, lesson.pk]),
                reverse("learning:quiz", args=[course.slug, quiz.pk]),
                reverse("learning:my"),
                reverse("events:mine"),
                reverse("accounts:profile"),
            ):
                visit(path)
    assert visited >= 2 * 26
    assert overflowing == {}
    page.context.close()


def test_arabic_phone_header_menu_filters_and_progress(browser, live_server, learner_in_a_course):
    """At 390×844 in Arabic: a one-row header, a menu that opens without JavaScript, 44 px
    targets, the event filters behind a button, and the learner's progress bar in the course."""
    course, lesson, _quiz, (cookie, key) = learner_in_a_course
    page = _phone(browser, live_server, 390, 844, java_script_enabled=False)
    page.goto("/ar/strategy/")
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= 64
    menu = page.locator(".site-menu")
    assert menu.get_attribute("open") is None
    assert not page.get_by_role("link", name="تسجيل الدخول").is_visible()
    page.locator(".site-menu > summary").click()
    assert menu.get_attribute("open") == ""
    assert page.locator(".site-menu-panel a").first.is_visible()
    assert (
        page.evaluate(
            SMALL_TARGETS, ".site-menu > summary, .site-menu-panel a, .site-menu-panel button"
        )
        == []
    )
    # The menu, once open, keeps to the screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.goto("/ar/events/")
    filters = page.locator(".filters-disclosure")
    assert filters.get_attribute("open") is None
    assert not page.locator("#f-kind").is_visible()
    page.locator(".filters-disclosure > summary").click()
    assert page.locator("#f-kind").is_visible()
    assert page.evaluate(SMALL_TARGETS, ".filters select, .filters input, .filters button") == []

    page.context.add_cookies([{"name": cookie, "value": key, "url": live_server.url}])
    with translation.override("ar"):
        page.goto(course.get_absolute_url())
    progress = page.locator(".course-progress progress")
    assert progress.is_visible()
    assert progress.get_attribute("max") == str(
        sum(module.lessons.count() for module in course.modules.all())
    )
    with translation.override("ar"):
        page.goto(reverse("learning:lesson", args=[course.slug, lesson.pk]))
    assert page.locator(".course-progress progress").is_visible()
    page.context.close()


def test_wide_screens_show_the_menu_as_a_bar(page):
    """On a desktop the menu's links are in the bar, with no button to press first."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/en/")
    assert not page.locator(".site-menu > summary").is_visible()
    assert page.get_by_role("link", name="Sign in").is_visible()
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= 110

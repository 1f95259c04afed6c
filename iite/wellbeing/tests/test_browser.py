"""A young person writes in Russian, is detected in crisis, sees Kyrgyzstan's helplines,
asks for a counsellor in one tap, and reads the counsellor's reply on the same page."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from iite.accounts.middleware import MFA_PASSED_SESSION_KEY
from iite.learning.tests.factories import current_period, make_platform
from iite.reference.services import reference_data_load
from iite.strategy.tests.factories import InitiativeFactory
from iite.wellbeing.models import Conversation, Helpline, UsageCount
from iite.wellbeing.reporting import PLATFORM_INITIATIVE

from .conftest import staff_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(context, user, url):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[MFA_PASSED_SESSION_KEY] = user.pk  # signed in with both factors
    session.save()
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": url}]
    )


def test_russian_crisis_kyrgyz_helplines_and_a_counsellors_reply(page, browser, axe, live_server):
    reference_data_load()
    Helpline.objects.create(
        country="KG", name="Детский телефон доверия", phone="111", for_children=True
    )
    counsellor = staff_with("Counsellor", "wellbeing.counsel_conversation")

    page.goto("/ru/wellbeing/")
    assert page.locator("#wellbeing-language").input_value() == "ru"
    assert axe(page) == []
    page.locator("#wellbeing-country").select_option("KG")
    page.locator("#wellbeing-text").fill("мне так плохо, не хочу больше жить")
    page.locator("form.wb-form button[type=submit]").click()
    helplines = page.locator(".wb-helplines")
    helplines.wait_for()
    assert "Детский телефон доверия" in helplines.inner_text()
    assert page.locator('.wb-helplines a[href="tel:111"]').count() == 1
    assert "Ты не должен(на) справляться с этим один" in page.locator(".wb-crisis").inner_text()
    assert axe(page) == []

    page.locator(".wb-helplines form button").click()
    page.locator(".wb-notice a[href$='#latest']").wait_for()
    conversation = Conversation.objects.get()
    assert (conversation.crisis, conversation.category, conversation.status) == (
        True,
        "self_harm",
        "waiting",
    )

    staff_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    _signed_in(staff_context, counsellor, live_server.url)
    staff = staff_context.new_page()
    staff.goto("/en/wellbeing/queue/")
    staff.get_by_role("link", name=str(conversation)).click()
    assert "не хочу больше жить" in staff.locator(".wb-messages").inner_text()
    staff.get_by_role("button", name="Claim").click()
    staff.get_by_label("Reply to the young person").fill(
        "Я здесь, я консультант. Ты сейчас в безопасности?"
    )
    staff.get_by_role("button", name="Send reply").click()
    staff.wait_for_load_state()
    assert axe(staff) == []
    staff_context.close()

    # The young person's page polls and shows the reply without reloading.
    page.locator(".wb-from-counsellor").wait_for(timeout=25_000)
    assert re.search("Я здесь, я консультант", page.locator(".wb-from-counsellor").inner_text())


def test_the_health_platform_page_sends_a_message_to_the_assistant(page, axe, live_server):
    """On the Health and Well-being platform's page the assistant's form is accessible and
    a message sent there is answered on the assistant's page."""
    period = current_period()
    InitiativeFactory(period=period, code=PLATFORM_INITIATIVE)
    platform = make_platform(
        "health-well-being",
        name={"en": "Learning Platform on Health and Well-being"},
        initiative_code=PLATFORM_INITIATIVE,
    )
    page.goto(f"/en/learning/{platform.slug}/")
    assert axe(page) == []
    page.locator("#wb-platform-language").select_option("ru")
    page.locator("#wb-platform-text").fill("мне так плохо, не хочу больше жить")
    page.locator(".wb-platform button[type=submit]").click()
    page.locator(".wb-helplines").wait_for()
    assert Conversation.objects.get().crisis


def test_staff_pages_of_the_assistant_are_accessible(page, browser, axe, live_server):
    """The answer bank, a helpline, and the usage page with its SVG charts pass axe."""
    UsageCount.objects.create(
        day=timezone.localdate(), language="ru", measure="conversations", count=4
    )
    line = Helpline.objects.create(country="KG", name="Детский телефон доверия", phone="111")
    editor = staff_with(
        "Administrator",
        "wellbeing.view_answer",
        "wellbeing.add_answer",
        "wellbeing.change_answer",
        "wellbeing.view_helpline",
        "wellbeing.change_helpline",
        "wellbeing.view_usagecount",
    )
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    _signed_in(context, editor, live_server.url)
    staff = context.new_page()
    for path in (
        "/en/wellbeing/staff/answers/",
        "/en/wellbeing/staff/answers/new/",
        f"/en/wellbeing/staff/helplines/{line.pk}/",
        "/en/wellbeing/statistics/",
    ):
        staff.goto(path)
        assert axe(staff) == [], path
    assert staff.locator('svg[role="img"]').count() == 4
    context.close()

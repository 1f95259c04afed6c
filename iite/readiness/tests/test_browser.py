"""A teacher answers on a phone in French; the coordinator reads the report and plans."""

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from iite.readiness.models import Response

from .conftest import answer_all, make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "() => document.documentElement.scrollWidth > window.innerWidth"


def _session_of(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key


def test_a_teacher_answers_on_a_phone_and_the_coordinator_plans(
    browser, live_server, frameworks, coordinator
):
    campaign = make_campaign(frameworks["school"], coordinator, institution="Lycée de Thiès")
    answer_all(campaign, "teachers", [2], count=4)
    code = campaign.codes.get(group="teachers").code

    phone = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale="fr",
    )
    page = phone.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"/fr/readiness/r/{code}/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "Lycée de Thiès" in page.locator("main").inner_text()
    page.locator("main form button[type=submit]").click()
    pages = 0
    while True:
        pages += 1
        assert not page.evaluate(OVERFLOW), page.url
        for fieldset in page.locator("fieldset.statement").all():
            # The fourth level ("D'accord" in French): labels are the tap targets.
            fieldset.locator("label").nth(3).click()
        send = page.locator("button[name=send]")
        if send.count():
            send.click()
            break
        page.locator("button[name=next]").click()
    assert pages == 9  # one page per area of the school framework
    page.wait_for_url("**/thanks/")
    response = Response.objects.get(submitted=True, language="fr")
    assert {answer.value for answer in response.answers.all()} == {4}
    phone.close()

    desk = browser.new_context(base_url=live_server.url, locale="en-GB")
    desk.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": _session_of(coordinator),
                "url": live_server.url,
            }
        ]
    )
    page = desk.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"/en/readiness/campaigns/{campaign.pk}/report/")
    # Five teachers now: (4 × 2 + 4) / 5 = 2.4 for every area; leaders and students hidden.
    first_row = page.locator("table").nth(1).locator("tbody tr").first
    assert first_row.locator("td").nth(1).inner_text() == "2.4"
    assert first_row.locator("td").nth(0).inner_text() == "–"
    assert page.locator("svg.chart title").first.text_content().startswith("Mean score")
    page.goto(f"/en/readiness/campaigns/{campaign.pk}/plan/")
    page.get_by_label("AI in teaching and learning").check()
    page.get_by_label("Infrastructure and equipment").check()
    page.get_by_role("button", name="Save the priorities").click()
    page.get_by_role("link", name="Add an action").first.click()
    page.locator("#id_text").fill("Map classrooms without a reliable connection")
    page.locator("#id_owner").fill("ICT coordinator")
    page.locator("#id_due_on").fill("2027-01-31")
    page.get_by_role("button", name="Save").click()
    assert "Map classrooms without a reliable connection" in page.locator("main").inner_text()
    assert campaign.priorities.count() == 2
    desk.close()

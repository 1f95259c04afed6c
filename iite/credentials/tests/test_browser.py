"""A verifier opens a shared credential, verifies it, and checks a tampered file (Arabic too)."""

from __future__ import annotations

import json

import pytest

from iite.accounts.tests.factories import UserFactory
from iite.credentials import services
from iite.credentials.tests.factories import AchievementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_verifier_checks_a_shared_credential_and_a_tampered_copy(page, axe, tmp_path):
    """From the public page, Verify shows every check passed; an altered file fails."""
    learner = UserFactory(email="teacher@example.org", name="Layla", preferred_language="ar")
    credential = services.credential_issue(achievement=AchievementFactory(), recipient=learner)

    page.goto(f"/en/credentials/{credential.uuid}/")
    assert page.get_by_role("heading", level=1).inner_text() == "AI competencies for teachers"
    assert axe(page) == []
    page.get_by_role("link", name="Verify", exact=True).click()
    page.wait_for_url("**/credentials/verify/**")
    assert page.get_by_role("heading", name="This credential is valid").is_visible()
    assert axe(page) == []

    tampered = dict(credential.document)
    tampered["name"] = "Doctor of Everything"
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(tampered))
    page.goto("/ar/credentials/verify/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_label("ملف الشهادة (JSON)").set_input_files(str(path))
    page.get_by_role("button", name="تحقّق").click()
    assert page.get_by_role("heading", name="هذه الشهادة غير صالحة").is_visible()
    assert page.get_by_text("التوقيع غير مطابق").is_visible()
    assert axe(page) == []


def _sign_in(page, live_server, user) -> None:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from iite.accounts.middleware import MFA_PASSED_SESSION_KEY

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[MFA_PASSED_SESSION_KEY] = user.pk  # signed in with both factors
    session.save()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )


def test_staff_issue_a_batch_to_a_course_and_follow_it(page, axe, live_server, activity):
    """A programme officer picks a course, sees who qualifies, issues to all, sees it done."""
    from django.contrib.auth.models import Permission
    from django.utils import timezone

    from iite.accounts.tests.factories import give_totp
    from iite.credentials.models import Achievement, Credential
    from iite.learning.models import Enrolment
    from iite.learning.tests.factories import make_course

    activity.period.is_current = True
    activity.period.save(update_fields=["is_current"])
    course = make_course("ai-basics", with_quiz=False)
    course.achievement = Achievement.objects.create(
        code="ai-basics",
        kind=Achievement.Kind.COURSE,
        name={"en": "AI basics for teachers"},
        description={"en": "Completed the course."},
        criteria={"en": "<p>Every lesson.</p>"},
    )
    course.save()
    for name in ["Amara Okafor", "Bilal Khan", "Chen Wei"]:
        Enrolment.objects.create(
            user=UserFactory(name=name), course=course, completed_at=timezone.now()
        )
    officer = UserFactory(email="officer@example.org", is_staff=True)
    officer.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_credentialbatch", "revoke_credential"])
    )
    give_totp(officer)
    _sign_in(page, live_server, officer)

    page.goto("/en/credentials/manage/batches/")
    assert axe(page) == []
    page.get_by_label("Course or event").select_option("course:ai-basics")
    page.get_by_role("button", name="See who qualifies").click()
    assert page.get_by_text(
        "3 qualify; 0 already hold the credential; 3 will receive it."
    ).is_visible()
    assert page.get_by_role("cell", name="Chen Wei").is_visible()
    assert axe(page) == []
    page.get_by_role("button", name="Issue to all 3 people").click()
    page.wait_for_url("**/credentials/manage/batches/*/")
    assert page.get_by_text("3 of 3 done; 3 credentials issued.").is_visible()
    assert page.locator(".batch-status").inner_text() == "Done"
    assert axe(page) == []
    assert Credential.objects.filter(achievement=course.achievement).count() == 3


def test_teacher_adds_a_webinar_credential_to_linkedin(page, axe, live_server, activity):
    """A teacher finds their webinar certificate in My learning and adds it to LinkedIn."""
    from urllib.parse import parse_qs, urlsplit

    from iite.events.certificates import certificate_issue
    from iite.events.services import registration_create, registration_mark_attended
    from iite.events.tests.factories import make_event

    activity.period.is_current = True
    activity.period.save(update_fields=["is_current"])
    teacher = UserFactory(email="teacher@example.org", name="Layla Haddad", preferred_language="en")
    event = make_event(title={"en": "Teaching with AI"})
    registration = registration_create(event=event, user=teacher)
    registration_mark_attended(registration=registration, minutes=80)
    certificate_issue(registration=registration)
    _sign_in(page, live_server, teacher)

    page.goto("/en/learning/my/")
    page.get_by_role("link", name="Certificate of attendance: Teaching with AI").click()
    page.wait_for_url("**/credentials/*/")
    assert page.get_by_role("status").get_by_text("Verified").is_visible()
    link = page.get_by_label("Copy the link to this page:")
    assert link.get_attribute("readonly") is not None
    public_url = link.input_value()
    assert axe(page) == []

    opened = []

    def linkedin(route):
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>LinkedIn</title>")

    page.context.route("https://www.linkedin.com/**", linkedin)
    with page.context.expect_page() as new_tab:
        page.get_by_role("link", name="Add to LinkedIn profile").click()
    new_tab.value.wait_for_load_state()
    query = parse_qs(urlsplit(opened[0]).query)
    assert query["startTask"] == ["CERTIFICATION_NAME"]
    assert query["name"] == ["Certificate of attendance: Teaching with AI"]
    assert query["certUrl"] == [public_url]
    assert query["organizationName"] == [
        "UNESCO Institute for Information Technologies in Education"
    ]

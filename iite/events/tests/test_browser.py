import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from iite.accounts.tests.factories import PASSWORD, UserFactory
from iite.events.attendance import attendance_import
from iite.events.certificates import certificates_issue
from iite.events.models import AttendanceImport, Certificate, Registration
from iite.programme.models import Participation

from .factories import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _zoom_report(event, email):
    zone = timezone.get_fixed_timezone(0)
    start = event.starts_at.astimezone(zone)
    end = event.ends_at.astimezone(zone)
    fmt = "%m/%d/%Y %I:%M:%S %p"
    return (
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
        f'81234567890,"{event.title}",{start:{fmt}},{end:{fmt}},host@iite.example.org,90,2\n\n'
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
        f"Анна Смирнова,{email.upper()},{start:{fmt}},{end:{fmt}},90,Yes\n"
    ).encode()


def test_visitor_finds_a_russian_webinar_registers_and_gets_a_verified_certificate(page, axe):
    """Find the Russian webinar, sign in, register, get the e-mail; after the Zoom import
    and certificate issue, the public verification page confirms the certificate."""
    webinar = make_event(
        title={"ru": "Искусственный интеллект для учителей", "en": "AI for teachers"},
        original_language="ru",
        languages=["ru"],
        starts_at=timezone.now() - timedelta(minutes=5),
        time_zone="UTC",
    )
    make_event(title={"fr": "Formation au codage"}, original_language="fr", languages=["fr"])
    # The factory verifies the visitor's address, as signing up and confirming it would.
    visitor = UserFactory(email="anna@example.org", name="Анна Смирнова", preferred_language="ru")

    page.goto("/en/events/")
    assert axe(page) == []
    page.get_by_label("Language of delivery").select_option("ru")
    page.get_by_role("button", name="Show events").click()
    # htmx may swap the results in place: wait until the French event has gone.
    expect(page.get_by_text("Formation au codage")).to_have_count(0)
    page.get_by_role("link", name="AI for teachers").click()
    page.wait_for_url(f"**/events/{webinar.slug}/")
    assert axe(page) == []

    page.get_by_role("link", name="Sign in to register").click()
    page.get_by_label("Email").fill(visitor.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("form").get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"**/events/{webinar.slug}/")
    page.get_by_role("button", name="Register").click()
    page.get_by_text("Your place is confirmed.").wait_for()
    assert Registration.objects.get(event=webinar, user=visitor).status == "confirmed"
    confirmations = [m for m in mail.outbox if m.to == [visitor.email]]
    assert len(confirmations) == 1
    assert "Искусственный интеллект для учителей" in confirmations[0].subject

    before = Participation.objects.filter(activity=webinar.activity, attended=True).count()
    result = attendance_import(
        event=webinar, file=io.BytesIO(_zoom_report(webinar, visitor.email)), file_name="zoom.csv"
    )
    assert result.errors == []
    assert (
        Participation.objects.filter(activity=webinar.activity, attended=True).count() == before + 1
    )
    certificates_issue(event=webinar)
    certificate = Certificate.objects.get(registration__user=visitor)
    assert certificate.language == "ru"

    page.goto(f"/en/events/certificates/{certificate.code}/")
    page.get_by_text("This certificate of attendance is valid").wait_for()
    assert page.get_by_text("Анна Смирнова").count() == 1


def test_staff_upload_attendance_in_arabic_and_pages_pass_axe(page, axe, live_server):
    """A programme officer uploads a Teams report through the Arabic staff page; the report
    is of another meeting, so the page asks, and the officer confirms by sending it again
    with the box ticked; the attendance page, with the confirmation request and the list
    to check, and the Arabic event page pass axe."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from iite.accounts.middleware import MFA_PASSED_SESSION_KEY

    from .conftest import role_user

    event = make_event(
        title={"ar": "ندوة الذكاء الاصطناعي", "en": "AI webinar"},
        original_language="ar",
        languages=["ar"],
        time_zone="UTC",
    )
    officer = role_user("Programme officer")
    session = SessionStore()
    session[SESSION_KEY] = str(officer.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = officer.get_session_auth_hash()
    session[MFA_PASSED_SESSION_KEY] = officer.pk  # signed in with both factors
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

    page.goto(f"/ar/events/{event.slug}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert axe(page) == []
    report = str(Path(__file__).parent / "data" / "teams_attendance.csv")
    page.goto(f"/ar/events/manage/{event.slug}/attendance/")
    assert page.locator("input[name=confirm]").count() == 0
    page.locator("input[type=file]").set_input_files(report)
    page.get_by_role("button", name="استيراد").click()
    page.locator("input[name=confirm]").wait_for()
    assert not AttendanceImport.objects.exists()
    assert axe(page) == []
    page.locator("input[type=file]").set_input_files(report)
    page.locator("input[name=confirm]").check()
    page.get_by_role("button", name="استيراد").click()
    # The organiser waits for staff; the guests count, with or without an account.
    page.get_by_text("webinars@iite.example.org").first.wait_for()
    assert page.get_by_text("tashkent.guest@example.net").count() == 0
    assert AttendanceImport.objects.get().attended == 2
    assert axe(page) == []

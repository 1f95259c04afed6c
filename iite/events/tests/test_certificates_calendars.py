import io
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from iite.accounts.tests.factories import UserFactory
from iite.events.calendars import event_ics, event_uid
from iite.events.certificates import certificate_pdf, certificates_issue
from iite.events.models import Certificate, EventSession
from iite.events.services import registration_create, registration_mark_attended
from iite.programme.models import Participation

from .factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def attended(period):
    event = make_event(title={"en": "AI in education", "ar": "الذكاء الاصطناعي في التعليم"})
    people = [
        UserFactory(name="Layla Haddad", preferred_language="ar"),
        UserFactory(name="Kofi Mensah"),
        UserFactory(),
    ]
    registrations = [registration_create(event=event, user=p) for p in people]
    for registration in registrations[:2]:
        registration_mark_attended(registration=registration, minutes=80)
    return event, registrations


def test_bulk_issue_certifies_only_those_who_attended_once(attended, officer):
    """Attended registrants get one certificate each; a second run issues nothing new."""
    event, _registrations = attended
    result = certificates_issue(event=event, issued_by=officer)
    assert (result.issued, result.already) == (2, 0)
    assert Certificate.objects.count() == 2
    assert Participation.objects.filter(activity=event.activity, certified=True).count() == 2
    again = certificates_issue(event=event, issued_by=officer)
    assert (again.issued, again.already) == (0, 2)


def test_certificate_pdf_is_in_the_holders_language_with_its_code(attended):
    """The Arabic holder's PDF is in Arabic, names them and carries the verification code."""
    event, registrations = attended
    certificates_issue(event=event)
    certificate = Certificate.objects.get(registration=registrations[0])
    assert certificate.language == "ar"
    reader = PdfReader(io.BytesIO(certificate_pdf(certificate)))
    text = reader.pages[0].extract_text()
    assert certificate.code in text
    assert "Layla Haddad" in text
    assert len(reader.pages) == 1


def test_public_verification_page_confirms_a_certificate(client, attended):
    """Anyone with the code sees holder, event and date; an unknown code is a 404 page."""
    event, registrations = attended
    certificates_issue(event=event)
    certificate = Certificate.objects.get(registration=registrations[1])
    response = client.get(f"/en/events/certificates/{certificate.code}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "This certificate of attendance is valid" in body
    assert "Kofi Mensah" in body and "AI in education" in body
    assert "<svg" in body
    assert client.get("/en/events/certificates/NOSUCHCODE/").status_code == 404


def test_only_the_holder_downloads_the_pdf(client, attended):
    """The PDF is for its holder; another signed-in person is refused."""
    event, registrations = attended
    certificates_issue(event=event)
    certificate = Certificate.objects.get(registration=registrations[1])
    client.force_login(registrations[1].user)
    response = client.get(f"/en/events/certificates/{certificate.code}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(registrations[2].user)
    assert client.get(f"/en/events/certificates/{certificate.code}/pdf/").status_code == 403


def test_event_ics_is_valid_with_timezone_uid_and_dtstamp(period, client):
    """The .ics parses back with VERSION, PRODID, a stable UID, DTSTAMP and the event's VTIMEZONE."""
    starts = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    event = make_event(
        starts_at=starts, ends_at=starts + timedelta(hours=2), time_zone="Asia/Almaty"
    )
    calendar = Calendar.from_ical(event_ics(event))
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == event_uid(event) == f"event-{event.pk}@events.iite.unesco.org"
    assert vevent["DTSTAMP"]
    assert vevent["DTSTART"].dt == starts
    assert vevent["DTSTART"].params["TZID"] == "Asia/Almaty"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Almaty"]
    response = client.get(f"/en/events/{event.slug}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert Calendar.from_ical(response.content).walk("VEVENT")[0]["UID"] == event_uid(event)


def test_a_confirmed_registrants_ics_carries_the_joining_link_and_no_one_elses(period, client):
    """The joining link reaches a confirmed registrant's calendar; the public .ics never has it."""
    event = make_event(joining_url="https://meet.example.org/iite-ai")
    path = f"/en/events/{event.slug}/calendar.ics"
    public = Calendar.from_ical(client.get(path).content).walk("VEVENT")[0]
    assert "CONFERENCE" not in public
    assert "meet.example.org" not in str(public["DESCRIPTION"])
    person = UserFactory()
    registration_create(event=event, user=person)
    client.force_login(person)
    response = client.get(path)
    assert response["Cache-Control"] == "private, no-store"
    (vevent,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["CONFERENCE"]) == "https://meet.example.org/iite-ai"
    assert vevent["CONFERENCE"].params["VALUE"] == "URI"
    assert "Joining link: https://meet.example.org/iite-ai" in str(vevent["DESCRIPTION"])


def test_feed_lists_upcoming_public_events_and_filters_by_language(period, client):
    """The feed has upcoming published events; ?language=ru keeps those delivered in Russian."""
    ru = make_event(languages=["ru"], time_zone="Europe/Moscow")
    make_event(languages=["fr"], time_zone="Africa/Lagos")
    make_event(languages=["ru"], status="draft")
    make_event(languages=["ru"], starts_at=timezone.now() - timedelta(days=9))
    everything = Calendar.from_ical(client.get("/en/events/feed.ics").content)
    assert len(everything.walk("VEVENT")) == 2
    assert {str(tz["TZID"]) for tz in everything.walk("VTIMEZONE")} == {
        "Europe/Moscow",
        "Africa/Lagos",
    }
    russian = Calendar.from_ical(client.get("/en/events/feed.ics?language=ru").content)
    assert [str(e["UID"]) for e in russian.walk("VEVENT")] == [event_uid(ru)]


def test_sessions_of_a_multi_day_conference_form_a_timetable(period, client):
    """The event page groups sessions by day in the visitor's zone and says which zone."""
    starts = datetime(2026, 12, 9, 7, 0, tzinfo=UTC)
    event = make_event(
        kind="global_conference", starts_at=starts, ends_at=starts + timedelta(days=1, hours=9)
    )
    EventSession.objects.create(
        event=event,
        title={"en": "Opening plenary"},
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    EventSession.objects.create(
        event=event,
        title={"en": "Day two workshops"},
        starts_at=starts + timedelta(days=1),
        ends_at=starts + timedelta(days=1, hours=3),
    )
    body = client.get(f"/en/events/{event.slug}/?tz=Asia/Shanghai").content.decode()
    assert "Times are shown in Asia/Shanghai." in body
    assert body.count('<table class="data-table timetable">') == 2
    assert "15:00" in body  # 07:00 UTC is 15:00 in Shanghai

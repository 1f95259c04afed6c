"""The staff attendance page: confirmation, several files, bad numbers, a current summary."""

import io
import re
from datetime import UTC, datetime

import pytest

from iite.accounts.tests.factories import UserFactory
from iite.events.models import AttendanceImport, Attendee
from iite.events.services import registration_create, registration_mark_attended
from iite.programme.models import Participation, Person

from .factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def webinar(period):
    return make_event(
        title={"en": "AI in schools"},
        starts_at=datetime(2026, 12, 8, 12, 0, tzinfo=UTC),
        ends_at=datetime(2026, 12, 8, 13, 30, tzinfo=UTC),
        time_zone="UTC",
    )


def _report(name, topic="AI in schools", rows=None, minutes="90"):
    rows = rows or [
        f"Guest,guest@example.net,12/08/2026 12:00:00 PM,12/08/2026 01:30:00 PM,{minutes},Yes"
    ]
    text = "\n".join(
        [
            "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants",
            f"81234567890,{topic},12/08/2026 12:00:00 PM,12/08/2026 01:30:00 PM,h@x.org,90,2",
            "",
            "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest",
            *rows,
        ]
    )
    upload = io.BytesIO(text.encode())
    upload.name = name
    return upload


def _url(event):
    return f"/en/events/manage/{event.slug}/attendance/"


def test_a_report_of_another_meeting_is_imported_only_once_confirmed(client, officer, webinar):
    """The page says why the report may be another meeting's and offers the confirmation box;
    nothing is written until the files are sent again with the box ticked."""
    client.force_login(officer)
    response = client.post(_url(webinar), {"reports": [_report("budget.csv", "Budget meeting")]})
    body = response.content.decode()
    assert response.status_code == 200
    assert "budget.csv may not be this event's report; nothing was imported:" in body
    assert "“Budget meeting” (ID 81234567890)" in body
    assert 'name="confirm"' in body
    assert not AttendanceImport.objects.exists() and not Person.objects.exists()
    response = client.post(
        _url(webinar), {"reports": [_report("budget.csv", "Budget meeting")], "confirm": "on"}
    )
    assert response.status_code == 302
    assert AttendanceImport.objects.get().attended == 1
    assert Participation.objects.filter(attended=True).count() == 1


def test_the_confirmation_box_is_not_offered_when_nothing_differs(client, officer, webinar):
    client.force_login(officer)
    assert 'name="confirm"' not in client.get(_url(webinar)).content.decode()


def test_several_files_are_imported_all_or_none_and_the_page_says_so_for_each(
    client, officer, webinar
):
    """A good file and a file with an infinite duration: nothing is imported; the page names
    the bad file's row and column and says the good one was not imported either."""
    client.force_login(officer)
    response = client.post(
        _url(webinar), {"reports": [_report("good.csv"), _report("bad.csv", minutes="1e309")]}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported from bad.csv:" in body
    assert "Duration (Minutes)" in body and "“1e309” is not a number of minutes." in body
    assert (
        "good.csv has no problem, but it was not imported either: reports uploaded together "
        "are imported all or none."
    ) in body
    assert not AttendanceImport.objects.exists() and not Participation.objects.exists()


@pytest.mark.parametrize("minutes", ["inf", "nan", "1e30", "-1"])
def test_a_bad_duration_is_a_page_with_the_error_never_a_crash(client, officer, webinar, minutes):
    client.force_login(officer)
    response = client.post(_url(webinar), {"reports": [_report("zoom.csv", minutes=minutes)]})
    assert response.status_code == 400
    assert re.search(
        r"<td>zoom\.csv</td><td class=\"num\">5</td><td>Duration \(Minutes\)</td>",
        response.content.decode(),
    )


def test_the_summary_is_current_after_hand_matching(client, officer, webinar):
    """Matched reads 0, then 1 once staff match the host to an account: the page shows the
    state after matching, not the state at import."""
    client.force_login(officer)
    host_row = (
        "IITE Webinars (Host),webinars@iite.example.org,12/08/2026 12:00:00 PM,"
        "12/08/2026 01:30:00 PM,90,No"
    )
    client.post(_url(webinar), {"reports": [_report("zoom.csv", rows=[host_row])]})
    record = AttendanceImport.objects.get()
    summary = r'<td class="num">1</td><td class="num">{matched}</td><td class="num">{attended}</td>'
    body = client.get(_url(webinar)).content.decode()
    assert re.search(summary.format(matched=0, attended=0), body)
    staff = UserFactory(email="host.account@iite.example.org")
    host = Attendee.objects.get(attendance_import=record)
    response = client.post(
        f"{_url(webinar)}attendees/{host.pk}/", {"action": "resolve", "email": staff.email}
    )
    assert response.status_code == 302
    body = client.get(_url(webinar)).content.decode()
    assert re.search(summary.format(matched=1, attended=1), body)
    assert "No attendee is left to check." in body


def test_the_attendance_count_takes_the_plural_form_of_its_number(client, officer, webinar):
    """ "0 people", "1 person attended": the count chooses the form (ngettext), not a fixed word."""
    client.force_login(officer)
    assert "0 people attended (present for at least" in client.get(_url(webinar)).content.decode()
    registration = registration_create(event=webinar, user=UserFactory())
    registration_mark_attended(registration=registration, minutes=90)
    assert "1 person attended (present for at least" in client.get(_url(webinar)).content.decode()

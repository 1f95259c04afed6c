import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from iite.accounts.tests.factories import UserFactory
from iite.events.attendance import (
    attendance_import,
    attendance_import_many,
    attendee_count_as_person,
    attendee_dismiss,
    attendee_resolve,
)
from iite.events.attendance_reports import ZoomMeetingParser, report_joins
from iite.events.models import AttendanceImport, AttendanceRow, Attendee, Registration
from iite.events.services import registration_create
from iite.programme.models import Participation, Person
from iite.programme.services import person_erase

from .factories import make_event

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


@pytest.fixture
def webinar(period):
    """The 8 December 2026 webinar, 12:00–13:30 UTC (90 minutes; 45 needed to attend), whose
    Zoom and Teams reports are in data/."""
    return make_event(
        title={"ru": "Использование ИИ и новых технологий для трансформации образования"},
        original_language="ru",
        starts_at=datetime(2026, 12, 8, 12, 0, tzinfo=UTC),
        ends_at=datetime(2026, 12, 8, 13, 30, tzinfo=UTC),
        time_zone="UTC",
        languages=["ru"],
    )


@pytest.fixture
def registrants(webinar, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 1, tzinfo=UTC))
    aigerim = UserFactory(email="aigerim.demo@example.org", sex="female", role="teacher")
    ivan = UserFactory(email="ivan.demo@example.org", sex="male", role="teacher_trainer")
    layla = UserFactory(email="layla.demo@example.org", sex="female", role="student")
    for person in (aigerim, ivan, layla):
        registration_create(event=webinar, user=person)
    monkeypatch.undo()
    return aigerim, ivan, layla


def _import(event, name, **kwargs):
    with open(DATA / name, "rb") as handle:
        return attendance_import(event=event, file=handle, file_name=name, **kwargs)


def _attended(event):
    """The accounts recorded as present."""
    return set(
        Participation.objects.filter(
            activity=event.activity, attended=True, person__isnull=False
        ).values_list("person__email", flat=True)
    )


def _attended_people(event):
    """The person records (people without an account) recorded as present."""
    keys = Participation.objects.filter(
        activity=event.activity, attended=True, person__isnull=True
    ).values("person_key")
    return set(Person.objects.filter(person_key__in=keys).values_list("email", "name"))


def test_zoom_meeting_report_merges_joins_and_applies_the_threshold(webinar, registrants):
    """Overlapping joins count once (union of intervals); case-insensitive e-mail matching;
    Aigerim (91 min over two joins) attended, Ivan (two overlapping 20-minute joins = 25 min) did not.
    The guest from Almaty (88 min) and the phone user (48 min, no address) have no account and
    count through person records; the host waits for staff."""
    result = _import(webinar, "zoom_meeting_participants.csv")
    assert result.errors == []
    record = result.record
    assert (record.source, record.rows, record.people, record.matched, record.attended) == (
        "zoom_meeting",
        7,
        5,
        2,
        3,
    )
    assert _attended_people(webinar) == {
        ("guest.almaty@example.net", "Гость Алматы"),
        ("", "Phone user"),
    }
    aigerim = Attendee.objects.get(event=webinar, email="aigerim.demo@example.org")
    assert (aigerim.joins, aigerim.minutes, aigerim.attended, aigerim.status) == (
        2,
        91,
        True,
        "matched",
    )
    ivan = Attendee.objects.get(event=webinar, email="ivan.demo@example.org")
    assert (ivan.joins, ivan.minutes, ivan.attended) == (2, 25, False)
    assert _attended(webinar) == {"aigerim.demo@example.org"}
    unmatched = set(
        Attendee.objects.filter(event=webinar, status="unmatched").values_list("email", flat=True)
    )
    assert unmatched == {"webinars@iite.example.org"}
    assert set(
        Attendee.objects.filter(event=webinar, status="person").values_list("email", flat=True)
    ) == {"guest.almaty@example.net", "name:phone user"}
    assert not AttendanceRow.objects.exists()


def test_zoom_webinar_report_reads_the_attendee_sections_only(webinar, registrants):
    """Host and panelists are skipped, "Attended: No" rows too; "Other Attended" is read."""
    result = _import(webinar, "zoom_webinar_attendees.csv")
    assert result.errors == []
    emails = set(Attendee.objects.filter(event=webinar).values_list("email", flat=True))
    assert emails == {"aigerim.demo@example.org", "ivan.demo@example.org", "viewer@example.net"}
    ivan = Attendee.objects.get(event=webinar, email="ivan.demo@example.org")
    assert (ivan.minutes, ivan.attended) == (60, True)
    assert _attended(webinar) == {"aigerim.demo@example.org", "ivan.demo@example.org"}


def test_teams_report_utf16_sections_and_durations(webinar, registrants):
    """The Teams report (UTF-16, tabs, sections) is read from its In-Meeting Activities."""
    result = _import(webinar, "teams_attendance.csv")
    assert result.errors == []
    assert result.record.source == "teams"
    aigerim = Attendee.objects.get(event=webinar, email="aigerim.demo@example.org")
    assert (aigerim.joins, aigerim.minutes, aigerim.attended) == (2, 80, True)
    ivan = Attendee.objects.get(event=webinar, email="ivan.demo@example.org")
    assert (ivan.minutes, ivan.attended) == (35, False)
    assert _attended(webinar) == {"aigerim.demo@example.org"}


def test_teams_report_without_activities_uses_participant_durations(webinar, registrants):
    """Without section 3, the "In-Meeting Duration" ("1h 20m 50s") of section 2 counts."""
    text = (DATA / "teams_attendance.csv").read_bytes().decode("utf-16")
    text = text.split("\r\n\r\n3. In-Meeting Activities")[0]
    result = attendance_import(
        event=webinar, file=io.BytesIO(text.encode("utf-16")), file_name="short.csv"
    )
    assert result.errors == []
    aigerim = Attendee.objects.get(event=webinar, email="aigerim.demo@example.org")
    assert (aigerim.minutes, aigerim.attended) == (81, True)


def test_importing_the_same_report_again_changes_nothing(webinar, registrants):
    """The file's hash is stored: the second import is reported as a duplicate and writes nothing."""
    _import(webinar, "zoom_meeting_participants.csv")
    before = (Attendee.objects.count(), Participation.objects.filter(attended=True).count())
    again = _import(webinar, "zoom_meeting_participants.csv")
    assert again.duplicate is True
    assert AttendanceImport.objects.count() == 1
    assert (Attendee.objects.count(), Participation.objects.filter(attended=True).count()) == before


def test_import_changes_the_activitys_attended_count(webinar, registrants):
    """The indicators read Participation: the attended count of the activity rises after the import."""
    assert Participation.objects.filter(activity=webinar.activity, attended=True).count() == 0
    _import(webinar, "zoom_webinar_attendees.csv")
    assert Participation.objects.filter(activity=webinar.activity, attended=True).count() == 2
    record = Participation.objects.get(
        activity=webinar.activity, person__email="ivan.demo@example.org"
    )
    assert (record.sex, record.person_role) == ("male", "teacher_trainer")


def test_import_records_attendance_through_the_programmes_bulk_door(
    webinar,
    registrants,
    participation_bulk_calls,
    records_heard,
    django_capture_on_commit_callbacks,
):
    """Attendance reaches Participation through participation_record_many, which announces
    the change once the import commits (nothing is announced before)."""
    calls = participation_bulk_calls("iite.programme.import_steps")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _import(webinar, "zoom_webinar_attendees.csv")
    assert records_heard == []
    for callback in callbacks:
        callback()
    assert [
        sorted((e.activity_id, e.attended, e.source) for e in entries) for entries in calls
    ] == [[(webinar.activity_id, True, "attendance")] * 2]
    assert records_heard == [frozenset({"participation"})]


def test_a_file_with_an_error_names_file_row_column_and_writes_nothing(webinar, registrants):
    """A bad date on line 8 is reported with file, row and column; no attendee is written."""
    text = (DATA / "zoom_meeting_participants.csv").read_text()
    text = text.replace("12/08/2026 12:05:00 PM", "yesterday-ish", 1)
    result = attendance_import(event=webinar, file=io.BytesIO(text.encode()), file_name="bad.csv")
    assert result.record is None
    assert [(e.file, e.row, e.column) for e in result.errors] == [("bad.csv", 8, "Join Time")]
    assert "not a date and time" in result.errors[0].message
    assert not Attendee.objects.exists()
    assert not AttendanceImport.objects.exists()
    assert not Participation.objects.filter(attended=True).exists()


def test_a_file_that_is_no_report_is_refused(webinar):
    """A spreadsheet of something else is refused with a message, never a crash."""
    result = attendance_import(event=webinar, file=io.BytesIO(b"a,b\n1,2\n"), file_name="other.csv")
    assert result.record is None
    assert "not a Zoom or Microsoft Teams" in result.errors[0].message


def test_staff_resolve_an_unmatched_attendee_or_dismiss_one(webinar, registrants):
    """An attendee under a registrant's name but another address waits for staff; matching
    them to the user registers them and records attendance; dismissing hides the host."""
    person = UserFactory(email="almaty.teacher@example.org", name="Гость Алматы")
    registration_create(event=webinar, user=person)
    _import(webinar, "zoom_meeting_participants.csv")
    guest = Attendee.objects.get(event=webinar, email="guest.almaty@example.net")
    assert (guest.status, guest.person_key) == ("unmatched", None)
    assert not Person.objects.filter(email="guest.almaty@example.net").exists()
    attendee_resolve(attendee=guest, user=person)
    registration = Registration.objects.get(event=webinar, user=person)
    assert (registration.status, registration.attended) == ("confirmed", True)
    assert Participation.objects.get(activity=webinar.activity, person=person).attended is True
    host = Attendee.objects.get(event=webinar, email="webinars@iite.example.org")
    attendee_dismiss(attendee=host)
    assert (
        set(
            Attendee.objects.filter(event=webinar, status="unmatched").values_list(
                "email", flat=True
            )
        )
        == set()
    )


def test_threshold_is_an_event_setting(webinar, registrants):
    """With the threshold at 20%, Ivan's 25 minutes of 90 count as attended."""
    webinar.attendance_threshold = 20
    webinar.save()
    _import(webinar, "zoom_meeting_participants.csv")
    assert _attended(webinar) == {"aigerim.demo@example.org", "ivan.demo@example.org"}


def test_large_report_is_streamed_in_batches(webinar, django_assert_max_num_queries):
    """A 3,000-person report takes a bounded number of queries, not one per person (batched
    lookups, bulk writes): about 150, of which each 1,000-person batch writes its own step
    and person rows in chunks the embedded database's parameter limit allows."""
    lines = ["Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest"]
    for n in range(3000):
        lines.append(f"P{n},p{n}@example.net,12/08/2026 12:00:00 PM,12/08/2026 01:00:00 PM,60,Yes")
    payload = io.BytesIO("\n".join(lines).encode())
    with django_assert_max_num_queries(180):
        result = attendance_import(event=webinar, file=payload, file_name="big.csv")
    assert result.record.people == 3000


def _meeting_report(
    rows, topic="Использование ИИ и новых технологий для трансформации образования"
):
    """A Zoom meeting report of the webinar (8 December 2026, 12:00–13:30)."""
    lines = [
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants",
        f'81234567890,"{topic}",12/08/2026 12:00:00 PM,12/08/2026 01:30:00 PM,h@x.org,90,2',
        "",
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest",
        *rows,
    ]
    return io.BytesIO("\n".join(lines).encode())


GUEST = "Guest,guest@example.net,12/08/2026 12:00:00 PM,12/08/2026 01:30:00 PM,{minutes},Yes"


@pytest.mark.parametrize("minutes", ["inf", "nan", "1e309", "1e30", "-5", "-inf", "99999999h"])
def test_a_duration_that_is_no_number_of_minutes_is_refused_with_file_row_and_column(
    webinar, minutes
):
    """Infinite, not-a-number, overflowing, absurdly long and negative durations are errors
    at their file, row and column; nothing is written."""
    result = attendance_import(
        event=webinar,
        file=_meeting_report([GUEST.format(minutes=minutes)]),
        file_name="zoom.csv",
    )
    assert result.record is None
    assert [(e.file, e.row, e.column) for e in result.errors] == [
        ("zoom.csv", 5, "Duration (Minutes)")
    ]
    assert not Attendee.objects.exists() and not Person.objects.exists()


def test_a_column_named_twice_is_refused_as_the_activity_import_refuses_it(webinar):
    """Two "User Email" columns: which holds the address would be a guess."""
    text = (
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),User email\n"
        "Guest,a@example.net,12/08/2026 12:00:00 PM,12/08/2026 01:30:00 PM,90,b@example.net\n"
    )
    result = attendance_import(event=webinar, file=io.BytesIO(text.encode()), file_name="z.csv")
    assert result.record is None
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (1, "User Email", "This column appears more than once.")
    ]
    assert not AttendanceImport.objects.exists()


def test_a_report_of_another_meeting_asks_for_confirmation_and_writes_nothing_until_given(
    webinar,
):
    """Another topic, or another day, is not taken for the event: the result says why and
    nothing is written; confirmed, the same file imports."""
    other = _meeting_report([GUEST.format(minutes=90)], topic="Budget meeting")
    result = attendance_import(event=webinar, file=other, file_name="other.csv")
    assert (result.record, result.errors) == (None, [])
    assert result.mismatches == [
        "The report is of the meeting “Budget meeting” (ID 81234567890): neither this event's "
        "title (“Использование ИИ и новых технологий для трансформации образования”) nor the "
        "meeting of its joining link."
    ]
    later = io.BytesIO(
        _meeting_report([GUEST.format(minutes=90)]).getvalue().replace(b"12/08/2026", b"12/09/2026")
    )
    assert attendance_import(event=webinar, file=later, file_name="later.csv").mismatches == [
        "The report's meeting ran 2026-12-09 12:00–2026-12-09 13:30, outside this event's time "
        "(2026-12-08 12:00–2026-12-08 13:30, UTC)."
    ]
    assert not AttendanceImport.objects.exists() and not Attendee.objects.exists()
    assert not Person.objects.exists() and not Participation.objects.exists()
    confirmed = attendance_import(event=webinar, file=other, file_name="other.csv", confirmed=True)
    assert confirmed.record.attended == 1
    assert Person.objects.get().email == "guest@example.net"


def test_the_meeting_id_of_the_joining_link_identifies_the_report(webinar):
    """A topic that differs is fine when the meeting ID is the joining link's."""
    webinar.joining_url = "https://zoom.us/j/81234567890?pwd=abc"
    webinar.save()
    result = attendance_import(
        event=webinar,
        file=_meeting_report([GUEST.format(minutes=90)], topic="IITE weekly room"),
        file_name="zoom.csv",
    )
    assert result.mismatches == [] and result.record is not None


def test_several_reports_are_imported_all_or_none(webinar):
    """A good report uploaded with a bad one is not written either, and says so."""
    good = _meeting_report([GUEST.format(minutes=90)])
    bad = _meeting_report([GUEST.format(minutes="inf")])
    results = attendance_import_many(event=webinar, files=[("good.csv", good), ("bad.csv", bad)])
    assert [(name, r.withheld, len(r.errors), r.record) for name, r in results] == [
        ("good.csv", True, 0, None),
        ("bad.csv", False, 1, None),
    ]
    assert not AttendanceImport.objects.exists() and not Person.objects.exists()
    assert not Participation.objects.exists()
    results = attendance_import_many(
        event=webinar, files=[("good.csv", good), ("other.csv", _meeting_report([]))]
    )
    assert [r.withheld for _name, r in results] == [True, False]
    assert not AttendanceImport.objects.exists()
    results = attendance_import_many(event=webinar, files=[("good.csv", good)])
    assert results[0][1].record.attended == 1


def test_the_summary_follows_what_staff_decide(webinar, registrants):
    """Matched and attended are recounted when staff match, count or dismiss an attendee."""
    _import(webinar, "zoom_meeting_participants.csv")
    record = AttendanceImport.objects.get()
    assert (record.people, record.matched, record.attended) == (5, 2, 3)
    host = Attendee.objects.get(email="webinars@iite.example.org")
    staff = UserFactory(email="webinars@iite.example.org")
    attendee_resolve(attendee=host, user=staff)
    record.refresh_from_db()
    assert (record.people, record.matched, record.attended) == (5, 3, 4)


def test_staff_count_an_ambiguous_attendee_as_a_person_of_their_own(webinar, registrants):
    """A namesake of a registrant, counted apart, gets a person record and attendance."""
    namesake = UserFactory(email="g.almaty@example.org", name="Гость Алматы")
    registration_create(event=webinar, user=namesake)
    _import(webinar, "zoom_meeting_participants.csv")
    guest = Attendee.objects.get(email="guest.almaty@example.net")
    before = AttendanceImport.objects.get().attended
    attendee_count_as_person(attendee=guest)
    guest.refresh_from_db()
    record = Person.objects.get(email="guest.almaty@example.net")
    assert (guest.status, guest.person_key) == ("person", record.person_key)
    assert Participation.objects.get(person_key=record.person_key).attended is True
    assert AttendanceImport.objects.get().attended == before + 1


def test_erasing_a_person_record_erases_the_report_rows_naming_them(webinar):
    """The attendee rows of an erased person go; the participation stays, pseudonymous."""
    attendance_import(
        event=webinar, file=_meeting_report([GUEST.format(minutes=90)]), file_name="z.csv"
    )
    person_erase(person=Person.objects.get())
    assert not Attendee.objects.filter(email="guest@example.net").exists()
    assert Participation.objects.filter(person__isnull=True, attended=True).count() == 1


def test_a_zoom_row_shorter_than_its_header_reads_its_missing_cells_as_blank():
    """Zoom leaves trailing cells out of some rows, and a report may lack the optional
    columns (duration, country, role): what a row does not have is blank, what is
    required and missing is an error at its row and column, and a host's suffix still
    marks the host."""
    report = (
        "Name (Original Name),User Email,Join Time,Leave Time,Country/Region Name\n"
        "Aigerim,Aigerim.Demo@example.org,12/08/2026 12:00 PM,12/08/2026 01:00 PM,Kazakhstan\n"
        "Ivan (Host),ivan.demo@example.org,12/08/2026 12:00 PM,12/08/2026 12:30 PM\n"
        "Layla,layla.demo@example.org,12/08/2026 12:10 PM\n"
    )
    parser = ZoomMeetingParser("zoom.csv", "UTC")
    joins = list(report_joins(io.BytesIO(report.encode()), "zoom.csv", "zoom_meeting", parser))
    noon = datetime(2026, 12, 8, 12, 0, tzinfo=UTC).timestamp()
    assert [(j.row, j.email, j.name, j.joined_at, j.left_at, j.minutes) for j in joins] == [
        (2, "aigerim.demo@example.org", "Aigerim", noon, noon + 3600, 0.0),
        (3, "ivan.demo@example.org", "Ivan (Host)", noon, noon + 1800, 0.0),
        (4, "layla.demo@example.org", "Layla", noon + 600, None, 0.0),
    ]
    assert [(j.country, j.sex, j.role) for j in joins] == [
        ("Kazakhstan", "", ""),
        ("", "", "host"),
        ("", "", ""),
    ]
    assert [(e.row, e.column) for e in parser.errors.items] == [(4, "Leave Time")]

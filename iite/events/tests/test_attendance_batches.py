"""A large attendance report is written a batch of people per transaction, exactly once,
and taken back whole when a batch cannot be written."""

import io
from typing import Any

import pytest
from django.db import IntegrityError, connection

from iite.events import attendance
from iite.events.attendance import MATCH_BATCH, STAGE_BATCH, attendance_import
from iite.events.import_jobs import attendance_job_run
from iite.events.models import AttendanceImport, AttendanceJob, Attendee, Registration
from iite.programme.import_steps import WAL_CHECKPOINT_PAGES
from iite.programme.models import ImportStep, Participation, ParticipationChange, Person
from iite.programme.tests.transactions import checkpoint_threshold, rows_per_transaction

from .test_attendance import registrants, webinar  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

PEOPLE = 2 * MATCH_BATCH + 500  # three batches
JOIN = "{name},{email},12/08/2026 12:00:00 PM,12/08/2026 01:00:00 PM,{minutes},Yes"


def _report(people: int = PEOPLE, last: str | None = None) -> bytes:
    """Zoom's participants report: the registrant Aigerim first, then guests."""
    lines = ["Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest"]
    lines.append(JOIN.format(name="Aigerim", email="aigerim.demo@example.org", minutes=60))
    for n in range(people - 1):
        lines.append(JOIN.format(name=f"Guest {n}", email=f"g{n:05}@example.net", minutes=60))
    if last is not None:
        lines.append(last)
    return ("\n".join(lines) + "\n").encode()


def _written(event: Any) -> tuple[int, int, int]:
    return (
        Attendee.objects.filter(event=event).count(),
        Participation.objects.filter(activity=event.activity, attended=True).count(),
        Person.objects.filter(email__endswith="@example.net").count(),
    )


def _stop_at(monkeypatch: Any, call: int, error: Exception) -> list[int]:
    """The batch `call` fails with `error` (a database error, or the worker stopping)."""
    write = attendance._write
    calls: list[int] = []

    def failing(*args: Any) -> None:
        calls.append(len(args[2]))
        if len(calls) == call:
            raise error
        write(*args)

    monkeypatch.setattr(attendance, "_write", failing)
    return calls


def test_a_late_row_with_an_error_writes_nothing(webinar, registrants):  # noqa: F811
    """The last row's duration is not a number: nothing of the 2,500 people is written."""
    bad = JOIN.format(name="Late", email="late@example.net", minutes="1e309")
    result = attendance_import(
        event=webinar, file=io.BytesIO(_report(last=bad)), file_name="zoom.csv"
    )
    assert [(e.row, e.column) for e in result.errors] == [(PEOPLE + 2, "Duration (Minutes)")]
    assert _written(webinar) == (0, 0, 0)
    assert not AttendanceImport.objects.exists() and not ImportStep.objects.exists()


def test_a_batch_that_cannot_be_written_takes_back_the_ones_before(
    webinar,  # noqa: F811
    registrants,  # noqa: F811
    monkeypatch,
):
    """The third batch fails: the two written before are taken back (attendees, person
    records, participation, the registrant's attendance), and the page's message says
    nothing was imported."""
    calls = _stop_at(monkeypatch, 3, IntegrityError("made meanwhile"))
    result = attendance_import(event=webinar, file=io.BytesIO(_report()), file_name="zoom.csv")
    assert calls == [MATCH_BATCH, MATCH_BATCH, 500]
    assert result.record is None
    assert [e.message for e in result.errors] == [
        "Another change was saved meanwhile; nothing was imported. Try again."
    ]
    assert _written(webinar) == (0, 0, 0)
    aigerim = Registration.objects.get(event=webinar, user=registrants[0])
    assert (aigerim.attended, aigerim.attended_minutes) == (False, 0)
    assert not AttendanceImport.objects.exists() and not ImportStep.objects.exists()


def test_an_import_stopped_half_way_goes_on_and_writes_each_person_once(
    webinar,  # noqa: F811
    registrants,  # noqa: F811
    monkeypatch,
):
    """The worker stops in the third batch: two whole batches are written and the report
    is not yet counted as imported; importing the same report again writes the third
    batch only, and everyone is recorded once."""
    _stop_at(monkeypatch, 3, RuntimeError("worker stopped"))
    with pytest.raises(RuntimeError):
        attendance_import(event=webinar, file=io.BytesIO(_report()), file_name="zoom.csv")
    record = AttendanceImport.objects.get()
    assert record.state == "writing"
    # Two whole batches are written, pending: no page counts them until the import
    # completes (nor the registrant's attendance).
    assert _written(webinar) == (2 * MATCH_BATCH, 0, 2 * MATCH_BATCH - 1)
    # New records carry the import; the registrant's record (made at registration) keeps
    # its change aside.
    owner = f"attendance:{record.pk}"
    pending = Participation.all_with_pending.filter(activity=webinar.activity, attended=True)
    assert pending.filter(pending_import=owner).count() == 2 * MATCH_BATCH - 1
    kept = ParticipationChange.objects.get(owner=owner)
    assert (kept.participation.person_id, kept.attended) == (registrants[0].pk, True)
    assert not Registration.objects.get(event=webinar, user=registrants[0]).attended
    monkeypatch.undo()

    result = attendance_import(event=webinar, file=io.BytesIO(_report()), file_name="zoom.csv")
    assert result.record is not None and result.record.pk == record.pk
    record.refresh_from_db()
    assert (record.state, record.people, record.attended) == ("done", PEOPLE, PEOPLE)
    assert _written(webinar) == (PEOPLE, PEOPLE, PEOPLE - 1)
    assert not Participation.all_with_pending.filter(pending_import__isnull=False).exists()
    assert not ParticipationChange.objects.exists()
    aigerim = Registration.objects.get(event=webinar, user=registrants[0])
    assert (aigerim.attended, aigerim.attended_minutes) == (True, 60)
    emails = list(Attendee.objects.filter(event=webinar).values_list("email", flat=True))
    assert len(set(emails)) == len(emails)
    assert not ImportStep.objects.exists()
    again = attendance_import(event=webinar, file=io.BytesIO(_report()), file_name="zoom.csv")
    assert again.duplicate


@pytest.mark.django_db(transaction=True)
def test_no_transaction_of_an_import_writes_more_than_a_batch(webinar, monkeypatch):  # noqa: F811
    """A save by someone else waits at most for one batch of the report (SQLite's busy
    timeout covers it): the joins are staged and the people written in transactions of
    a bounded size, never the whole report in one."""
    with rows_per_transaction(monkeypatch) as written:
        result = attendance_import(event=webinar, file=io.BytesIO(_report()), file_name="zoom.csv")
    assert result.record is not None and result.record.people == PEOPLE
    # The people were written in three transactions (a batch each: attendees, person
    # records, participation); the largest transaction is one batch of staged joins.
    people_batches = [rows for rows in written if rows > MATCH_BATCH]
    assert len(people_batches) >= 3
    assert max(written) <= max(STAGE_BATCH, 3 * MATCH_BATCH + 10)


def test_a_queued_import_leaves_the_request_and_is_followed_on_its_page(
    client,
    webinar,  # noqa: F811
    settings,
    tmp_path,
):
    """With a background worker, the upload is stored and the request answers at once
    with the job's page; the task imports the reports, the page shows the outcome and
    the stored files are gone."""
    from django.contrib.auth.models import Permission
    from django.core.files.uploadedfile import SimpleUploadedFile

    from iite.accounts.tests.factories import UserFactory

    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    officer: Any = UserFactory()
    officer.user_permissions.set(
        Permission.objects.filter(codename__in=["import_attendance", "view_event"])
    )
    client.force_login(officer)
    upload = SimpleUploadedFile("zoom.csv", _report(people=10))
    response = client.post(f"/en/events/manage/{webinar.slug}/attendance/", {"reports": upload})
    job = AttendanceJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    waiting = client.get(job.get_absolute_url()).content.decode()
    assert "Waiting to start" in waiting and 'http-equiv="refresh"' in waiting
    assert not Attendee.objects.exists() and list(tmp_path.rglob("*.csv"))

    assert attendance_job_run.call(job.pk) == "done"
    done = client.get(job.get_absolute_url()).content.decode()
    assert "The reports are imported." in done and 'http-equiv="refresh"' not in done
    assert Attendee.objects.filter(event=webinar).count() == 10
    assert list(tmp_path.rglob("*.csv")) == [] and not job.files.exists()


def test_the_uploaders_attendance_imports_are_exported_and_erased_with_their_files(
    webinar,  # noqa: F811
    settings,
    tmp_path,
):
    """An attendance job is the uploader's personal data: exported (files, outcome, not
    the reports' rows) and erased with the stored reports."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from iite.accounts.tests.factories import UserFactory
    from iite.core.registry import personal_data_handlers
    from iite.events.import_jobs import attendance_job_start

    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    officer: Any = UserFactory()
    attendance_job_start(
        event=webinar,
        uploads=[SimpleUploadedFile("zoom.csv", _report(people=3))],
        session=None,
        user=officer,
        confirmed=False,
    )
    handler = next(h for h in personal_data_handlers if h.name == "events.attendance_imports")
    exported = handler.exporter(officer)
    assert [(row["event"], row["files"], row["status"]) for row in exported] == [
        (webinar.slug, ["zoom.csv"], "queued")
    ]
    assert handler.eraser is not None
    handler.eraser(officer)
    assert not AttendanceJob.objects.exists() and list(tmp_path.rglob("*.csv")) == []


def test_a_stalled_attendance_job_offers_to_resume_and_goes_on(
    client,
    webinar,  # noqa: F811
    settings,
    tmp_path,
):
    """A job whose worker stopped (not moved for a long while) shows a Resume button;
    resumed, it is queued again and its task imports the reports."""
    import datetime

    from django.contrib.auth.models import Permission
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from iite.accounts.tests.factories import UserFactory
    from iite.events.import_jobs import attendance_job_start

    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    officer: Any = UserFactory()
    officer.user_permissions.set(
        Permission.objects.filter(codename__in=["import_attendance", "view_event"])
    )
    job = attendance_job_start(
        event=webinar,
        uploads=[SimpleUploadedFile("zoom.csv", _report(people=4))],
        session=None,
        user=officer,
        confirmed=False,
    )
    client.force_login(officer)
    assert "Resume the import" not in client.get(job.get_absolute_url()).content.decode()
    AttendanceJob.objects.filter(pk=job.pk).update(
        status=AttendanceJob.Status.RUNNING,
        updated_at=timezone.now() - datetime.timedelta(hours=1),
    )
    assert "Resume the import" in client.get(job.get_absolute_url()).content.decode()
    response = client.post(job.get_absolute_url() + "resume/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == AttendanceJob.Status.QUEUED
    assert attendance_job_run.call(job.pk) == "done"
    assert Attendee.objects.filter(event=webinar).count() == 4


@pytest.mark.parametrize("fails", [False, True])
def test_batches_are_written_with_fewer_checkpoints_then_the_connection_is_as_it_was(
    webinar,  # noqa: F811
    monkeypatch,
    fails,
):
    """While a report's batches are written, SQLite lets its log grow to
    WAL_CHECKPOINT_PAGES before copying it into the database (not after every batch);
    afterwards, whether the import succeeded or a batch failed, the connection checkpoints
    at the threshold it had before. Other databases are left as they are."""
    before = checkpoint_threshold()
    during = WAL_CHECKPOINT_PAGES if connection.vendor == "sqlite" else None
    seen: list[int | None] = []
    write = attendance._write

    def watched(*args: Any) -> None:
        seen.append(checkpoint_threshold())
        if fails and len(seen) == 2:
            raise IntegrityError("made meanwhile")
        write(*args)

    monkeypatch.setattr(attendance, "_write", watched)
    result = attendance_import(event=webinar, file=io.BytesIO(_report()), file_name="zoom.csv")
    assert seen == [during] * (2 if fails else 3)
    assert bool(result.errors) == fails
    assert checkpoint_threshold() == before
    assert before != during or connection.vendor != "sqlite"

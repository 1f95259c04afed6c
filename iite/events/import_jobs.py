"""Attendance reports imported in the background (django-tasks), out of the request.

A large report took a request (and the database) for as long as its import: the upload
is now stored as an AttendanceJob and `attendance_job_run` imports it. With
TASKS_BACKEND=database, `manage.py db_worker` runs it outside any request and the job's
page follows it; with the immediate backend (the default for `make run`) it runs at once,
inside the request, and the attendance page shows the outcome as before.

Run again for a job whose worker stopped, the task goes on where the reports stood (see
`attendance.attendance_check`): each person of each report is written once.
"""

from __future__ import annotations

import contextlib
import datetime
from typing import IO, Any

from django.utils import timezone, translation
from django_tasks import task

from iite.accounts.models import User

from .attendance import ImportResult, attendance_import_many
from .models import AttendanceJob, AttendanceJobFile, Event, EventSession

# A job not finished whose record has not moved for this long has lost its worker. The
# record moves when the job starts, not during a report's import, so the bound is far
# beyond the longest report's import (a 500,000-row report takes about a minute).
STALLED_AFTER = datetime.timedelta(minutes=30)


def _outcome(name: str, result: ImportResult) -> dict[str, Any]:
    return {
        "name": name,
        "errors": [
            {"file": e.file, "row": e.row, "column": e.column, "message": e.message}
            for e in result.errors
        ],
        "mismatches": list(result.mismatches),
        "withheld": result.withheld,
        "duplicate": result.duplicate,
        "imported": result.record is not None and not result.duplicate,
    }


@task()
def attendance_job_run(job_id: int) -> str:
    """Import the job's reports together (all or none); record each file's outcome and
    delete the stored files."""
    job = (
        AttendanceJob.objects.select_related("event", "session", "requested_by")
        .filter(pk=job_id)
        .first()
    )
    if job is None or job.finished:
        return "skipped"
    AttendanceJob.objects.filter(pk=job.pk).update(
        status=AttendanceJob.Status.RUNNING, updated_at=timezone.now()
    )
    files = list(job.files.all())
    language = job.requested_by.preferred_language or translation.get_language()
    with translation.override(language), contextlib.ExitStack() as stack:
        handles: list[tuple[str, IO[bytes]]] = [
            (item.name, stack.enter_context(item.upload.open("rb"))) for item in files
        ]
        results = attendance_import_many(
            event=job.event,
            files=handles,
            session=job.session,
            imported_by=job.requested_by,
            confirmed=job.confirmed,
        )
    job.results = [_outcome(name, result) for name, result in results]
    blocked = any(result.blocked or result.withheld for _name, result in results)
    job.status = AttendanceJob.Status.FAILED if blocked else AttendanceJob.Status.DONE
    job.finished_at = timezone.now()
    job.save()
    # The stored reports go (they hold other people's data); the outcome stays.
    for item in files:
        with contextlib.suppress(OSError):
            item.upload.delete(save=False)
    AttendanceJobFile.objects.filter(job=job).delete()
    return job.status


def attendance_job_start(
    *,
    event: Event,
    uploads: list[Any],
    session: EventSession | None,
    user: User,
    confirmed: bool,
) -> AttendanceJob:
    """Store the uploads as a job and queue its import (the job and its queue entry are
    written together; the immediate backend imports at once)."""
    job = AttendanceJob.objects.create(
        event=event, session=session, confirmed=confirmed, requested_by=user
    )
    for upload in uploads:
        item = AttendanceJobFile(job=job, name=(upload.name or "report")[:255])
        item.upload.save(item.name, upload, save=True)
    attendance_job_run.enqueue(job.pk)
    job.refresh_from_db()
    return job


def attendance_job_stalled(job: AttendanceJob) -> bool:
    """Not finished, and not moved for STALLED_AFTER: its worker stopped."""
    return not job.finished and timezone.now() - job.updated_at > STALLED_AFTER


def attendance_job_resume(*, job: AttendanceJob) -> AttendanceJob:
    """Queue a stalled job again: it goes on where its reports stood."""
    AttendanceJob.objects.filter(pk=job.pk).update(
        status=AttendanceJob.Status.QUEUED, updated_at=timezone.now()
    )
    attendance_job_run.enqueue(job.pk)
    job.refresh_from_db()
    return job


def attendance_job_export(user: Any) -> list[dict[str, Any]]:
    """The attendance imports the person uploaded: files, outcome and dates (not the
    reports' rows, which are about other people)."""
    return [
        {
            "event": job.event.slug,
            "files": [outcome["name"] for outcome in job.results]
            or [item.name for item in job.files.all()],
            "status": job.status,
            "uploaded_at": job.created_at.isoformat(),
            "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        }
        for job in AttendanceJob.objects.filter(requested_by=user)
        .select_related("event")
        .prefetch_related("files")
        .order_by("created_at")
    ]


def attendance_job_erase(user: Any) -> None:
    """The person's attendance imports go with their stored reports (deleting the account
    would leave the files in storage); what the imports wrote stays."""
    for item in AttendanceJobFile.objects.filter(job__requested_by=user):
        with contextlib.suppress(OSError):
            item.upload.delete(save=False)
    AttendanceJob.objects.filter(requested_by=user).delete()

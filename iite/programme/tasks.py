"""The activity and participation import, run in the background (django-tasks).

A large file takes a while to check and write; run in a request it held a worker (and,
while writing, the database) for as long. The upload is stored as an ImportJob and this
task imports it: with TASKS_BACKEND=database, `manage.py db_worker` runs it outside any
request and the import's page follows its progress; with the immediate backend (the
default for `make run`) it runs at once, inside the request, as before.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.utils import timezone, translation
from django_tasks import task

from iite.accounts.models import User

from .importer import import_activities_file
from .models import ImportJob


@task()
def import_job_run(job_id: int) -> str:
    """Import the job's file; record the outcome and delete the stored file."""
    job = ImportJob.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None or job.finished:
        return "skipped"
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)

    def progress(rows: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(rows=rows)

    # Messages in the language of the person who uploaded the file, wherever this runs.
    language = job.requested_by.preferred_language or translation.get_language()
    with translation.override(language), job.upload.open("rb") as handle:
        report = import_activities_file(
            name=job.file_name, handle=handle, user=job.requested_by, progress=progress
        )
    job.rows = report.rows
    job.created = report.created
    job.error_count = report.error_count
    job.errors = [
        {"file": e.file, "row": e.row, "column": e.column, "message": e.message}
        for e in report.errors
    ]
    job.status = ImportJob.Status.DONE if report.ok else ImportJob.Status.FAILED
    job.finished_at = timezone.now()
    with contextlib.suppress(OSError):
        job.upload.delete(save=False)
    job.save()
    return job.status


def import_job_start(*, upload: Any, user: User) -> ImportJob:
    """Store the upload as a job and queue its import.

    Queued directly, not on commit: the database backend's queue entry is written in the
    same transaction as the job, so a worker sees both or neither; the immediate backend
    runs the import now, as the caller expects.
    """
    job = ImportJob(file_name=(upload.name or "upload")[:255], requested_by=user)
    job.upload.save(job.file_name, upload, save=False)
    job.save()
    import_job_run.enqueue(job.pk)
    return job

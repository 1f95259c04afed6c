"""The activity and participation import, run in the background (django-tasks).

A large file takes a while to check and write; run in a request it held a worker (and,
while writing, the database) for as long. The upload is stored as an ImportJob and this
task imports it: with TASKS_BACKEND=database, `manage.py db_worker` runs it outside any
request and the import's page follows its progress; with the immediate backend (the
default for `make run`) it runs at once, inside the request, as before.

The task checks the whole file first (nothing written), then writes it a batch per
transaction (`import_steps`). Run again for a job whose worker stopped, it goes on where
the job stood: a job still being checked is checked again from the start (nothing of it
was written), a job being written goes on from its first batch not written, so each row
is written once.
"""

from __future__ import annotations

import contextlib
import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from iite.accounts.models import User

from .import_steps import steps_clear, steps_publish
from .importer import Importer
from .models import ImportJob, ImportStep

# A job not finished whose record has not moved for this long has lost its worker.
STALLED_AFTER = datetime.timedelta(minutes=5)


def import_job_owner(job: ImportJob) -> str:
    return f"import:{job.pk}"


def _finish(job: ImportJob, importer: Importer) -> str:
    report = importer.report
    job.rows = report.rows
    job.created = report.created
    job.error_count = report.error_count
    job.errors = [
        {"file": e.file, "row": e.row, "column": e.column, "message": e.message}
        for e in report.errors
    ]
    job.status = ImportJob.Status.DONE if report.ok else ImportJob.Status.FAILED
    job.finished_at = timezone.now()
    with transaction.atomic():
        if report.ok:
            # What the steps wrote counts from this transaction on, all at once.
            steps_publish(import_job_owner(job))
            importer.record_batch()
        steps_clear(import_job_owner(job))
        job.save()
    # The stored upload goes (it holds other people's data); the outcome stays.
    with contextlib.suppress(OSError):
        job.upload.delete(save=True)
    return job.status


@task()
def import_job_run(job_id: int) -> str:
    """Import the job's file, or go on with it; record the outcome and delete the file."""
    job = ImportJob.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None or job.finished:
        return "skipped"
    owner = import_job_owner(job)
    # Messages in the language of the person who uploaded the file, wherever this runs.
    language = job.requested_by.preferred_language or translation.get_language()
    with translation.override(language), job.upload.open("rb") as handle:
        importer = Importer(name=job.file_name, handle=handle, user=job.requested_by)
        if job.status != ImportJob.Status.WRITING:
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJob.Status.RUNNING, updated_at=timezone.now()
            )

            def checked(rows: int) -> None:
                ImportJob.objects.filter(pk=job.pk).update(rows=rows, updated_at=timezone.now())

            importer.progress = checked
            if not importer.check(owner):
                return _finish(job, importer)
            job.status = ImportJob.Status.WRITING
            job.rows = importer.report.rows
            job.batches = ImportStep.objects.filter(owner=owner).count()
            job.batches_written = 0
            job.created = {}
            job.save(update_fields=["status", "rows", "batches", "batches_written", "created"])
        importer.report.rows = job.rows
        importer.report.created = dict(job.created)

        def written() -> None:
            # In the step's own transaction: the job's figures move with what is written.
            job.batches_written += 1
            ImportJob.objects.filter(pk=job.pk).update(
                batches_written=job.batches_written,
                created=importer.report.created,
                updated_at=timezone.now(),
            )

        importer.write(owner, written)
        return _finish(job, importer)


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


def import_job_stalled(job: ImportJob) -> bool:
    """Not finished, and not moved for STALLED_AFTER: its worker stopped."""
    return not job.finished and timezone.now() - job.updated_at > STALLED_AFTER


def import_job_resume(*, job: ImportJob) -> ImportJob:
    """Queue a stalled job again: it goes on where it stood (see the module docstring)."""
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now())
    import_job_run.enqueue(job.pk)
    job.refresh_from_db()
    return job

"""The import writes a batch per transaction, exactly once, and takes itself back whole."""

import datetime
import io
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection
from django.utils import timezone

from iite.programme.import_steps import WAL_CHECKPOINT_PAGES, steps_publish
from iite.programme.importer import BATCH, Importer
from iite.programme.models import (
    Activity,
    ImportBatch,
    ImportJob,
    ImportStep,
    Participation,
    ParticipationChange,
    Person,
)
from iite.programme.tasks import import_job_run
from iite.programme.tests.factories import ActivityFactory, ParticipationFactory, person
from iite.programme.tests.transactions import checkpoint_threshold, rows_per_transaction

pytestmark = pytest.mark.django_db

ROWS = 2 * BATCH + 500  # three batches


def _activities(rows: int = ROWS, bad_row: int | None = None) -> bytes:
    lines = ["code,title,kind,start_date,unit"]
    for n in range(2, rows + 2):
        start = "2026-99-01" if n == bad_row else "2026-04-01"
        lines.append(f"batch-{n},Webinar {n},webinar,{start},TPDN")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def ready(framework, countries, regions):
    return framework


def _importer(data: bytes, user: Any = None) -> Importer:
    return Importer(name="big.csv", handle=io.BytesIO(data), user=user)


def test_an_error_in_a_late_row_writes_nothing(ready):
    """The whole file is checked before any batch is written: an error on the last row
    but one leaves no activity and no kept batch."""
    report = _importer(_activities(bad_row=ROWS)).run()
    assert not report.ok
    assert [(e.row, e.column) for e in report.errors] == [(ROWS, "start_date")]
    assert not Activity.objects.filter(code__startswith="batch-").exists()
    assert not ImportStep.objects.exists()


def test_a_batch_that_cannot_be_written_takes_back_the_batches_before_it(ready):
    """Someone creates an activity with the code of a row of the third batch after the
    check: the third batch fails, the first two are taken back, nothing of the file stays
    and the report says so."""
    importer = _importer(_activities())
    assert importer.check("test")
    assert ImportStep.objects.filter(owner="test").count() == 3
    ActivityFactory(code=f"batch-{ROWS}")
    assert not importer.write("test")
    assert list(
        Activity.objects.filter(code__startswith="batch-").values_list("code", flat=True)
    ) == [f"batch-{ROWS}"]
    assert not ImportStep.objects.exists()
    assert [e.message for e in importer.report.errors] == [
        "Another change was saved meanwhile; nothing was imported. Try again."
    ]
    assert importer.report.created == {}


def test_a_participation_import_taken_back_restores_flags_and_removes_new_people(
    ready, monkeypatch
):
    """Taking back a participation batch deletes the records and person records it made
    and puts back the flags it changed on records that were there before."""
    activity = ActivityFactory(code="gsec-2026", period=ready)
    known = person("known@example.org")
    before = ParticipationFactory(activity=activity, person=known, attended=False)
    lines = ["activity,email,attended,name"]
    lines.append("gsec-2026,known@example.org,yes,")
    lines += [f"gsec-2026,guest{n}@example.org,yes,Guest {n}" for n in range(BATCH + 10)]
    importer = _importer(("\n".join(lines) + "\n").encode())
    calls = []
    write = Importer._write_participations

    def fail_second(self: Importer, wanted: Any, journal: Any) -> None:
        calls.append(len(wanted))
        if len(calls) == 2:
            raise IntegrityError("made meanwhile")
        write(self, wanted, journal)

    monkeypatch.setattr(Importer, "_write_participations", fail_second)
    assert importer.check("people")
    assert not importer.write("people")
    assert calls == [BATCH, 11]
    before.refresh_from_db()
    assert before.attended is False
    assert list(Participation.objects.values_list("pk", flat=True)) == [before.pk]
    assert not Person.objects.filter(email__startswith="guest").exists()


def _job(user: Any, data: bytes) -> ImportJob:
    job = ImportJob(file_name="big.csv", requested_by=user)
    job.upload.save("big.csv", ContentFile(data), save=False)
    job.save()
    return job


@pytest.mark.parametrize("fails", [False, True])
def test_batches_are_written_with_fewer_checkpoints_then_the_connection_is_as_it_was(
    ready, monkeypatch, fails
):
    """While a file's batches are written SQLite lets its log grow to
    WAL_CHECKPOINT_PAGES before copying it into the database, not after every batch;
    afterwards, whether the import succeeded or a batch failed, the connection
    checkpoints at the threshold it had. Other databases are left as they are."""
    before = checkpoint_threshold()
    during = WAL_CHECKPOINT_PAGES if connection.vendor == "sqlite" else None
    seen: list[int | None] = []
    write = Importer._write_activities

    def watched(self: Importer, rows: Any, journal: Any) -> None:
        seen.append(checkpoint_threshold())
        if fails and len(seen) == 2:
            raise IntegrityError("made meanwhile")
        write(self, rows, journal)

    monkeypatch.setattr(Importer, "_write_activities", watched)
    report = _importer(_activities()).run()
    assert seen == [during] * (2 if fails else 3)
    assert report.ok != fails
    assert Activity.objects.filter(code__startswith="batch-").count() == (0 if fails else ROWS)
    assert checkpoint_threshold() == before
    assert before != during or connection.vendor != "sqlite"


def test_an_interrupted_job_goes_on_and_writes_each_row_once(
    client, officer, ready, settings, tmp_path, monkeypatch
):
    """The worker stops during the third batch: two batches are written, whole; the job
    says so and, once it has not moved for a while, offers to resume; resumed, it writes
    the third batch only, and every activity exists once."""
    settings.MEDIA_ROOT = tmp_path
    job = _job(officer, _activities())
    write = Importer._write_activities
    calls = []

    def stop_at_third(self: Importer, rows: Any, journal: Any) -> None:
        calls.append(len(rows))
        if len(calls) == 3:
            raise RuntimeError("worker stopped")
        write(self, rows, journal)

    monkeypatch.setattr(Importer, "_write_activities", stop_at_third)
    with pytest.raises(RuntimeError):
        import_job_run.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.batches_written, job.batches) == ("writing", 2, 3)
    assert job.created == {"activities": 2 * BATCH}
    assert Activity.objects.filter(code__startswith="batch-").count() == 2 * BATCH
    client.force_login(officer)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "2 of 3 batches written" in page and "Resume the import" not in page

    monkeypatch.setattr(Importer, "_write_activities", write)
    ImportJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Resume the import" in page
    response = client.post(f"/en/activities/manage/import/{job.pk}/resume/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.batches_written, job.created) == ("done", 3, {"activities": ROWS})
    codes = list(Activity.objects.filter(code__startswith="batch-").values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == ROWS
    assert ImportBatch.objects.get().created == {"activities": ROWS}
    assert not ImportStep.objects.exists() and not job.upload


@pytest.mark.django_db(transaction=True)
def test_no_transaction_writes_more_than_a_batch(ready, monkeypatch):
    """The import commits a batch at a time: a save by someone else waits at most one
    batch's write (SQLite's busy timeout covers it), never the whole file's."""
    with rows_per_transaction(monkeypatch) as written:
        report = _importer(_activities()).run()
    assert report.ok and report.created == {"activities": ROWS}
    assert Activity.objects.filter(code__startswith="batch-").count() == ROWS
    # Three batches written in three transactions (the checked batches were kept in
    # short ones of their own); none wrote more than one batch of activities and its step.
    assert sorted(written)[-3:] == [501, BATCH + 1, BATCH + 1]


def test_the_uploaders_imports_are_exported_and_erased_with_their_files(
    officer, ready, settings, tmp_path
):
    """An import job is the uploader's personal data: exported (file, outcome, dates, not
    the rows) and erased with the stored file, which deleting the account would leave."""
    from iite.core.registry import personal_data_handlers

    settings.MEDIA_ROOT = tmp_path
    handler = next(h for h in personal_data_handlers if h.name == "programme.imports")
    job = _job(officer, _activities(rows=3))
    assert [row["file"] for row in handler.exporter(officer)] == ["big.csv"]
    assert handler.exporter(officer)[0]["status"] == "queued"
    assert list(tmp_path.rglob("*.csv"))
    assert handler.eraser is not None
    handler.eraser(officer)
    assert not ImportJob.objects.filter(pk=job.pk).exists()
    assert list(tmp_path.rglob("*.csv")) == []


def test_a_participation_import_counts_only_once_complete(ready):
    """Written batch by batch, a participation import is pending: no reader counts its new
    records nor its change to a record that was there; the step that completes it makes
    all of them count at once."""
    activity = ActivityFactory(code="gsec-2026", period=ready)
    known = person("known@example.org")
    before = ParticipationFactory(activity=activity, person=known, attended=False)
    lines = ["activity,email,attended,name"]
    lines.append("gsec-2026,known@example.org,yes,")
    lines += [f"gsec-2026,guest{n}@example.org,yes,Guest {n}" for n in range(BATCH + 10)]
    importer = _importer(("\n".join(lines) + "\n").encode())
    assert importer.check("people") and importer.write("people")
    # Both batches are written: nothing of them counts yet.
    assert list(Participation.objects.values_list("pk", "attended")) == [(before.pk, False)]
    pending = Participation.all_with_pending.filter(pending_import="people").count()
    kept = ParticipationChange.objects.filter(owner="people").count()
    assert pending >= BATCH + 10 and pending + kept == BATCH + 11
    assert steps_publish("people") == pending
    assert Participation.objects.filter(activity=activity, attended=True).count() == BATCH + 11
    assert not ParticipationChange.objects.exists()
    assert not Participation.all_with_pending.exclude(pending_import=None).exists()

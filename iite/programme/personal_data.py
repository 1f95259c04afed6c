"""What the programme domain holds about a person, for export and erasure."""

from __future__ import annotations

import contextlib
from typing import Any

from iite.core.i18n import TranslatedText

from .models import ImportJob, ImportStep, Participation, Person, person_email_normalise
from .services import person_erase


def participation_export(user: Any) -> list[dict[str, Any]]:
    """The person's participation records: activity code, title, role and flags."""
    return _participation_rows(user.person_key)


def _participation_rows(person_key: Any) -> list[dict[str, Any]]:
    records = (
        Participation.all_with_pending.filter(person_key=person_key)
        .select_related("activity")
        .order_by("activity__start_date", "activity__code", "role")
    )
    return [
        {
            "activity_code": record.activity.code,
            "activity_title": TranslatedText(
                dict(record.activity.title), record.activity.original_language
            ).resolve(),
            "activity_start_date": record.activity.start_date.isoformat(),
            "role": record.role,
            "attended": record.attended,
            "completed": record.completed,
            "certified": record.certified,
            "source": record.source,
            "recorded_at": record.created_at.isoformat(),
        }
        for record in records
    ]


def participation_erase(user: Any) -> None:
    """Detach the records from the account; they stay, anonymised, for the indicators.

    The records keep `person_key` (a random UUID with no link to the person once the
    account is gone) and the copied country, sex, age band and role, so that each
    record still counts once in the key indicators. The foreign key to the account is
    SET_NULL on deletion anyway; doing it here makes erasure explicit and complete even
    if the account is kept (deactivated) rather than deleted.
    """
    Participation.all_with_pending.filter(person_key=user.person_key).update(person=None)


def _person_of(user: Any) -> Person | None:
    email = person_email_normalise(user.email)
    return Person.objects.filter(user=user).first() or (
        Person.objects.filter(email=email).first() if email else None
    )


def person_record_export(person: Person) -> dict[str, Any]:
    """A person record as the person may ask for it: what it holds and what it counts."""
    return {
        "email": person.email,
        "name": person.name,
        "country": person.country.iso2 if person.country_id and person.country else "",
        "sex": person.sex,
        "role": person.role,
        "first_known_from": person.source,
        "recorded_at": person.created_at.isoformat(),
        "has_account": person.user_id is not None,
        "participation": _participation_rows(person.person_key),
    }


def person_export(user: Any) -> dict[str, Any] | None:
    """The record the institute held about the account's person before (or beside) the
    account: what a report or a list gave; None when there is none."""
    person = _person_of(user)
    if person is None:
        return None
    data = person_record_export(person)
    # The participation rows are the account's too: exported once, under participation.
    data.pop("participation")
    return data


def person_account_erase(user: Any) -> None:
    """With the account goes the person record of its address."""
    person = _person_of(user)
    if person is not None:
        person_erase(person=person)


def import_job_export(user: Any) -> list[dict[str, Any]]:
    """The imports the person uploaded: file, outcome and dates (not the file's rows,
    which are about other people)."""
    return [
        {
            "file": job.file_name,
            "status": job.status,
            "rows": job.rows,
            "records_created": job.created,
            "errors": job.error_count,
            "uploaded_at": job.created_at.isoformat(),
            "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        }
        for job in ImportJob.objects.filter(requested_by=user).order_by("created_at")
    ]


def import_job_erase(user: Any) -> None:
    """The person's imports go with their stored files and kept batches (deleting the
    account would leave the files in storage); what the imports wrote stays."""
    for job in ImportJob.objects.filter(requested_by=user):
        with contextlib.suppress(OSError):
            job.upload.delete(save=False)
        ImportStep.objects.filter(owner=f"import:{job.pk}").delete()
        job.delete()

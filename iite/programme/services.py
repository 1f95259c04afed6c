"""Writes to activities and participation. Other domains record participation here."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from iite.accounts.models import User

from .models import Activity, Participation, ParticipationRole, ParticipationSource

_SNAPSHOT_FIELDS = ("country_id", "sex", "age_band", "person_role")


def _snapshot(person: User) -> dict[str, Any]:
    return {
        "country_id": person.country_id,
        "sex": person.sex,
        "age_band": person.age_band,
        "person_role": person.role,
    }


@transaction.atomic
def participation_record(
    *,
    activity: Activity,
    person: User,
    role: str = ParticipationRole.PARTICIPANT,
    attended: bool | None = None,
    completed: bool | None = None,
    certified: bool | None = None,
    source: str = ParticipationSource.MANUAL,
) -> Participation:
    """Record (or update) a person's role in an activity; idempotent.

    Flags only move forward when given: passing attended=None leaves it as it is, so a
    re-import or a second call never loses what an earlier one recorded. The profile
    fields the indicators disaggregate by are copied from the person.
    """
    participation, created = Participation.objects.select_for_update().get_or_create(
        activity=activity,
        person_key=person.person_key,
        role=role,
        defaults={
            "person": person,
            "attended": bool(attended),
            "completed": bool(completed),
            "certified": bool(certified),
            "source": source,
            **_snapshot(person),
        },
    )
    if created:
        return participation
    changed: list[str] = []
    for field, value in (
        ("attended", attended),
        ("completed", completed),
        ("certified", certified),
    ):
        if value is not None and getattr(participation, field) != value:
            setattr(participation, field, value)
            changed.append(field)
    for field, value in _snapshot(person).items():
        if getattr(participation, field) != value:
            setattr(participation, field, value)
            changed.append(field)
    if participation.person_id is None:
        participation.person = person
        changed.append("person")
    if changed:
        participation.save(update_fields=[*changed, "updated_at"])
    return participation


def participation_sync_person(*, person: User) -> int:
    """Refresh the copied profile fields on all of a person's participation records."""
    return Participation.objects.filter(person_key=person.person_key).update(**_snapshot(person))

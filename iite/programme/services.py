"""Writes to activities and participation. Other domains record participation here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from iite.accounts.models import User

from .models import (
    Activity,
    AggregateParticipation,
    Participation,
    ParticipationRole,
    ParticipationSource,
    UnitMembership,
)

if TYPE_CHECKING:
    from iite.strategy.models import ProgrammeUnit

    from .forms import ActivityForm, AggregateParticipationForm

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


@transaction.atomic
def activity_save(*, form: ActivityForm, user: User) -> Activity:
    """Create or update an activity from a validated form; records who created it."""
    activity: Activity = form.save(commit=False)
    if activity.pk is None:
        activity.created_by = user
    activity.save()
    form.save_m2m()
    return activity


@transaction.atomic
def aggregate_participation_add(
    *, form: AggregateParticipationForm, user: User
) -> AggregateParticipation:
    """Save counts for an activity; the country count is at least the countries listed."""
    record: AggregateParticipation = form.save(commit=False)
    record.activity = form.activity
    record.entered_by = user
    record.country_count = max(record.country_count or 0, len(form.country_ids))
    record.save()
    record.countries.set(form.country_ids)
    return record


@transaction.atomic
def aggregate_participation_delete(*, record: AggregateParticipation) -> None:
    record.delete()


def participation_record_by_email(
    *,
    activity: Activity,
    email: str,
    role: str,
    attended: bool | None = None,
    completed: bool | None = None,
    certified: bool | None = None,
) -> Participation:
    """Record participation for the account with this email (staff entry)."""
    person = User.objects.filter(email__iexact=email.strip()).first()
    if person is None:
        raise ValidationError(
            {"email": _("No account uses this email address. The person needs an account first.")}
        )
    return participation_record(
        activity=activity,
        person=person,
        role=role,
        attended=attended,
        completed=completed,
        certified=certified,
        source=ParticipationSource.MANUAL,
    )


@transaction.atomic
def unit_membership_add(*, user: User, unit: ProgrammeUnit) -> UnitMembership:
    membership, _created = UnitMembership.objects.get_or_create(user=user, unit=unit)
    return membership


@transaction.atomic
def unit_membership_remove(*, membership: UnitMembership) -> None:
    membership.delete()

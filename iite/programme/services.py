"""Writes to activities and participation. Other domains record participation here."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iite.accounts.models import User
from iite.accounts.services import user_person_key_adopt
from iite.core.i18n import TranslatedField, TranslatedText
from iite.core.records import records_changed_on_commit
from iite.strategy.selectors import period_current

from .models import (
    Activity,
    AggregateParticipation,
    Participation,
    ParticipationChange,
    ParticipationRole,
    ParticipationSource,
    Person,
    UnitMembership,
    person_email_normalise,
    person_name_key,
)
from .placement import workplan_item_link
from .signals import person_erased

if TYPE_CHECKING:
    from iite.strategy.models import ProgrammeUnit, StrategyPeriod

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
    # An import in progress may be writing the same record: it is taken over (it counts
    # from now on, and stays if the import is taken back).
    participation, created = Participation.all_with_pending.select_for_update().get_or_create(
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
        records_changed_on_commit(sender="programme", kinds={"participation"})
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
    if participation.pending_import is not None:
        participation.pending_import = None
        changed.append("pending_import")
    if changed:
        participation.save(update_fields=[*changed, "updated_at"])
        records_changed_on_commit(sender="programme", kinds={"participation"})
    return participation


@dataclass(frozen=True, slots=True)
class ParticipationEntry:
    """One participation to record in bulk: who, in what, in which role, with which flags.

    A flag left at None keeps what an existing record says (a new record gets False);
    the profile copy (country, sex, age band, role of the person) always replaces the
    stored one, since the indicators disaggregate by the person's current profile.
    """

    activity_id: int
    person_key: uuid.UUID
    role: str = ParticipationRole.PARTICIPANT
    person_id: int | None = None
    country_id: int | None = None
    sex: str = ""
    age_band: str = ""
    person_role: str = ""
    attended: bool | None = None
    completed: bool | None = None
    certified: bool | None = None
    source: str = ParticipationSource.IMPORT

    @classmethod
    def for_person(
        cls,
        *,
        activity_id: int,
        person: User,
        role: str = ParticipationRole.PARTICIPANT,
        attended: bool | None = None,
        completed: bool | None = None,
        certified: bool | None = None,
        source: str = ParticipationSource.IMPORT,
    ) -> ParticipationEntry:
        return cls(
            activity_id=activity_id,
            person_key=person.person_key,
            role=role,
            person_id=person.pk,
            attended=attended,
            completed=completed,
            certified=certified,
            source=source,
            **_snapshot(person),
        )


@dataclass(frozen=True, slots=True)
class BulkResult:
    created: int
    updated: int


_BULK_BATCH = 1000
_FLAGS = ("attended", "completed", "certified")
_COPIED = ("country_id", "sex", "age_band", "person_role")
_INSERTED = (
    *("activity_id", "person_id", "person_key", "role", *_FLAGS, "source"),
    *(*_COPIED, "created_at", "updated_at"),
)


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@transaction.atomic
def participation_record_many(
    *, entries: Iterable[ParticipationEntry], pending: str | None = None
) -> BulkResult:
    """Record many participations at once: the bulk path of `participation_record`.

    Imports, attendance reports and the demo data come through here. Rows are written
    with one prepared statement per batch (bulk_create spent most of a large import
    compiling each row's SQL in Python); values are adapted by the model's own fields.
    Entries naming the same (activity, person, role) twice are merged, later flags winning.

    With `pending` (an import's steps' owner, see `import_steps`), nothing is counted yet:
    new records carry the import and changes to records that count are kept as
    `ParticipationChange` rows, until `participation_publish(owner=pending)` makes them
    all count at once (or `participation_pending_discard` takes them back). Without it,
    a record an import in progress was writing is taken over: it counts from now on.
    """
    wanted: dict[tuple[int, uuid.UUID, str], ParticipationEntry] = {}
    for entry in entries:
        wanted[(entry.activity_id, entry.person_key, entry.role)] = entry
    if not wanted:
        return BulkResult(created=0, updated=0)
    table = Participation._meta.db_table
    key_field = Participation._meta.get_field("person_key")
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    created = updated = 0
    inserted = (*_INSERTED, "pending_import")
    for batch in _batched(wanted.values(), _BULK_BATCH):
        rows = Participation.all_with_pending.filter(
            activity_id__in={e.activity_id for e in batch},
            person_key__in={e.person_key for e in batch},
        ).values_list(
            "pk", "activity_id", "person_key", "role", "person_id", "pending_import", *_FLAGS
        )
        existing = {
            (activity_id, person_key, role): (pk, person_id, owner, flags)
            for pk, activity_id, person_key, role, person_id, owner, *flags in rows
        }
        inserts: list[tuple[Any, ...]] = []
        changes: list[tuple[Any, ...]] = []
        kept: list[ParticipationChange] = []
        for e in batch:
            found = existing.get((e.activity_id, e.person_key, e.role))
            copied = (e.country_id, e.sex, e.age_band, e.person_role)
            if found is None:
                flags = tuple(bool(getattr(e, name)) for name in _FLAGS)
                inserts.append(
                    (
                        e.activity_id,
                        e.person_id,
                        key_field.get_db_prep_value(e.person_key, connection),
                        e.role,
                        *flags,
                        e.source,
                        *copied,
                        now,
                        now,
                        pending,
                    )
                )
                continue
            pk, person_id, owner, old_flags = found
            new_flags = tuple(getattr(e, n) for n in _FLAGS)
            if pending is not None and owner != pending:
                kept.append(
                    ParticipationChange(
                        owner=pending,
                        participation_id=pk,
                        **dict(zip(_FLAGS, new_flags, strict=True)),
                        person_id=e.person_id,
                        **dict(zip(_COPIED, copied, strict=True)),
                    )
                )
                continue
            flags = tuple(
                old if new is None else new for old, new in zip(old_flags, new_flags, strict=True)
            )
            changes.append((*flags, person_id or e.person_id, *copied, now, owner, pk))
        with connection.cursor() as cursor:
            if inserts:
                cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(inserted)}) "  # noqa: S608
                    f"VALUES ({', '.join(['%s'] * len(inserted))})",
                    inserts,
                )
            if changes:
                assignments = ", ".join(f"{name} = %s" for name in (*_FLAGS, "person_id", *_COPIED))
                cursor.executemany(
                    f"UPDATE {table} SET {assignments}, updated_at = %s, "  # noqa: S608
                    "pending_import = %s WHERE id = %s",
                    changes,
                )
        if kept:
            _changes_keep(kept)
        created += len(inserts)
        updated += len(changes) + len(kept)
    if pending is None:
        records_changed_on_commit(sender="programme", kinds={"participation"})
    return BulkResult(created=created, updated=updated)


def _changes_keep(kept: list[ParticipationChange]) -> None:
    """Keep an import's changes to records that count; a record changed twice by the same
    import keeps one change, the later flags winning (as in one bulk call)."""
    owner = kept[0].owner
    earlier = {
        change.participation_id: change
        for change in ParticipationChange.objects.filter(
            owner=owner, participation_id__in=[c.participation_id for c in kept]
        )
    }
    for change in kept:
        before = earlier.get(change.participation_id)
        if before is None:
            continue
        for name in _FLAGS:
            if getattr(change, name) is None:
                setattr(change, name, getattr(before, name))
        change.person_id = change.person_id or before.person_id
    if earlier:
        ParticipationChange.objects.filter(pk__in=[c.pk for c in earlier.values()]).delete()
    ParticipationChange.objects.bulk_create(kept)


def participation_publish(*, owner: str) -> int:
    """An import completes: its changes to records that count are applied, and its new
    records count, together. Call inside the transaction that marks the import done: a
    reader sees all of the import or none of it. Returns how many new records count."""
    table = connection.ops.quote_name(Participation._meta.db_table)
    changes = connection.ops.quote_name(ParticipationChange._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    flags = ", ".join(f"{name} = COALESCE(c.{name}, {table}.{name})" for name in _FLAGS)
    copied = ", ".join(f"{name} = c.{name}" for name in _COPIED)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {flags}, {copied}, "  # noqa: S608
            f"person_id = COALESCE({table}.person_id, c.person_id), updated_at = %s "
            f"FROM {changes} c WHERE c.participation_id = {table}.id AND c.owner = %s",
            [now, owner],
        )
        changed = cursor.rowcount
        cursor.execute(f"DELETE FROM {changes} WHERE owner = %s", [owner])  # noqa: S608
        # The one statement that makes the import's new records count.
        cursor.execute(
            f"UPDATE {table} SET pending_import = NULL, updated_at = %s "  # noqa: S608
            "WHERE pending_import = %s",
            [now, owner],
        )
        published = cursor.rowcount
    if changed or published:
        records_changed_on_commit(sender="programme", kinds={"participation"})
    return int(published)


def participation_pending_discard(*, owner: str) -> int:
    """An import is taken back: its new records and its kept changes go; nothing of it
    was ever counted. Returns how many records were deleted."""
    ParticipationChange.objects.filter(owner=owner).delete()
    deleted, _by_model = Participation.all_with_pending.filter(pending_import=owner).delete()
    return deleted


@transaction.atomic
def activity_partners_replace(*, old: Any, new: Any) -> int:
    """Every activity co-organised by partner `old` names `new` instead (a partner merge);
    an activity that names both keeps one link. Returns how many activities named `old`."""
    through = Activity.partners.through
    already = list(through.objects.filter(partner_id=new.pk).values_list("activity_id", flat=True))
    rows = through.objects.filter(partner_id=old.pk)
    count = rows.count()
    rows.exclude(activity_id__in=already).update(partner_id=new.pk)
    through.objects.filter(partner_id=old.pk).delete()
    if count:
        records_changed_on_commit(sender="programme", kinds={"activity"})
    return count


def participation_follow_profile(sender: Any, *, user: User, **_: Any) -> None:
    """Receiver of `accounts.signals.profile_changed`: the records follow the profile."""
    participation_sync_person(person=user)


def participation_sync_person(*, person: User) -> int:
    """Refresh the copied profile fields on all of a person's participation records."""
    # `update()` skips auto_now: the change time is set here, since caches of past
    # periods' figures (monitoring's closed years) notice a change by it.
    count = Participation.all_with_pending.filter(person_key=person.person_key).update(
        **_snapshot(person), updated_at=timezone.now()
    )
    if count:
        records_changed_on_commit(sender="programme", kinds={"participation"})
    return count


@transaction.atomic
def participation_withdraw(
    *,
    activity: Activity,
    person: User,
    source: str,
    role: str = ParticipationRole.PARTICIPANT,
) -> bool:
    """Remove a person's record that `source` made and that nothing has happened to since.

    A cancelled registration no longer counts the person as reached; a record that says
    they attended, completed or were certified stays, whoever made it. Returns whether a
    record was removed.
    """
    deleted, _by_model = Participation.objects.filter(
        activity=activity,
        person_key=person.person_key,
        role=role,
        source=source,
        attended=False,
        completed=False,
        certified=False,
    ).delete()
    if deleted:
        records_changed_on_commit(sender="programme", kinds={"participation"})
    return bool(deleted)


# --- The activity a course, event or competition stands for ------------------------------

# What a delivery domain (events, learning, competitions) keeps in step on its activity;
# the rest (outputs, priorities...) is the programme staff's to record. Its place in the
# programme (unit, pillars, objectives, workplan item) is chosen on the delivery form.
_DELIVERY_FIELDS = frozenset(
    {
        "title",
        "description",
        "original_language",
        "kind",
        "start_date",
        "end_date",
        "modality",
        "languages",
        "is_public",
        "status",
        "parent",
        "initiative",
    }
)
_DELIVERY_RELATIONS = frozenset(
    {"pillars", "objectives", "partners", "target_countries", "target_regions", "target_groups"}
)
# Framework links that must be of the activity's own strategy period.
_PERIOD_RELATIONS = ("pillars", "objectives", "target_groups")


def activity_period_current() -> StrategyPeriod:
    """The strategy period new activities belong to; a clear error when none is loaded."""
    period = period_current()
    if period is None:
        raise ValidationError(
            _("No strategy period is current; load the strategy before adding activities.")
        )
    return period


def _pk(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def unit_default(*, user: User | None, period: StrategyPeriod) -> ProgrammeUnit | None:
    """The unit a staff member's new activities go to: their first unit of the period."""
    if user is None or not user.is_authenticated:
        return None
    membership = (
        UnitMembership.objects.filter(user=user, unit__period=period)
        .select_related("unit")
        .order_by("unit__order", "unit__code")
        .first()
    )
    return membership.unit if membership is not None else None


def _check_placement(
    *,
    period_id: int,
    unit: ProgrammeUnit | None,
    links: Mapping[str, Iterable[Any]],
) -> None:
    """The unit, pillars, objectives and groups of an activity are of its own period."""
    errors: dict[str, Any] = {}
    if unit is not None and unit.period_id != period_id:
        errors["unit"] = _("This programme unit belongs to another strategy period.")
    for name in _PERIOD_RELATIONS:
        items = [item for item in links.get(name, ()) if isinstance(item, models.Model)]
        if any(getattr(item, "period_id", period_id) != period_id for item in items):
            errors[name] = _("Choose items of the activity's own strategy period.")
    if errors:
        raise ValidationError(errors)


def _assign_changed(activity: Activity, values: Mapping[str, Any]) -> list[str]:
    """Set the given fields on the activity; the names of those whose value changed."""
    changed: list[str] = []
    for name, value in values.items():
        field = Activity._meta.get_field(name)
        if field.many_to_one:
            attname = field.attname  # type: ignore[union-attr]
            if getattr(activity, attname) != _pk(value):
                setattr(activity, attname, _pk(value))
                changed.append(attname)
            continue
        if isinstance(field, TranslatedField):
            value = dict(TranslatedText(dict(value or {})))
            if dict(getattr(activity, name) or {}) != value:
                setattr(activity, name, value)
                changed.append(name)
            continue
        if getattr(activity, name) != value:
            setattr(activity, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def activity_for_delivery_save(
    *,
    activity: Activity | None = None,
    code: str = "",
    kind: str = "",
    period: StrategyPeriod | None = None,
    whole_period: bool = False,
    created_by: User | None = None,
    values: Mapping[str, Any] | None = None,
    relations: Mapping[str, Iterable[Any]] | None = None,
    additions: Mapping[str, Iterable[Any]] | None = None,
    unit: ProgrammeUnit | None = None,
    workplan_item: int | None = None,
) -> Activity:
    """Create (no `activity`) or keep in step the Activity a course, event or competition is.

    A new activity belongs to `period`, by default the current one
    (`strategy.selectors.period_current`); without dates of its own it runs from today
    (from the period's first day when `whole_period`, as a platform does) to the period's
    last day. It belongs to `unit`, by default the creator's unit of that period
    (`unit_default`); without either it is refused, since every piece of work belongs to
    a unit. `values` sets fields, `relations` replaces many-to-many links and
    `additions` adds to them, keeping what programme staff linked. Only the fields a
    delivery domain keeps in step may be given; the unit, pillars, objectives and target
    groups must be of the activity's period. `workplan_item` places the activity on that
    item of the year's workplan (`placement.workplan_item_link`). The change is
    announced on commit when anything changed.
    """
    values = dict(values or {})
    relations = dict(relations or {})
    additions = dict(additions or {})
    unknown = (set(values) - _DELIVERY_FIELDS) | (
        (set(relations) | set(additions)) - _DELIVERY_RELATIONS
    )
    if unknown:
        raise ValueError(f"Not kept in step by a delivery domain: {', '.join(sorted(unknown))}")
    changed = False
    links = {
        name: [*relations.get(name, ()), *additions.get(name, ())] for name in _PERIOD_RELATIONS
    }
    if activity is None:
        if not code or not (kind or values.get("kind")):
            raise ValueError("A new activity needs a code and a kind.")
        period = period or activity_period_current()
        unit = unit or unit_default(user=created_by, period=period)
        if unit is None:
            raise ValidationError(
                {"unit": _("Choose the programme unit this activity belongs to.")}
            )
        _check_placement(period_id=period.pk, unit=unit, links=links)
        first = datetime.date(period.start_year, 1, 1)
        start = first if whole_period else max(timezone.localdate(), first)
        values.setdefault("start_date", start)
        values.setdefault(
            "end_date", max(values["start_date"], datetime.date(period.end_year, 12, 31))
        )
        activity = Activity(code=code, kind=kind, period=period, unit=unit, created_by=created_by)
        _assign_changed(activity, values)
        activity.save()
        changed = True
    else:
        _check_placement(period_id=activity.period_id, unit=unit, links=links)
        if unit is not None:
            values["unit"] = unit
        fields = _assign_changed(activity, values)
        if fields:
            activity.save(update_fields=[*fields, "updated_at"])
            changed = True
    for name, items in relations.items():
        wanted = {_pk(item) for item in items}
        manager = getattr(activity, name)
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(list(wanted))
            changed = True
    for name, items in additions.items():
        manager = getattr(activity, name)
        missing = {_pk(item) for item in items} - set(manager.values_list("pk", flat=True))
        if missing:
            manager.add(*missing)
            changed = True
    if workplan_item is not None:
        workplan_item_link(item_id=workplan_item, activity=activity)
        changed = True
    if changed:
        records_changed_on_commit(sender="programme", kinds={"activity"})
    return activity


@transaction.atomic
def activity_save(*, form: ActivityForm, user: User) -> Activity:
    """Create or update an activity from a validated form; records who created it."""
    activity: Activity = form.save(commit=False)
    if activity.pk is None:
        activity.created_by = user
    activity.save()
    form.save_m2m()
    records_changed_on_commit(sender="programme", kinds={"activity"})
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
    records_changed_on_commit(sender="programme", kinds={"aggregate"})
    return record


@transaction.atomic
def aggregate_participation_delete(*, record: AggregateParticipation) -> None:
    record.delete()
    records_changed_on_commit(sender="programme", kinds={"aggregate"})


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


@transaction.atomic
def activity_create(
    *,
    code: str,
    title: dict[str, str],
    kind: str,
    period: Any,
    start_date: Any,
    end_date: Any,
    created_by: User | None = None,
    pillars: Iterable[Any] = (),
    objectives: Iterable[Any] = (),
    priorities: Iterable[Any] = (),
    target_groups: Iterable[Any] = (),
    partners: Iterable[Any] = (),
    target_regions: Iterable[Any] = (),
    target_countries: Iterable[Any] = (),
    **fields: Any,
) -> Activity:
    """Create an activity from keyword arguments, for records that come without a form
    (the demo data set): validated as the model requires, with its framework links."""
    activity = Activity(
        code=code,
        title=title,
        kind=kind,
        period=period,
        start_date=start_date,
        end_date=end_date,
        created_by=created_by,
        **fields,
    )
    activity.full_clean()
    activity.save()
    for relation, items in (
        ("pillars", pillars),
        ("objectives", objectives),
        ("priorities", priorities),
        ("target_groups", target_groups),
        ("partners", partners),
        ("target_regions", target_regions),
        ("target_countries", target_countries),
    ):
        getattr(activity, relation).set(list(items))
    records_changed_on_commit(sender="programme", kinds={"activity"})
    return activity


@transaction.atomic
def aggregate_participation_create(
    *,
    activity: Activity,
    total: int,
    female: int = 0,
    male: int = 0,
    another: int = 0,
    not_stated: int = 0,
    countries: Iterable[Any] = (),
    entered_by: User | None = None,
    **fields: Any,
) -> AggregateParticipation:
    """Counts for an activity from keyword arguments, as `aggregate_participation_add` saves
    a form: the split must add up to the total; the country count is at least the countries
    listed."""
    countries = list(countries)
    record = AggregateParticipation(
        activity=activity,
        total=total,
        female=female,
        male=male,
        another=another,
        not_stated=not_stated,
        entered_by=entered_by,
        **fields,
    )
    record.country_count = max(record.country_count or 0, len(countries))
    record.full_clean()
    record.save()
    record.countries.set(countries)
    records_changed_on_commit(sender="programme", kinds={"aggregate"})
    return record


# --- People the institute knows of, with or without an account ---------------------------


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """What a report or a list says about one participant; blanks where it says nothing."""

    email: str = ""
    name: str = ""
    country_id: int | None = None
    sex: str = ""
    role: str = ""

    @property
    def key(self) -> str:
        """The person's key: the normalised address, else "name:" and the normalised name."""
        email = person_email_normalise(self.email)
        return email if email else f"name:{person_name_key(self.name)}"


_PERSON_FACTS = ("country_id", "sex", "role")


def _person_key_of(person: Person) -> str:
    return person.email if person.email else f"name:{person.name_key}"


def _persons_by_key(keys: Iterable[str]) -> dict[str, Person]:
    keys = list(keys)
    emails = [key for key in keys if not key.startswith("name:")]
    names = [key[5:] for key in keys if key.startswith("name:")]
    found: dict[str, Person] = {}
    for batch in _batched(emails, 500):
        for person in Person.objects.filter(email__in=batch).select_related("user"):
            found[_person_key_of(person)] = person
    for batch in _batched(names, 500):
        for person in Person.objects.filter(email="", name_key__in=batch).select_related("user"):
            found[_person_key_of(person)] = person
    return found


@transaction.atomic
def person_record_many(
    *, facts: Iterable[PersonFacts], source: str = ParticipationSource.ATTENDANCE
) -> dict[str, Person]:
    """The person record of each participant, by `PersonFacts.key`, made where missing.

    A new record holds only what was given; a known one keeps what it holds and takes
    what it lacked (a later report that gives the country fills it, never overwrites
    it). Facts without an e-mail address or a name are left out.
    """
    wanted: dict[str, PersonFacts] = {}
    for fact in facts:
        key = fact.key
        if key == "name:":
            continue
        known = wanted.get(key)
        if known is not None:
            fact = PersonFacts(
                email=known.email or fact.email,
                name=known.name or fact.name,
                country_id=known.country_id or fact.country_id,
                sex=known.sex or fact.sex,
                role=known.role or fact.role,
            )
        wanted[key] = fact
    if not wanted:
        return {}
    found = _persons_by_key(wanted)
    missing = [
        Person(
            email=person_email_normalise(fact.email),
            name=" ".join(fact.name.split())[:200],
            name_key="" if fact.email.strip() else person_name_key(fact.name),
            country_id=fact.country_id,
            sex=fact.sex,
            role=fact.role,
            source=source,
        )
        for key, fact in wanted.items()
        if key not in found
    ]
    # A concurrent import may have made some of them: conflicts are skipped, then read.
    Person.objects.bulk_create(missing, batch_size=500, ignore_conflicts=True)
    if missing:
        found.update(_persons_by_key(_person_key_of(person) for person in missing))
    filled: list[Person] = []
    now = timezone.now()
    for key, fact in wanted.items():
        person = found[key]
        changed = False
        for name in _PERSON_FACTS:
            if not getattr(person, name) and getattr(fact, name):
                setattr(person, name, getattr(fact, name))
                changed = True
        if not person.name and fact.name.strip():
            person.name = " ".join(fact.name.split())[:200]
            changed = True
        if changed:
            person.updated_at = now  # bulk_update does not apply auto_now
            filled.append(person)
    if filled:
        Person.objects.bulk_update(filled, [*_PERSON_FACTS, "name", "updated_at"], batch_size=500)
    return found


def person_participation_entry(
    *,
    activity_id: int,
    person: Person,
    role: str = ParticipationRole.PARTICIPANT,
    attended: bool | None = None,
    completed: bool | None = None,
    certified: bool | None = None,
    source: str = ParticipationSource.IMPORT,
) -> ParticipationEntry:
    """The `ParticipationEntry` of a person record: the account's profile when the person
    has one, else what the record holds ("not recorded" where it holds nothing)."""
    if person.user is not None:
        return ParticipationEntry.for_person(
            activity_id=activity_id,
            person=person.user,
            role=role,
            attended=attended,
            completed=completed,
            certified=certified,
            source=source,
        )
    return ParticipationEntry(
        activity_id=activity_id,
        person_key=person.person_key,
        role=role,
        country_id=person.country_id,
        sex=person.sex,
        person_role=person.role,
        attended=attended,
        completed=completed,
        certified=certified,
        source=source,
    )


def _participation_rekey(old_key: uuid.UUID, new_key: uuid.UUID) -> None:
    """Move a person's records to another key; where both keys hold the same activity and
    role, one record stays, with every flag either had."""
    moving = list(Participation.all_with_pending.filter(person_key=old_key))
    if not moving:
        return
    staying = {
        (p.activity_id, p.role): p
        for p in Participation.all_with_pending.filter(
            person_key=new_key, activity_id__in={p.activity_id for p in moving}
        )
    }
    for record in moving:
        twin = staying.get((record.activity_id, record.role))
        if twin is None:
            continue
        changed = [name for name in _FLAGS if getattr(record, name) and not getattr(twin, name)]
        for name in changed:
            setattr(twin, name, True)
        if changed:
            twin.save(update_fields=[*changed, "updated_at"])
        record.delete()
    Participation.all_with_pending.filter(person_key=old_key).update(
        person_key=new_key, updated_at=timezone.now()
    )


@transaction.atomic
def person_adopt(*, user: User) -> Person | None:
    """The account becomes the person record of its e-mail address, if there is one.

    Called once the address is confirmed, so nobody takes over another's history by
    signing up with their address. The account adopts the record's `person_key` and its
    earlier participation (records made under the account's own key since signing up
    are moved over, merged where both say the same), so the person counts once; the
    records then carry the account's profile where the account gives a value and keep
    what the report gave where it does not.
    """
    email = person_email_normalise(user.email)
    if not email:
        return None
    person = Person.objects.select_for_update().filter(email=email).first()
    if person is None:
        return None
    if person.user_id is not None and person.user_id != user.pk:
        return None
    if user.person_key != person.person_key:
        _participation_rekey(user.person_key, person.person_key)
        user_person_key_adopt(user=user, person_key=person.person_key)
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user", "updated_at"])
    given = {name: value for name, value in _snapshot(user).items() if value}
    Participation.all_with_pending.filter(person_key=person.person_key).update(
        person=user, **given, updated_at=timezone.now()
    )
    records_changed_on_commit(sender="programme", kinds={"participation"})
    return person


@transaction.atomic
def person_erase(*, person: Person) -> None:
    """Erase a person record (on the person's request, or with their account).

    Their participation records stay for the indicators, pseudonymous: the random
    `person_key` and the copied country, sex and role, with nothing left that names them.
    Domains holding report rows about the person (attendees of events) erase theirs on
    `person_erased`.
    """
    email, name_key = person.email, person.name_key
    person.delete()
    person_erased.send(sender=Person, email=email, name_key=name_key)

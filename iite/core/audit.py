"""The audit trail of staff changes, kept by django-auditlog.

Every domain registers its models with :func:`track`; the middleware records who made
each change. :func:`history_for` gives a record's history for its staff page, which
:func:`can_view_history` opens only to people who may see the record's own fields: a
change history repeats every value the record ever held (amounts, e-mail addresses,
names), so it is as sensitive as the record itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.db.models import Model, ProtectedError, Q, QuerySet
from django.db.models.deletion import Collector

# model -> the permissions any one of which lets a person read its records' history.
_history_permissions: dict[type[Model], tuple[str, ...]] = {}


def _own_permissions(model: type[Model]) -> tuple[str, ...]:
    meta = model._meta
    return (
        f"{meta.app_label}.view_{meta.model_name}",
        f"{meta.app_label}.change_{meta.model_name}",
    )


def track(
    model: type[Model], *, history_permissions: Iterable[str] | None = None, **options: Any
) -> type[Model]:
    """Record every create, update and delete of `model` in the audit trail.

    `history_permissions`: who may read a record's history, as permissions of which any
    one suffices; by default the model's own view and change permissions.
    """
    if not auditlog.contains(model):
        auditlog.register(model, **options)
    permissions = tuple(history_permissions or ()) or _own_permissions(model)
    _history_permissions[model] = permissions
    return model


def tracked_models() -> list[type[Model]]:
    """Every model whose changes the trail records, in registration order."""
    return list(_history_permissions)


def history_permissions(model: type[Model]) -> tuple[str, ...]:
    """The permissions that open the history of `model`'s records (none if untracked)."""
    return _history_permissions.get(model, ())


def can_view_history(user: Any, model: type[Model]) -> bool:
    """Whether `user` may read the change history of `model`'s records.

    Decided by the kind of record, before any record is looked up, so the answer also
    never tells whether a record exists.
    """
    if not (user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser)):
        return False
    return any(user.has_perm(permission) for permission in history_permissions(model))


def history_for(instance: Model) -> QuerySet[LogEntry]:
    return LogEntry.objects.get_for_object(instance).select_related("actor").order_by("-timestamp")


# --- Personal data in the trail: export it to the person, erase it with the account.

ERASED = "[erased]"
_SCRUBBED_FIELDS = ("object_repr", "changes", "changes_text", "additional_data", "serialized_data")


@dataclass(frozen=True)
class PersonInTrail:
    """What ties trail entries to one person, taken before any of their records goes.

    `records`: (content type id, primary key) of the tracked records that are the
    person's own, their account and what is deleted with it (registrations and their
    certificates, enrolments...). `values`: the strings that name them (e-mail
    addresses, names, old and new), looked for in every other entry.
    """

    records: frozenset[tuple[int, str]]
    values: frozenset[str]

    def own_entries(self) -> Q:
        by_type: dict[int, list[str]] = {}
        for content_type_id, pk in self.records:
            by_type.setdefault(content_type_id, []).append(pk)
        query = Q(pk__in=[])
        for content_type_id, pks in by_type.items():
            query |= Q(content_type_id=content_type_id, object_pk__in=pks)
        return query

    def mentioning_entries(self) -> Q:
        """Entries that may name the person (checked word by word in `pattern`)."""
        query = Q(pk__in=[])
        for value in self.values:
            # JSON columns hold non-ASCII characters escaped on some databases.
            for form in {value, json.dumps(value)[1:-1]}:
                for field in _SCRUBBED_FIELDS:
                    query |= Q(**{f"{field}__icontains": form})
            query |= Q(actor_email__iexact=value)
        return query

    def pattern(self) -> re.Pattern[str] | None:
        if not self.values:
            return None
        words = "|".join(re.escape(value) for value in sorted(self.values, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


def person_in_trail(user: Model, values: Iterable[str]) -> PersonInTrail:
    """The person's own tracked records (what deleting the account deletes) and names.

    Values shorter than three characters are not looked for: they would match inside
    unrelated words and names.
    """
    collector = Collector(using=router.db_for_write(type(user)))
    try:
        collector.collect([user])
        collected: Iterable[tuple[type[Model], Iterable[Model]]] = collector.data.items()
    except ProtectedError:
        collected = [(type(user), [user])]
    records = {
        (ContentType.objects.get_for_model(model).pk, str(instance.pk))
        for model, instances in collected
        if model in _history_permissions
        for instance in instances
    }
    return PersonInTrail(
        records=frozenset(records),
        values=frozenset(value.strip() for value in values if len(value.strip()) >= 3),
    )


def _scrub(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_scrub(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, pattern) for key, item in value.items()}
    return value


def _mentions(value: Any, pattern: re.Pattern[str]) -> bool:
    return _scrub(value, pattern) != value


def _entry_data(entry: LogEntry, changes: dict[str, Any]) -> dict[str, Any]:
    return {
        "when": entry.timestamp.isoformat(),
        "action": str(entry.get_action_display()),
        "record_kind": str(entry.content_type.model_class()._meta.verbose_name)
        if entry.content_type.model_class() is not None
        else entry.content_type.model,
        "record": entry.object_repr,
        "changes": changes,
    }


def audit_personal_data_export(person: PersonInTrail, user: Model) -> dict[str, Any]:
    """The trail's entries about the person, and the changes they made themselves.

    Their own records' entries in full; in other records' entries, only the changes
    that name them (the rest is about someone or something else). Of the changes they
    made: when, what kind of record, from which address, not the values they wrote.
    """
    pattern = person.pattern()
    own = person.own_entries()
    about = [
        _entry_data(entry, entry.changes_dict)
        for entry in LogEntry.objects.filter(own)
        .select_related("content_type")
        .order_by("timestamp")
        .iterator()
    ]
    mentioning = []
    if pattern is not None:
        for entry in (
            LogEntry.objects.filter(person.mentioning_entries())
            .exclude(own)
            .select_related("content_type")
            .order_by("timestamp")
            .iterator()
        ):
            changes = {
                field: change
                for field, change in entry.changes_dict.items()
                if _mentions(change, pattern)
            }
            if changes or _mentions(entry.object_repr, pattern):
                mentioning.append(_entry_data(entry, changes))
    made = [
        {
            "when": entry.timestamp.isoformat(),
            "action": str(entry.get_action_display()),
            "record_kind": entry.content_type.model,
            "address": entry.remote_addr,
        }
        for entry in LogEntry.objects.filter(actor=user)
        .select_related("content_type")
        .order_by("timestamp")
        .iterator()
    ]
    return {"about_you": about, "naming_you": mentioning, "changes_you_made": made}


def audit_personal_data_erase(person: PersonInTrail, user: Model) -> None:
    """Erase the person from the trail: run by account deletion after every domain's
    eraser and before the account goes (iite.accounts.services.account_delete).

    Their own records' entries go; in every other entry, the strings naming them are
    replaced by "[erased]"; the changes they made stay, no longer attributable to them.
    """
    LogEntry.objects.filter(person.own_entries()).delete()
    pattern = person.pattern()
    if pattern is not None:
        for entry in LogEntry.objects.filter(person.mentioning_entries()).iterator():
            for field in _SCRUBBED_FIELDS:
                setattr(entry, field, _scrub(getattr(entry, field), pattern))
            if entry.actor_email and pattern.fullmatch(entry.actor_email):
                entry.actor_email = None
            entry.save(update_fields=[*_SCRUBBED_FIELDS, "actor_email"])
    LogEntry.objects.filter(actor=user).update(
        actor=None, actor_email=None, remote_addr=None, remote_port=None
    )

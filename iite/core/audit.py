"""The audit trail of staff changes, kept by django-auditlog.

Every domain registers its models with :func:`track`; the middleware records who made
each change. :func:`history_for` gives a record's history for its staff page, which
:func:`can_view_history` opens only to people who may see the record's own fields: a
change history repeats every value the record ever held (amounts, e-mail addresses,
names), so it is as sensitive as the record itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db.models import Model, QuerySet

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

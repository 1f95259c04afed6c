"""The audit trail of staff changes, kept by django-auditlog.

Every domain registers its models with :func:`track`; the middleware records who made
each change. :func:`history_for` gives a record's history for its staff page.
"""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db.models import Model, QuerySet


def track(model: type[Model], **options: Any) -> type[Model]:
    """Record every create, update and delete of `model` in the audit trail."""
    if not auditlog.contains(model):
        auditlog.register(model, **options)
    return model


def history_for(instance: Model) -> QuerySet[LogEntry]:
    return LogEntry.objects.get_for_object(instance).select_related("actor").order_by("-timestamp")

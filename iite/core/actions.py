"""Multi-step workflows as small action objects: check, write, log, notify, in that order.

After Wagtail's `UnpublishAction`: a workflow that needs a permission check and leaves an
audit entry (merging partners, approving a course, revoking a credential, approving a
workplan) is one class whose `execute()` runs

1. `check()`: refuses with PermissionDenied or ValidationError before anything is written;
2. `write()`: the domain's services do the writes, in one transaction with 3;
3. the audit entry: one LogEntry on the record the action is about, naming the action, its
   actor and `details()`, beside the field changes django-auditlog records by itself;
4. `notify()`: e-mails and other news, once the transaction has committed.

Views and the API call actions; the services stay the doors that write.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar, Generic, TypeVar

from auditlog.models import LogEntry
from django.db import transaction
from django.db.models import Model
from django.utils.functional import Promise

T = TypeVar("T")

# Each action's name → what the change history calls it, in the reader's language.
action_labels: dict[str, str | Promise] = {}


def audit_action(*, target: Model, name: str, by: Any, details: dict[str, Any]) -> LogEntry:
    """Record that `by` performed the action `name` on `target`, with `details`."""
    actor = by if getattr(by, "is_authenticated", False) else None
    entry = LogEntry.objects.log_create(
        target,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={},
        actor=actor,
        additional_data={"action": name, **details},
    )
    assert entry is not None  # force_log always creates one
    return entry


class Action(ABC, Generic[T]):
    """One workflow; subclasses set `name` and implement `check`, `write` and `target`."""

    # What the audit entry calls the action: "<app>.<verb>", e.g. "credentials.revoke".
    name: ClassVar[str]
    # What the change history shows for it ("Credential revoked").
    label: ClassVar[str | Promise]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        action_labels[cls.name] = cls.label

    def __init__(self, *, by: Any) -> None:
        self.by = by

    @abstractmethod
    def check(self) -> None:
        """Raise PermissionDenied or ValidationError when the action may not run."""

    @abstractmethod
    def write(self) -> T:
        """The writes, through the domain's services, inside the action's transaction."""

    @abstractmethod
    def target(self, result: T) -> Model:
        """The record whose history shows the action."""

    def details(self, result: T) -> dict[str, Any]:
        """What the audit entry says beside the action's name (JSON-serialisable)."""
        return {}

    def notify(self, result: T) -> None:
        """Tell the people concerned; runs after the commit."""

    def execute(self) -> T:
        self.check()
        with transaction.atomic():
            result = self.write()
            audit_action(
                target=self.target(result), name=self.name, by=self.by, details=self.details(result)
            )
            transaction.on_commit(lambda: self.notify(result))
        return result

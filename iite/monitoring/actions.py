"""The Governing Board's decisions on workplans, as small action objects.

Like Wagtail's `UnpublishAction`: each checks who may act and whether the record is in
a state to be acted on, writes in one transaction, leaves an entry in the history of
changes, and tells the person who asked for the decision, in that order, in one place.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import permissions, services
from .models import RevisionStatus, Workplan, WorkplanRevision, WorkplanStatus
from .tasks import notify_workplan_decision


def _check_approver(user: Any, skip_permission_checks: bool) -> None:
    if not skip_permission_checks and not permissions.can_approve_workplans(user):
        raise PermissionDenied(_("Only an administrator records the Board's approval."))


def _audit(instance: Any, user: Any, event: str, **data: Any) -> None:
    LogEntry.objects.log_create(
        instance,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={"decision": [None, event]},
        actor=user if getattr(user, "is_authenticated", False) else None,
        additional_data={"event": event, **data},
    )


@dataclass
class WorkplanApprove:
    """Record the Board's approval of a submitted workplan."""

    workplan: Workplan
    user: Any
    on: datetime.date
    reference: str = ""

    def check(self, skip_permission_checks: bool = False) -> None:
        _check_approver(self.user, skip_permission_checks)
        self.workplan.refresh_from_db(fields=["status"])
        if self.workplan.status != WorkplanStatus.SUBMITTED:
            raise ValidationError(
                {"status": _("Only a workplan submitted to the Governing Board is approved.")}
            )

    def execute(self, skip_permission_checks: bool = False) -> Workplan:
        self.check(skip_permission_checks)
        with transaction.atomic():
            workplan = services.workplan_set_status(
                workplan=self.workplan,
                status=WorkplanStatus.APPROVED,
                on=self.on,
                reference=self.reference,
            )
            _audit(workplan, self.user, "workplan_approved", reference=self.reference)
            transaction.on_commit(
                lambda: notify_workplan_decision.enqueue(workplan_id=workplan.pk, revision_id=None)
            )
        return workplan


@dataclass
class WorkplanRevisionApprove:
    """Approve a submitted revision: its items become the workplan's items."""

    revision: WorkplanRevision
    user: Any
    on: datetime.date
    reference: str = ""

    def check(self, skip_permission_checks: bool = False) -> None:
        _check_approver(self.user, skip_permission_checks)
        self.revision.refresh_from_db(fields=["status"])
        if self.revision.status != RevisionStatus.SUBMITTED:
            raise ValidationError(_("Only a revision submitted for approval is approved."))

    def execute(self, skip_permission_checks: bool = False) -> WorkplanRevision:
        self.check(skip_permission_checks)
        with transaction.atomic():
            revision = services.workplan_revision_apply(
                revision=self.revision, by=self.user, on=self.on, reference=self.reference
            )
            _audit(
                revision.workplan,
                self.user,
                "workplan_revision_approved",
                revision=revision.number,
                reference=self.reference,
            )
            transaction.on_commit(
                lambda: notify_workplan_decision.enqueue(
                    workplan_id=revision.workplan_id, revision_id=revision.pk
                )
            )
        return revision

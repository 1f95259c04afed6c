"""Writes to monitoring records: reported values, workplans and reviews, risks."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iite.core.records import records_changed_on_commit

from . import indicators
from .models import (
    MitigationAction,
    ReportedValue,
    Risk,
    RiskReview,
    Workplan,
    WorkplanItem,
    WorkplanReview,
    WorkplanStatus,
)


def indicators_invalidate(
    *, kinds: Iterable[str] = indicators.RECORD_KINDS, **_signal: object
) -> None:
    """Drop the cached figures and results pages when a record they count changed.

    The receiver of `records_changed` (connected in MonitoringConfig.ready), which is
    sent once a write commits; called without arguments it drops them at once.
    """
    if indicators.RECORD_KINDS.intersection(kinds):
        indicators.invalidate()


def _save(instance: Any, **changes: Any) -> Any:
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def reported_value_save(*, value: ReportedValue, author: Any) -> ReportedValue:
    """Create or update a reported value; the author is whoever saves it last."""
    if value.measure not in indicators.MEASURES:
        raise ValidationError({"measure": _("Choose one of the indicators' sub-measures.")})
    if value.country_id and not value.measure.startswith("member_states."):
        raise ValidationError(
            {"country": _("A country is only given for the Member States indicator.")}
        )
    if value.measure.startswith("member_states.") and not value.country_id:
        raise ValidationError(
            {"country": _("Name the country supported, so that it is counted once.")}
        )
    _save(value, author=author if getattr(author, "is_authenticated", False) else None)
    records_changed_on_commit(sender="monitoring", kinds={"reported_value"})
    return value


@transaction.atomic
def reported_value_delete(*, value: ReportedValue) -> None:
    value.delete()
    records_changed_on_commit(sender="monitoring", kinds={"reported_value"})


@transaction.atomic
def workplan_save(*, workplan: Workplan) -> Workplan:
    return _save(workplan)


_TRANSITIONS = {
    WorkplanStatus.DRAFT: {WorkplanStatus.SUBMITTED},
    WorkplanStatus.SUBMITTED: {WorkplanStatus.APPROVED, WorkplanStatus.DRAFT},
    WorkplanStatus.APPROVED: set(),
}


@transaction.atomic
def workplan_set_status(
    *,
    workplan: Workplan,
    status: str,
    on: datetime.date | None = None,
    reference: str = "",
) -> Workplan:
    """Draft → submitted → approved by the Governing Board (or back to draft from submitted)."""
    workplan = Workplan.objects.select_for_update().get(pk=workplan.pk)
    current = WorkplanStatus(workplan.status)
    if status not in _TRANSITIONS[current]:
        raise ValidationError(
            {
                "status": _("A workplan cannot go from %(from)s to %(to)s.")
                % {"from": current.label, "to": WorkplanStatus(status).label}
            }
        )
    on = on or datetime.date.today()
    workplan.status = status
    if status == WorkplanStatus.SUBMITTED:
        workplan.submitted_on = on
    elif status == WorkplanStatus.APPROVED:
        workplan.approved_on = on
        workplan.approval_reference = reference
    workplan.save()
    return workplan


@transaction.atomic
def workplan_item_save(
    *, item: WorkplanItem, objectives: Any = None, pillars: Any = None
) -> WorkplanItem:
    if item.measure and item.measure not in indicators.MEASURES:
        raise ValidationError({"measure": _("Choose one of the indicators' sub-measures.")})
    _save(item)
    if objectives is not None:
        item.objectives.set(objectives)
    if pillars is not None:
        item.pillars.set(pillars)
    return item


@transaction.atomic
def workplan_item_delete(*, item: WorkplanItem) -> None:
    item.delete()


@transaction.atomic
def workplan_review_save(*, review: WorkplanReview, author: Any) -> WorkplanReview:
    return _save(review, author=author if getattr(author, "is_authenticated", False) else None)


@transaction.atomic
def risk_save(*, risk: Risk) -> Risk:
    return _save(risk)


@transaction.atomic
def risk_review_record(
    *,
    risk: Risk,
    reviewed_on: datetime.date,
    likelihood: int,
    impact: int,
    note: str = "",
    reviewer: Any = None,
) -> RiskReview:
    """Add a dated review; the newest review sets the risk's current likelihood and impact."""
    review = RiskReview(
        risk=risk,
        reviewed_on=reviewed_on,
        likelihood=likelihood,
        impact=impact,
        note=note,
        reviewer=reviewer if getattr(reviewer, "is_authenticated", False) else None,
    )
    review.full_clean()
    review.save()
    latest = risk.reviews.order_by("-reviewed_on", "-id").first()
    if latest is not None and (risk.likelihood, risk.impact) != (latest.likelihood, latest.impact):
        risk.likelihood, risk.impact = latest.likelihood, latest.impact
        risk.save(update_fields=["likelihood", "impact", "updated_at"])
    return review


@transaction.atomic
def mitigation_action_save(*, action: MitigationAction) -> MitigationAction:
    return _save(action)


@transaction.atomic
def workplan_item_activity_link(*, item_id: int, activity: Any) -> WorkplanItem:
    """Record that a workplan item is carried out by this activity (from an event or course form).

    Only an item no activity carries out yet, or already this one, can be linked: an
    item's activity is replaced only on the workplan's own page.
    """
    item = WorkplanItem.objects.select_for_update().filter(pk=item_id).first()
    if item is None or item.activity_id not in (None, activity.pk):
        raise ValidationError(
            {"workplan_item": _("This workplan item is not open for another activity.")}
        )
    if item.activity_id != activity.pk:
        item.activity = activity
        item.save(update_fields=["activity", "updated_at"])
        records_changed_on_commit(sender="monitoring", kinds={"workplan"})
    return item

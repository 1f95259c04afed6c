"""Writes to monitoring records: reported values, workplans and reviews, risks."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from iite.core.backup import digest
from iite.core.records import records_changed_on_commit

from . import indicators
from .models import (
    OPEN_REVISION,
    MitigationAction,
    ReportedValue,
    RevisionStatus,
    Risk,
    RiskReview,
    Workplan,
    WorkplanItem,
    WorkplanReview,
    WorkplanRevision,
    WorkplanStatus,
)


def indicators_invalidate(*, kinds: Iterable[str] | None = None, **_signal: object) -> None:
    """Drop the cached figures and results pages when a record they count changed.

    The receiver of `records_changed` (connected in MonitoringConfig.ready), which is
    sent once a write commits, with the kinds of record written: what is kept of the
    years and half-years that have ended stays while their records' version is the
    same. Called without arguments (after a write that bypassed the programme's
    services, a bulk fix in a shell), it drops everything at once, those too.
    """
    if kinds is None:
        indicators.invalidate(closed=True)
    elif indicators.RECORD_KINDS.intersection(kinds):
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


def _refuse_if_approved(workplan_id: int | None) -> None:
    """An approved workplan changes only through a revision that is approved in turn."""
    if (
        workplan_id
        and Workplan.objects.filter(pk=workplan_id, status=WorkplanStatus.APPROVED).exists()
    ):
        raise ValidationError(
            _(
                "The Governing Board approved this workplan: change it through a revision, "
                "which needs approval again."
            ),
            code="approved",
        )


@transaction.atomic
def workplan_save(*, workplan: Workplan) -> Workplan:
    """Save the workplan's title and year (the status changes only by its transitions)."""
    _refuse_if_approved(workplan.pk)
    if workplan.pk:
        stored = Workplan.objects.values_list("status", flat=True).get(pk=workplan.pk)
        workplan.status = stored
    else:
        workplan.status = WorkplanStatus.DRAFT
    return _save(workplan)


TRANSITIONS = {
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
    by: Any = None,
) -> Workplan:
    """Draft → submitted → approved by the Governing Board (or back to draft from submitted).

    Approval is recorded through `actions.WorkplanApprove`, which checks the permission,
    writes the entry in the history and tells whoever submitted the plan.
    """
    workplan = Workplan.objects.select_for_update().get(pk=workplan.pk)
    current = WorkplanStatus(workplan.status)
    if status not in TRANSITIONS[current]:
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
        workplan.submitted_by = by if getattr(by, "is_authenticated", False) else None
    elif status == WorkplanStatus.APPROVED:
        workplan.approved_on = on
        workplan.approval_reference = reference
    workplan.save()
    return workplan


@transaction.atomic
def workplan_item_save(
    *, item: WorkplanItem, objectives: Any = None, pillars: Any = None
) -> WorkplanItem:
    _refuse_if_approved(item.workplan_id)
    _check_measure(item.measure)
    _save(item)
    if objectives is not None:
        item.objectives.set(objectives)
    if pillars is not None:
        item.pillars.set(pillars)
    return item


def _check_measure(measure: str) -> None:
    if measure and measure not in indicators.MEASURES:
        raise ValidationError({"measure": _("Choose one of the indicators' sub-measures.")})


@transaction.atomic
def workplan_item_delete(*, item: WorkplanItem) -> None:
    _refuse_if_approved(item.workplan_id)
    item.delete()


@transaction.atomic
def workplan_item_narrative_save(*, item: WorkplanItem, narrative: Any) -> WorkplanItem:
    """The officer's account of an item's progress; allowed on an approved workplan, since
    it reports on the plan rather than changing it. The progress itself is computed."""
    WorkplanItem.objects.filter(pk=item.pk).update(narrative=dict(narrative or {}))
    item.refresh_from_db()
    return item


# --- Revisions of an approved workplan ---------------------------------------------------


def item_plan(item: WorkplanItem) -> dict[str, Any]:
    """An item's planned fields as a revision stores them (JSON)."""
    return item_plan_from(item, objectives=item.objectives.all(), pillars=item.pillars.all())


@transaction.atomic
def workplan_revision_open(*, workplan: Workplan, reason: str, by: Any) -> WorkplanRevision:
    """Start a revision of an approved workplan from what the Board approved."""
    workplan = Workplan.objects.select_for_update().get(pk=workplan.pk)
    if workplan.status != WorkplanStatus.APPROVED:
        raise ValidationError(
            _("Only an approved workplan is revised; edit a draft or submitted one directly.")
        )
    if workplan.revisions.filter(status__in=OPEN_REVISION).exists():
        raise ValidationError(_("This workplan already has a revision under way."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the workplan needs revising.")})
    number = (workplan.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    items = workplan.items.prefetch_related("objectives", "pillars").order_by("order", "pk")
    revision = WorkplanRevision(
        workplan=workplan,
        number=number,
        reason=reason.strip(),
        proposed=[item_plan(item) for item in items],
        proposed_by=by if getattr(by, "is_authenticated", False) else None,
    )
    revision.full_clean()
    revision.save()
    return revision


def _open_revision(revision: WorkplanRevision, *, status: str = RevisionStatus.DRAFT) -> Any:
    locked = WorkplanRevision.objects.select_for_update().get(pk=revision.pk)
    if locked.status != status:
        raise ValidationError(
            _("This revision is %(status)s and can no longer be changed.")
            % {"status": RevisionStatus(locked.status).label.lower()}
        )
    return locked


@transaction.atomic
def workplan_revision_item_save(
    *,
    revision: WorkplanRevision,
    item: WorkplanItem,
    index: int | None,
    objectives: Any,
    pillars: Any,
) -> WorkplanRevision:
    """Put a proposed item into the revision (at `index`, or as a new one); the workplan's
    own items are untouched until the revision is approved."""
    revision = _open_revision(revision)
    _check_measure(item.measure)
    item.full_clean(exclude=["workplan"])
    entry = item_plan_from(item, objectives=objectives, pillars=pillars)
    proposed = list(revision.proposed)
    if index is None:
        proposed.append(entry)
    elif 0 <= index < len(proposed):
        entry["id"] = proposed[index].get("id")
        proposed[index] = entry
    else:
        raise ValidationError(_("This item is not in the revision."))
    revision.proposed = proposed
    revision.save(update_fields=["proposed", "updated_at"])
    return revision


def item_plan_from(item: WorkplanItem, *, objectives: Any, pillars: Any) -> dict[str, Any]:
    entry = {
        "id": item.pk,
        "title": dict(item.title),
        "original_language": item.original_language,
        "activity": item.activity_id,
        "target": dict(item.target),
        "measure": item.measure,
        "target_value": item.target_value,
        "planned_cost_usd": str(item.planned_cost_usd),
        "order": item.order,
    }
    entry["objectives"] = sorted(o.pk for o in objectives or [])
    entry["pillars"] = sorted(p.pk for p in pillars or [])
    return entry


def item_plan_apply(item: WorkplanItem, entry: dict[str, Any]) -> WorkplanItem:
    """Set an item's planned fields from a revision's entry (not saved; not the m2m)."""
    item.title = entry["title"]
    item.original_language = entry["original_language"]
    item.activity_id = entry["activity"]
    item.target = entry["target"]
    item.measure = entry["measure"]
    item.target_value = entry["target_value"]
    item.planned_cost_usd = Decimal(entry["planned_cost_usd"])
    item.order = entry["order"]
    return item


@transaction.atomic
def workplan_revision_item_remove(*, revision: WorkplanRevision, index: int) -> WorkplanRevision:
    revision = _open_revision(revision)
    proposed = list(revision.proposed)
    if not 0 <= index < len(proposed):
        raise ValidationError(_("This item is not in the revision."))
    del proposed[index]
    revision.proposed = proposed
    revision.save(update_fields=["proposed", "updated_at"])
    return revision


@transaction.atomic
def workplan_revision_submit(
    *, revision: WorkplanRevision, on: datetime.date | None = None
) -> WorkplanRevision:
    revision = _open_revision(revision)
    revision.status = RevisionStatus.SUBMITTED
    revision.submitted_on = on or datetime.date.today()
    revision.save(update_fields=["status", "submitted_on", "updated_at"])
    return revision


@transaction.atomic
def workplan_revision_reject(
    *, revision: WorkplanRevision, by: Any, on: datetime.date | None = None, reference: str = ""
) -> WorkplanRevision:
    """The Board did not approve the revision: the workplan stays as approved."""
    revision = _open_revision(revision, status=RevisionStatus.SUBMITTED)
    revision.status = RevisionStatus.REJECTED
    revision.decided_on = on or datetime.date.today()
    revision.decided_by = by if getattr(by, "is_authenticated", False) else None
    revision.decision_reference = reference
    revision.save()
    return revision


def workplan_revision_apply(
    *, revision: WorkplanRevision, by: Any, on: datetime.date, reference: str
) -> WorkplanRevision:
    """Make the revision's items the workplan's items and record the approval.

    Called by `actions.WorkplanRevisionApprove` inside its transaction, after its checks.
    Items the revision dropped are deleted; kept ones are updated; new ones created.
    """
    revision = _open_revision(revision, status=RevisionStatus.SUBMITTED)
    workplan = revision.workplan
    kept: set[int] = set()
    for entry in revision.proposed:
        item = (
            WorkplanItem.objects.filter(pk=entry.get("id"), workplan=workplan).first()
            if entry.get("id")
            else None
        ) or WorkplanItem(workplan=workplan)
        item_plan_apply(item, entry)
        _check_measure(item.measure)
        _save(item)
        item.objectives.set(entry.get("objectives", []))
        item.pillars.set(entry.get("pillars", []))
        kept.add(item.pk)
    workplan.items.exclude(pk__in=kept).delete()
    revision.status = RevisionStatus.APPROVED
    revision.decided_on = on
    revision.decided_by = by if getattr(by, "is_authenticated", False) else None
    revision.decision_reference = reference
    revision.save()
    return revision


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


def indicators_digest() -> str:
    """A digest of every measure of every year of the strategy, computed from the records
    (not the cache): a backup restored right gives the same one."""
    first, last = indicators.strategy_years()
    figures = {}
    for year in range(first, last + 1):
        computation = indicators.compute(indicators.Scope(year=year))
        figures[year] = {
            code: [values.value, values.halves, values.years, str(values.reported)]
            for code, values in computation.measures.items()
        }
    return digest(figures)


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

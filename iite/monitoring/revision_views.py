"""Revisions of an approved workplan, and the officers' narrative beside computed progress."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from iite.core.i18n import TranslatedText, as_translated

from . import actions, permissions, services
from .forms import ItemNarrativeForm, RevisionDecisionForm, RevisionOpenForm, WorkplanItemForm
from .models import Workplan, WorkplanItem, WorkplanRevision


def _require(check: bool) -> None:
    if not check:
        raise PermissionDenied


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@require_http_methods(["GET", "POST"])
def revision_open(request: HttpRequest, year: int) -> HttpResponse:
    _require(permissions.can_edit_workplans(request.user))
    workplan = get_object_or_404(Workplan, year=year)
    form = RevisionOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            revision = services.workplan_revision_open(
                workplan=workplan, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("The revision is open; the approved plan is unchanged."))
            return redirect("monitoring:revision_detail", year=year, number=revision.number)
    return render(
        request,
        "monitoring/form.html",
        {"form": form, "title": _("Revise the approved workplan"), "parent": workplan},
    )


def _revision(year: int, number: int) -> WorkplanRevision:
    return get_object_or_404(
        WorkplanRevision.objects.select_related("workplan", "proposed_by"),
        workplan__year=year,
        number=number,
    )


def _changes(revision: WorkplanRevision) -> tuple[list[dict[str, Any]], list[WorkplanItem]]:
    """The proposed items marked new, changed or unchanged; the approved items dropped."""
    live = {
        item.pk: item for item in revision.workplan.items.prefetch_related("objectives", "pillars")
    }
    rows = []
    for index, entry in enumerate(revision.proposed):
        current = live.get(entry.get("id") or 0)
        if current is None:
            change = _("new")
        elif services.item_plan(current) != entry:
            change = _("changed")
        else:
            change = _("unchanged")
        rows.append(
            {
                "index": index,
                "title": TranslatedText(entry["title"]),
                "target": TranslatedText(
                    as_translated(entry.get("target"), settings.LANGUAGE_CODE),
                    entry.get("original_language"),
                ),
                "planned_cost_usd": Decimal(entry["planned_cost_usd"]),
                "change": change,
            }
        )
    kept = {entry.get("id") for entry in revision.proposed}
    dropped = [item for pk, item in live.items() if pk not in kept]
    return rows, dropped


@login_required
def revision_detail(request: HttpRequest, year: int, number: int) -> HttpResponse:
    _require(permissions.can_view_staff_pages(request.user))
    revision = _revision(year, number)
    rows, dropped = _changes(revision)
    return render(
        request,
        "monitoring/revision_detail.html",
        {
            "revision": revision,
            "workplan": revision.workplan,
            "rows": rows,
            "dropped": dropped,
            "can_edit": permissions.can_edit_workplans(request.user) and revision.status == "draft",
            "can_submit": permissions.can_edit_workplans(request.user)
            and revision.status == "draft",
            "can_approve": permissions.can_approve_workplans(request.user)
            and revision.status == "submitted",
            "decision_form": RevisionDecisionForm(initial={"on": datetime.date.today()}),
        },
    )


def _item_from(revision: WorkplanRevision, entry: dict[str, Any] | None) -> WorkplanItem:
    item = WorkplanItem(workplan=revision.workplan)
    return services.item_plan_apply(item, entry) if entry is not None else item


@login_required
@require_http_methods(["GET", "POST"])
def revision_item_edit(
    request: HttpRequest, year: int, number: int, index: int | None = None
) -> HttpResponse:
    """Edit a proposed item of a draft revision (the approved item is not touched)."""
    _require(permissions.can_edit_workplans(request.user))
    revision = _revision(year, number)
    if index is not None and not 0 <= index < len(revision.proposed):
        raise Http404
    entry = revision.proposed[index] if index is not None else None
    initial = (
        {"objectives": entry.get("objectives", []), "pillars": entry.get("pillars", [])}
        if entry
        else None
    )
    form = WorkplanItemForm(
        request.POST or None, instance=_item_from(revision, entry), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.workplan_revision_item_save(
                revision=revision,
                item=form.save(commit=False),
                index=index,
                objectives=form.cleaned_data["objectives"],
                pillars=form.cleaned_data["pillars"],
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("The proposed item is saved in the revision."))
            return redirect("monitoring:revision_detail", year=year, number=number)
    return render(
        request,
        "monitoring/form.html",
        {"form": form, "title": _("Proposed workplan item"), "parent": revision},
    )


@login_required
@require_http_methods(["POST"])
def revision_item_remove(request: HttpRequest, year: int, number: int, index: int) -> HttpResponse:
    _require(permissions.can_edit_workplans(request.user))
    revision = _revision(year, number)
    try:
        services.workplan_revision_item_remove(revision=revision, index=index)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("The item is taken out of the revision."))
    return redirect("monitoring:revision_detail", year=year, number=number)


@login_required
@require_http_methods(["POST"])
def revision_decide(request: HttpRequest, year: int, number: int) -> HttpResponse:
    """Submit a draft revision; approve or reject a submitted one (administrators)."""
    revision = _revision(year, number)
    form = RevisionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision and a date."))
        return redirect("monitoring:revision_detail", year=year, number=number)
    decision, on = form.cleaned_data["decision"], form.cleaned_data["on"]
    reference = form.cleaned_data["reference"]
    try:
        if decision == "submit":
            _require(permissions.can_edit_workplans(request.user))
            services.workplan_revision_submit(revision=revision, on=on)
            messages.success(request, _("The revision is submitted for approval."))
        elif decision == "approve":
            actions.WorkplanRevisionApprove(
                revision, request.user, on=on, reference=reference
            ).execute()
            messages.success(request, _("The revision is approved: the workplan now holds it."))
        else:
            _require(permissions.can_approve_workplans(request.user))
            services.workplan_revision_reject(
                revision=revision, by=request.user, on=on, reference=reference
            )
            messages.success(request, _("The revision is not approved; the workplan is as it was."))
    except ValidationError as error:
        messages.error(request, _errors(error))
    return redirect("monitoring:revision_detail", year=year, number=number)


@login_required
@require_http_methods(["GET", "POST"])
def item_narrative(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    """The officer's narrative of an item's progress (the progress itself is computed)."""
    _require(permissions.can_edit_workplans(request.user))
    item = get_object_or_404(WorkplanItem, pk=pk, workplan__year=year)
    form = ItemNarrativeForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        services.workplan_item_narrative_save(item=item, narrative=form.cleaned_data["narrative"])
        messages.success(request, _("The narrative is saved."))
        return redirect("monitoring:workplan_detail", year=year)
    return render(
        request,
        "monitoring/form.html",
        {"form": form, "title": _("Progress narrative"), "parent": item},
    )

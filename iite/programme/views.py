from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from iite.core.exports import tables_response

from . import importer, permissions, selectors, services, tasks
from .forms import (
    ActivityFilterForm,
    ActivityForm,
    AggregateParticipationForm,
    ImportForm,
    ParticipationEntryForm,
    UnitMembershipForm,
)
from .models import Activity, AggregateParticipation, ImportJob, UnitMembership

PAGE_SIZE = 25


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _listing(
    request: HttpRequest, queryset: Any, template: str, extra: dict[str, Any]
) -> HttpResponse:
    form = ActivityFilterForm(request.GET or None)
    filtered = selectors.activity_filter(queryset, form.filters())
    page = Paginator(filtered, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), **extra}
    if request.headers.get("HX-Request"):
        return render(request, template.replace("list.html", "_results.html"), context)
    return render(request, template, context)


# --- Public pages: public activities and aggregate figures only --------------------------------


def activity_list(request: HttpRequest) -> HttpResponse:
    return _listing(request, selectors.activity_list_public(), "programme/public/list.html", {})


def activity_detail(request: HttpRequest, code: str) -> HttpResponse:
    activity = get_object_or_404(selectors.activity_list_public(), code=code)
    return render(
        request,
        "programme/public/detail.html",
        {
            "activity": activity,
            "summary": selectors.participation_summary(activity),
            "can_manage": permissions.can_view_staff_area(request.user),
        },
    )


# --- Staff pages -----------------------------------------------------------------------------


@login_required
def manage_list(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_view_staff_area(request.user))
    return _listing(
        request,
        selectors.activity_list_staff(),
        "programme/manage/list.html",
        {
            "can_add": permissions.can_add_activity(request.user),
            "can_import": permissions.can_import(request.user),
            "can_manage_units": permissions.can_manage_units(request.user),
        },
    )


def _staff_activity(request: HttpRequest, code: str) -> Activity:
    _require(permissions.can_view_staff_area(request.user))
    return get_object_or_404(
        Activity.objects.select_related("period", "unit", "initiative", "output", "parent"),
        code=code,
    )


def _detail_context(
    request: HttpRequest,
    activity: Activity,
    participation_form: ParticipationEntryForm | None = None,
    aggregate_form: AggregateParticipationForm | None = None,
) -> dict[str, Any]:
    user = request.user
    can_record = permissions.can_record_participation(user, activity)
    return {
        "activity": activity,
        "summary": selectors.participation_summary(activity),
        "can_edit": permissions.can_change_activity(user, activity),
        "can_record": can_record,
        "participations": (
            selectors.participation_list_staff(activity)[:500]
            if permissions.can_view_participants(user)
            else None
        ),
        "participation_form": participation_form
        or (ParticipationEntryForm() if can_record else None),
        "aggregate_form": aggregate_form
        or (AggregateParticipationForm(activity=activity) if can_record else None),
    }


@login_required
def manage_detail(request: HttpRequest, code: str) -> HttpResponse:
    activity = _staff_activity(request, code)
    return render(request, "programme/manage/detail.html", _detail_context(request, activity))


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_add_activity(request.user))
    form = ActivityForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        activity = services.activity_save(form=form, user=request.user)  # type: ignore[arg-type]
        messages.success(request, _("The activity was created."))
        return redirect("programme:manage_detail", activity.code)
    return render(request, "programme/manage/form.html", {"form": form, "activity": None})


@login_required
def activity_edit(request: HttpRequest, code: str) -> HttpResponse:
    activity = _staff_activity(request, code)
    _require(permissions.can_change_activity(request.user, activity))
    form = ActivityForm(request.POST or None, instance=activity, user=request.user)
    if request.method == "POST" and form.is_valid():
        activity = services.activity_save(form=form, user=request.user)  # type: ignore[arg-type]
        messages.success(request, _("The activity was saved."))
        return redirect("programme:manage_detail", activity.code)
    return render(request, "programme/manage/form.html", {"form": form, "activity": activity})


@login_required
@require_POST
def participation_add(request: HttpRequest, code: str) -> HttpResponse:
    activity = _staff_activity(request, code)
    _require(permissions.can_record_participation(request.user, activity))
    form = ParticipationEntryForm(request.POST)
    if form.is_valid():
        services.participation_record(
            activity=activity,
            person=form.person,
            role=form.cleaned_data["role"],
            attended=form.cleaned_data["attended"],
            completed=form.cleaned_data["completed"],
            certified=form.cleaned_data["certified"],
        )
        messages.success(request, _("The participation was recorded."))
        return redirect("programme:manage_detail", activity.code)
    context = _detail_context(request, activity, participation_form=form)
    return render(request, "programme/manage/detail.html", context, status=400)


@login_required
@require_POST
def aggregate_add(request: HttpRequest, code: str) -> HttpResponse:
    activity = _staff_activity(request, code)
    _require(permissions.can_record_participation(request.user, activity))
    form = AggregateParticipationForm(request.POST, activity=activity)
    if form.is_valid():
        services.aggregate_participation_add(form=form, user=request.user)  # type: ignore[arg-type]
        messages.success(request, _("The counts were recorded."))
        return redirect("programme:manage_detail", activity.code)
    context = _detail_context(request, activity, aggregate_form=form)
    return render(request, "programme/manage/detail.html", context, status=400)


@login_required
@require_POST
def aggregate_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    activity = _staff_activity(request, code)
    _require(permissions.can_record_participation(request.user, activity))
    record = get_object_or_404(AggregateParticipation, pk=pk, activity=activity)
    services.aggregate_participation_delete(record=record)
    messages.success(request, _("The counts were removed."))
    return redirect("programme:manage_detail", activity.code)


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_import(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = tasks.import_job_start(upload=upload, user=request.user)  # type: ignore[arg-type]
        job.refresh_from_db()
        if not job.finished:  # a background worker imports it: follow it on its page
            return redirect(job)
        if job.status == ImportJob.Status.DONE:
            messages.success(request, _import_summary(job))
            return redirect("programme:manage_list")
        report = job
    return render(
        request,
        "programme/manage/import.html",
        {
            "form": form,
            "report": report,
            "columns": importer.COLUMNS,
        },
        status=400 if report is not None else 200,
    )


# What an import made or changed, by the importer's keys (`ImportReport.created`, kept as
# they are in the import's record), as the person who imported reads it.
_CREATED: dict[str, Callable[[int], str]] = {
    "activities": lambda n: ngettext("%(n)s activity", "%(n)s activities", n),
    "aggregate participation records": lambda n: ngettext(
        "%(n)s aggregate participation record", "%(n)s aggregate participation records", n
    ),
    "participation records": lambda n: ngettext(
        "%(n)s participation record", "%(n)s participation records", n
    ),
    "participation records updated": lambda n: ngettext(
        "%(n)s participation record updated", "%(n)s participation records updated", n
    ),
}


def _import_summary(job: ImportJob) -> str:
    summary = ", ".join(
        _CREATED[label](n) % {"n": n} if label in _CREATED else f"{n} {label}"
        for label, n in job.created.items()
    )
    return _("%(file)s: %(rows)s rows imported (%(summary)s).") % {
        "file": job.file_name,
        "rows": job.rows,
        "summary": summary,
    }


@login_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """An import's progress while it runs (the page reloads itself) and its outcome."""
    _require(permissions.can_import(request.user))
    job = get_object_or_404(ImportJob, pk=pk, requested_by=request.user)
    return render(
        request,
        "programme/manage/import_job.html",
        {
            "job": job,
            "report": job,
            "summary": _import_summary(job),
            "stalled": tasks.import_job_stalled(job),
        },
    )


@login_required
@require_POST
def import_job_resume(request: HttpRequest, pk: int) -> HttpResponse:
    """Take up an import whose worker stopped: it goes on where it stood, writing each
    row once."""
    _require(permissions.can_import(request.user))
    job = get_object_or_404(ImportJob, pk=pk, requested_by=request.user)
    if tasks.import_job_stalled(job):
        tasks.import_job_resume(job=job)
        messages.success(request, _("The import goes on where it stopped."))
    return redirect(job)


@login_required
def import_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    _require(permissions.can_import(request.user))
    if kind not in importer.COLUMNS or fmt not in ("csv", "xlsx"):
        raise Http404
    return tables_response(
        fmt=fmt, filename=f"iite-{kind}-template", sheets=[importer.template_sheet(kind)]
    )


@login_required
def units(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_manage_units(request.user))
    form = UnitMembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.unit_membership_add(user=form.user, unit=form.cleaned_data["unit"])  # type: ignore[arg-type]
        messages.success(request, _("The staff member was added to the unit."))
        return redirect("programme:units")
    return render(
        request,
        "programme/manage/units.html",
        {"form": form, "memberships": selectors.unit_memberships()},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def unit_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _require(permissions.can_manage_units(request.user))
    membership = get_object_or_404(UnitMembership, pk=pk)
    services.unit_membership_remove(membership=membership)
    messages.success(request, _("The staff member was removed from the unit."))
    return redirect("programme:units")

"""Results pages: the public summary, the staff dashboard, workplans, risks, reported values."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from iite.core.caching import cache_get_or_set
from iite.core.forms import errors_to_form
from iite.library.selectors import reach_by_activity
from iite.partners import permissions as partner_permissions
from iite.programme import permissions as programme_permissions
from iite.reference.models import UnescoRegion
from iite.strategy.models import Priority, ProgrammePillar, StrategicObjective
from iite.strategy.selectors import current_period_items

from . import actions, charts, exports, permissions, selectors, services
from . import indicators as ind
from .forms import (
    MitigationActionForm,
    ReportedValueForm,
    RiskForm,
    RiskReviewForm,
    WorkplanForm,
    WorkplanItemForm,
    WorkplanReviewForm,
    WorkplanStatusForm,
)
from .iati import iati_activities_xml
from .models import (
    OPEN_REVISION,
    MitigationAction,
    ReportedValue,
    ReviewKind,
    Risk,
    Workplan,
    WorkplanItem,
    WorkplanStatus,
)
from .report import annual_report_pdf


def _require(check: bool) -> None:
    if not check:
        raise PermissionDenied


def _scope_or_400(request: HttpRequest) -> ind.Scope | HttpResponse:
    try:
        return selectors.scope_from_params(request.GET)
    except selectors.ScopeError as error:
        return render(
            request,
            "monitoring/bad_filters.html",
            {"errors": error.errors},
            status=400,
        )


def _with_charts(blocks: list[selectors.IndicatorBlock]) -> list[selectors.IndicatorBlock]:
    for block in blocks:
        for row in block.measures:
            row.chart = charts.trend_svg(  # type: ignore[attr-defined]
                "chart-" + row.code.replace(".", "-"), row.label, row.trend, row.target
            )
    return blocks


def summary(request: HttpRequest) -> HttpResponse:
    """The public summary: each indicator's actual against its target and its trend."""
    scope = _scope_or_400(request)
    if isinstance(scope, HttpResponse):
        return scope
    scope = ind.Scope(year=scope.year, half=scope.half)
    # Anonymous visitors all see the same page for a language and scope: serve it rendered
    # from the cache until the records behind the indicators change (their namespace moves).
    if request.user.is_authenticated or len(messages.get_messages(request)):
        return _summary_page(request, scope)
    html = cache_get_or_set(
        ind.CACHE_NAMESPACE,
        "summary-page",
        get_language(),
        scope.key(),
        build=lambda: _summary_page(request, scope).content,
        timeout=ind.CACHE_TIMEOUT,
    )
    return HttpResponse(html)


def _summary_page(request: HttpRequest, scope: ind.Scope) -> HttpResponse:
    blocks = _with_charts(selectors.indicator_report(scope, with_dims=False))
    first, last = ind.strategy_years()
    return render(
        request,
        "monitoring/summary.html",
        {
            "scope": scope,
            "blocks": blocks,
            "years": range(first, last + 1),
            "note": ind.targets_note(),
        },
    )


def figure(request: HttpRequest, measure: str) -> HttpResponse:
    """The activities (and, for staff, participation counts) that make up a figure."""
    found = ind.MEASURES.get(measure)
    if found is None:
        raise Http404
    scope = _scope_or_400(request)
    if isinstance(scope, HttpResponse):
        return scope
    staff = permissions.can_see_non_public_records(request.user)
    if not staff:
        scope = ind.Scope(year=scope.year, half=scope.half)
    dim = request.GET.get("dim", "")
    key = request.GET.get("key", "")
    if dim and dim not in found.dimensions:
        return HttpResponseBadRequest(_("Unknown disaggregation."))
    rows = selectors.figure_activities(
        found, scope, dim=dim if staff else "", key=key if staff else "", public_only=not staff
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    # Publications among the page's activities: their reach in the year (COUNTER counts,
    # aggregates only), beside the activity that launched them.
    reach = reach_by_activity([row.activity.pk for row in page], year=scope.year)
    totals = selectors.figure_totals(
        found, scope, rows, dim=dim if staff else "", key=key if staff else ""
    )
    return render(
        request,
        "monitoring/figure.html",
        {
            "measure": found,
            "indicator": ind.INDICATOR_BY_CODE[found.indicator],
            "scope": scope,
            "page": page,
            "totals": totals,
            "reach": reach,
            "page_rows": [(row, reach.get(row.activity.pk)) for row in page],
            "staff": staff,
            "dim": dim,
            "dim_label": ind.DIMENSION_LABELS.get(dim, ""),
            "key": key,
            "key_label": selectors.dimension_key_label(dim, key) if dim and key else key,
            # Staff open each activity's staff record, and its participants with the role.
            "record_links": programme_permissions.can_view_staff_area(request.user),
            "participant_links": programme_permissions.can_view_participants(request.user),
            "reported": selectors.reported_values(year=scope.year).filter(measure=found.code)
            if staff
            else [],
        },
    )


@login_required
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_view_staff_pages(request.user))
    scope = _scope_or_400(request)
    if isinstance(scope, HttpResponse):
        return scope

    blocks = _with_charts(selectors.indicator_report(scope))
    first, last = ind.strategy_years()
    context = {
        "scope": scope,
        "blocks": blocks,
        "years": range(first - 1, last + 1),
        "pillars": current_period_items(ProgrammePillar),
        "objectives": current_period_items(StrategicObjective),
        "priorities": current_period_items(Priority),
        "regions": UnescoRegion.choices,
        "query": "&".join(f"{k}={v}" for k, v in scope.as_query().items()),
    }
    template = (
        "monitoring/_dashboard_results.html"
        if request.headers.get("HX-Request")
        else "monitoring/dashboard.html"
    )
    return render(request, template, context)


@login_required
def export_indicators(request: HttpRequest, fmt: str) -> HttpResponse:
    _require(permissions.can_view_staff_pages(request.user))
    scope = _scope_or_400(request)
    if isinstance(scope, HttpResponse):
        return scope
    return exports.indicators_export(scope, fmt)


def export_public_indicators(request: HttpRequest, fmt: str) -> HttpResponse:
    """The public summary's table (aggregates only, no disaggregation below the totals)."""
    scope = _scope_or_400(request)
    if isinstance(scope, HttpResponse):
        return scope
    return exports.indicators_export(ind.Scope(year=scope.year, half=scope.half), fmt, dims=False)


def iati(request: HttpRequest) -> HttpResponse:
    scope = _scope_or_400(request)
    if isinstance(scope, HttpResponse):
        return scope

    response = HttpResponse(iati_activities_xml(year=scope.year), content_type="application/xml")
    response["Content-Disposition"] = f'inline; filename="iite-iati-{scope.year}.xml"'
    return response


# The institute's records start in the 2000s; a year outside them has no report (and would
# make the half-year computation enumerate centuries).
REPORT_FIRST_YEAR = 2000


@login_required
def annual_report(request: HttpRequest, year: int) -> HttpResponse:
    _require(permissions.can_view_staff_pages(request.user))
    if not REPORT_FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise Http404(_("There is no report for that year."))

    language = request.GET.get("lang") or request.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(_("Unknown language."))
    pdf = annual_report_pdf(
        year=year,
        language=language,
        with_resources=partner_permissions.can_view_financials(request.user),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="iite-annual-report-{year}-{language}.pdf"'
    )
    return response


# --- Reported values -------------------------------------------------------------------------


@login_required
def reported_list(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_view_staff_pages(request.user))
    values = selectors.reported_values()
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return exports.reported_values_export(values, fmt)
    return render(
        request,
        "monitoring/reported_list.html",
        {
            "values": values,
            "labels": {code: str(m.label) for code, m in ind.MEASURES.items()},
            "can_edit": permissions.can_edit_reported_values(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reported_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(permissions.can_edit_reported_values(request.user))
    instance = get_object_or_404(ReportedValue, pk=pk) if pk else None
    form = ReportedValueForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.reported_value_save(value=form.instance, author=request.user)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The reported value is saved."))
            return redirect("monitoring:reported_list")
    return render(request, "monitoring/form.html", _form_context(form, _("Reported value")))


def _form_context(form: Any, title: Any, **extra: Any) -> dict[str, Any]:
    return {"form": form, "title": title, **extra}


def _refuse_approved(request: HttpRequest, workplan: Workplan) -> HttpResponse:
    """Nothing of an approved workplan is edited directly: say how to change it."""
    messages.error(
        request,
        _(
            "The Governing Board approved this workplan: change it through a revision, "
            "which needs approval again."
        ),
    )
    return redirect("monitoring:workplan_detail", year=workplan.year)


# --- Workplans ---------------------------------------------------------------------------------


@login_required
def workplan_list(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_view_staff_pages(request.user))
    return render(
        request,
        "monitoring/workplan_list.html",
        {
            "workplans": selectors.workplans(),
            "can_edit": permissions.can_edit_workplans(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def workplan_edit(request: HttpRequest, year: int | None = None) -> HttpResponse:
    _require(permissions.can_edit_workplans(request.user))
    instance = get_object_or_404(Workplan, year=year) if year else None
    if instance is not None and instance.status == WorkplanStatus.APPROVED:
        return _refuse_approved(request, instance)
    form = WorkplanForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            workplan = services.workplan_save(workplan=form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The workplan is saved."))
            return redirect("monitoring:workplan_detail", year=workplan.year)
    return render(request, "monitoring/form.html", _form_context(form, _("Annual workplan")))


@login_required
def workplan_detail(request: HttpRequest, year: int) -> HttpResponse:
    _require(permissions.can_view_staff_pages(request.user))
    try:
        workplan = selectors.workplan_detail(year)
    except Workplan.DoesNotExist as missing:
        raise Http404 from missing
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return exports.workplan_export(workplan, fmt)
    reviews = {review.kind: review for review in workplan.reviews.all()}
    progress = selectors.workplan_items_progress(workplan)
    items = [(item, progress[item.pk]) for item in workplan.items.all()]
    return render(
        request,
        "monitoring/workplan_detail.html",
        {
            "workplan": workplan,
            "items": items,
            "progress": selectors.workplan_progress(workplan, progress),
            "is_approved": workplan.status == WorkplanStatus.APPROVED,
            "open_revision": workplan.revisions.filter(status__in=OPEN_REVISION).first(),
            "revisions": list(workplan.revisions.all()),
            "reviews": [(kind, label, reviews.get(kind)) for kind, label in ReviewKind.choices],
            "total_cost": sum(item.planned_cost_usd for item in workplan.items.all()),
            "can_edit": permissions.can_edit_workplans(request.user),
            "can_approve": permissions.can_approve_workplans(request.user),
            "status_form": WorkplanStatusForm(
                workplan=workplan, initial={"on": datetime.date.today()}
            ),
            "languages": settings.LANGUAGES,
        },
    )


@login_required
@require_http_methods(["POST"])
def workplan_status(request: HttpRequest, year: int) -> HttpResponse:
    workplan = get_object_or_404(Workplan, year=year)
    form = WorkplanStatusForm(request.POST, workplan=workplan)
    if not form.is_valid():
        messages.error(request, _("Choose a status and a date."))
        return redirect("monitoring:workplan_detail", year=year)
    status = form.cleaned_data["status"]
    allowed = (
        permissions.can_approve_workplans(request.user)
        if status == "approved"
        else permissions.can_edit_workplans(request.user)
    )
    _require(allowed)
    try:
        if status == WorkplanStatus.APPROVED:
            actions.WorkplanApprove(
                workplan,
                request.user,
                on=form.cleaned_data["on"],
                reference=form.cleaned_data["reference"],
            ).execute()
        else:
            services.workplan_set_status(
                workplan=workplan,
                status=status,
                on=form.cleaned_data["on"],
                reference=form.cleaned_data["reference"],
                by=request.user,
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The workplan's status is changed."))
    return redirect("monitoring:workplan_detail", year=year)


@login_required
@require_http_methods(["GET", "POST"])
def workplan_item_edit(request: HttpRequest, year: int, pk: int | None = None) -> HttpResponse:
    _require(permissions.can_edit_workplans(request.user))
    workplan = get_object_or_404(Workplan, year=year)
    instance = get_object_or_404(WorkplanItem, pk=pk, workplan=workplan) if pk else None
    if workplan.status == WorkplanStatus.APPROVED:
        return _refuse_approved(request, workplan)
    form = WorkplanItemForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.workplan = workplan
        try:
            services.workplan_item_save(
                item=item,
                objectives=form.cleaned_data["objectives"],
                pillars=form.cleaned_data["pillars"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The workplan item is saved."))
            return redirect("monitoring:workplan_detail", year=year)
    return render(
        request, "monitoring/form.html", _form_context(form, _("Workplan item"), parent=workplan)
    )


@login_required
@require_http_methods(["GET", "POST"])
def workplan_review_edit(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    _require(permissions.can_edit_workplans(request.user))
    if kind not in ReviewKind.values:
        raise Http404
    workplan = get_object_or_404(Workplan, year=year)
    instance = workplan.reviews.filter(kind=kind).first()
    form = WorkplanReviewForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        review = form.save(commit=False)
        review.workplan, review.kind = workplan, kind
        services.workplan_review_save(review=review, author=request.user)
        messages.success(request, _("The review is saved."))
        return redirect("monitoring:workplan_detail", year=year)
    return render(
        request,
        "monitoring/form.html",
        _form_context(form, ReviewKind(kind).label, parent=workplan),
    )


# --- Risks ---------------------------------------------------------------------------------


@login_required
def risk_list(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_view_staff_pages(request.user))
    risk_list_ = list(selectors.risks())
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return exports.risks_export(risk_list_, fmt)
    grid = selectors.risk_heat_map(risk_list_)
    return render(
        request,
        "monitoring/risk_list.html",
        {
            "risks": risk_list_,
            "heat_map": charts.heat_map_svg(grid),
            "can_edit": permissions.can_edit_risks(request.user),
        },
    )


@login_required
def risk_detail(request: HttpRequest, code: str) -> HttpResponse:
    _require(permissions.can_view_staff_pages(request.user))
    risk = get_object_or_404(selectors.risks(), code=code)
    return render(
        request,
        "monitoring/risk_detail.html",
        {
            "risk": risk,
            "can_edit": permissions.can_edit_risks(request.user),
            "review_form": RiskReviewForm(
                initial={
                    "reviewed_on": datetime.date.today(),
                    "likelihood": risk.likelihood,
                    "impact": risk.impact,
                }
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    _require(permissions.can_edit_risks(request.user))
    instance = get_object_or_404(Risk, code=code) if code else None
    form = RiskForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        risk = services.risk_save(risk=form.instance)
        messages.success(request, _("The risk is saved."))
        return redirect("monitoring:risk_detail", code=risk.code)
    return render(request, "monitoring/form.html", _form_context(form, _("Risk")))


@login_required
@require_http_methods(["POST"])
def risk_review(request: HttpRequest, code: str) -> HttpResponse:
    _require(permissions.can_edit_risks(request.user))
    risk = get_object_or_404(Risk, code=code)
    form = RiskReviewForm(request.POST)
    if form.is_valid():
        services.risk_review_record(risk=risk, reviewer=request.user, **form.cleaned_data)
        messages.success(request, _("The review is recorded."))
        return redirect("monitoring:risk_detail", code=code)
    return render(
        request,
        "monitoring/risk_detail.html",
        {"risk": risk, "can_edit": True, "review_form": form},
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    _require(permissions.can_edit_risks(request.user))
    risk = get_object_or_404(Risk, code=code)
    instance = get_object_or_404(MitigationAction, pk=pk, risk=risk) if pk else None
    form = MitigationActionForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        action = form.save(commit=False)
        action.risk = risk
        services.mitigation_action_save(action=action)
        messages.success(request, _("The mitigation action is saved."))
        return redirect("monitoring:risk_detail", code=code)
    return render(
        request, "monitoring/form.html", _form_context(form, _("Mitigation action"), parent=risk)
    )

"""Indicator values with their disaggregations, and the IATI export. Aggregates only."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from . import indicators as ind
from . import permissions, selectors, services
from .iati import iati_activities_xml
from .models import Workplan, WorkplanItem

router = Router(tags=["indicators"])


class GroupOut(Schema):
    key: str
    label: str
    value: int


class DimensionOut(Schema):
    dimension: str
    label: str
    groups: list[GroupOut]


class MeasureOut(Schema):
    code: str
    label: str
    unit: str
    year: int
    half: int | None
    value: int
    reported: float
    total: float
    target: int | None
    baseline: int | None
    baseline_year: int | None
    half_years: dict[str, int]
    years: dict[str, int]
    disaggregation: list[DimensionOut]


class IndicatorOut(Schema):
    number: int
    code: str
    title: str
    measures: list[MeasureOut]


class ErrorOut(Schema):
    detail: str
    errors: list[dict[str, str]]


def _scope(request: HttpRequest) -> ind.Scope | HttpResponse:
    try:
        return selectors.scope_from_params(request.GET)
    except selectors.ScopeError as error:
        from config.api import api  # noqa: PLC0415 - config imports the apps

        return api.create_response(
            request,
            {
                "detail": "Invalid input.",
                "errors": [
                    {"field": f"query.{name}", "message": message}
                    for name, message in error.errors.items()
                ],
            },
            status=400,
        )


def _measure_out(row: selectors.MeasureRow) -> dict[str, Any]:
    return {
        "code": row.code,
        "label": row.label,
        "unit": row.measure.unit,
        "year": row.year,
        "half": row.half,
        "value": row.value,
        "reported": float(row.reported),
        "total": float(row.total),
        "target": row.target,
        "baseline": row.baseline,
        "baseline_year": row.baseline_year,
        "half_years": dict(row.trend),
        "years": {str(k): v for k, v in row.values.years.items()},
        "disaggregation": [
            {
                "dimension": table.dim,
                "label": table.label,
                "groups": [{"key": r.key, "label": r.label, "value": r.value} for r in table.rows],
            }
            for table in row.dims
        ],
    }


@router.get(
    "/",
    response={200: list[IndicatorOut], 400: ErrorOut},
    summary="The seven key indicators (VII.2) for a year or half-year",
)
def indicator_list(
    request: HttpRequest,
    year: int | None = None,
    half: int | None = None,
    pillar: str = "",
    objective: str = "",
    region: str = "",
    priority: str = "",
) -> Any:
    """Computed values, reported values, targets and disaggregations; filters narrow them.

    `year` 2000–2100, `half` 1 or 2, `pillar`/`objective`/`priority` codes of the current
    strategy, `region` a UNESCO region code. Counts are aggregates; no person is listed.
    """
    scope = _scope(request)
    if isinstance(scope, HttpResponse):
        return scope
    blocks = selectors.indicator_report(scope)
    return [
        {
            "number": block.number,
            "code": block.indicator.code,
            "title": block.title,
            "measures": [_measure_out(row) for row in block.measures],
        }
        for block in blocks
    ]


@router.get("/iati.xml", summary="IATI 2.03 activity file for a year")
def iati_export(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """The programme's results and the year's public activities as IATI 2.03 XML."""
    scope = _scope(request)
    if isinstance(scope, HttpResponse):
        return scope

    return HttpResponse(iati_activities_xml(year=scope.year), content_type="application/xml")


@router.get(
    "/{measure}",
    response={200: MeasureOut, 400: ErrorOut},
    summary="One sub-measure with its disaggregation",
)
def indicator_detail(
    request: HttpRequest,
    measure: str,
    year: int | None = None,
    half: int | None = None,
    pillar: str = "",
    objective: str = "",
    region: str = "",
    priority: str = "",
) -> Any:
    if measure not in ind.MEASURES:
        raise HttpError(404, "No such sub-measure.")
    scope = _scope(request)
    if isinstance(scope, HttpResponse):
        return scope
    for block in selectors.indicator_report(scope):
        for row in block.measures:
            if row.code == measure:
                return _measure_out(row)
    raise HttpError(404, "No such sub-measure.")


# --- Workplans (staff) ------------------------------------------------------------------------


class ItemProgressOut(Schema):
    state: str
    figure: int | None
    target: int | None
    activities: list[list[str]]


class WorkplanItemOut(Schema):
    """An item; its title, target and narrative in the request's language (each falls back
    to the item's own language where it has no translation)."""

    id: int
    title: str
    target: str
    measure: str
    target_value: int | None
    planned_cost_usd: Decimal
    narrative: str
    progress: ItemProgressOut


class WorkplanOut(Schema):
    year: int
    status: str
    approved_on: datetime.date | None
    items: list[WorkplanItemOut]


class WorkplanItemPatch(Schema):
    """Title, target and narrative set the text in the item's own language
    (`original_language`); the other languages are kept."""

    title: str | None = None
    target: str | None = None
    target_value: int | None = None
    planned_cost_usd: Decimal | None = None
    narrative: str | None = None


def _workplan_out(workplan: Workplan) -> dict[str, Any]:
    progress = selectors.workplan_items_progress(workplan)
    return {
        "year": workplan.year,
        "status": workplan.status,
        "approved_on": workplan.approved_on,
        "items": [
            {
                "id": item.pk,
                "title": str(item.title),
                "target": str(item.target),
                "measure": item.measure,
                "target_value": item.target_value,
                "planned_cost_usd": item.planned_cost_usd,
                "narrative": str(item.narrative),
                "progress": {
                    "state": progress[item.pk].state,
                    "figure": progress[item.pk].figure,
                    "target": progress[item.pk].target,
                    "activities": [list(pair) for pair in progress[item.pk].activities],
                },
            }
            for item in workplan.items.all()
        ],
    }


@router.get(
    "/workplans/{year}",
    response=WorkplanOut,
    auth=django_auth,
    summary="A workplan with each item's computed progress (staff)",
)
def workplan_detail(request: HttpRequest, year: int) -> Any:
    if not permissions.can_view_staff_pages(request.user):
        raise HttpError(403, "You do not have access to workplans.")
    try:
        workplan = selectors.workplan_detail(year)
    except Workplan.DoesNotExist as missing:
        raise HttpError(404, f"No workplan for {year}.") from missing
    return _workplan_out(workplan)


@router.patch(
    "/workplans/{year}/items/{pk}",
    response={200: WorkplanOut, 409: ErrorOut},
    auth=django_auth,
    summary="Change an item of a draft or submitted workplan, or any item's narrative",
)
def workplan_item_patch(request: HttpRequest, year: int, pk: int, body: WorkplanItemPatch) -> Any:
    """The planned fields change only while the workplan is not approved (an approved one
    changes through a revision: 409, nothing written); the narrative changes any time."""
    if not permissions.can_edit_workplans(request.user):
        raise HttpError(403, "You may not edit workplans.")
    item = WorkplanItem.objects.filter(pk=pk, workplan__year=year).first()
    if item is None:
        raise HttpError(404, f"No item {pk} in the {year} workplan.")
    changes = body.dict(exclude_unset=True)
    narrative = changes.pop("narrative", None)
    try:
        with transaction.atomic():
            if changes:
                for name in ("title", "target"):
                    if name in changes:
                        texts = dict(getattr(item, name))
                        setattr(item, name, {**texts, item.original_language: changes.pop(name)})
                for name, value in changes.items():
                    setattr(item, name, value)
                services.workplan_item_save(item=item)
            if narrative is not None:
                services.workplan_item_narrative_save(
                    item=item, narrative={**dict(item.narrative), item.original_language: narrative}
                )
    except ValidationError as error:
        return Status(
            409,
            {
                "detail": " ".join(error.messages),
                "errors": [{"field": "", "message": message} for message in error.messages],
            },
        )
    return _workplan_out(selectors.workplan_detail(year))

"""Indicator values with their disaggregations, and the IATI export. Aggregates only."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.errors import HttpError

from . import indicators as ind
from . import selectors

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
        from config.api import api

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
    from .iati import iati_activities_xml

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

"""The strategy's structure as open data: /api/strategy/."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from . import selectors
from .models import StrategyPeriod

router = Router(tags=["strategy"])


class PeriodOut(Schema):
    code: str
    title: dict[str, str]
    start_year: int
    end_year: int
    is_current: bool
    source_document: str


class ItemOut(Schema):
    code: str
    title: dict[str, str]
    description: dict[str, str]
    source_ref: str
    order: int


class LineOut(ItemOut):
    pass


class ObjectiveOut(ItemOut):
    outputs: list[str]
    lines_of_action: list[LineOut]


class InitiativeOut(ItemOut):
    kind: str
    partner_names: str


class PillarOut(ItemOut):
    roles: list[str]
    objectives: list[str]
    outputs: list[str]
    initiatives: list[InitiativeOut]


class TargetGroupOut(ItemOut):
    person_roles: list[str]


class FrameworkOut(Schema):
    period: PeriodOut
    outputs: list[ItemOut]
    objectives: list[ObjectiveOut]
    roles: list[ItemOut]
    pillars: list[PillarOut]
    priorities: list[ItemOut]
    target_groups: list[TargetGroupOut]
    units: list[ItemOut]


def _item(item: Any) -> dict[str, Any]:
    return {
        "code": item.code,
        "title": dict(item.title),
        "description": dict(item.description),
        "source_ref": item.source_ref,
        "order": item.order,
    }


def _period(period: StrategyPeriod) -> dict[str, Any]:
    return {
        "code": period.code,
        "title": dict(period.title),
        "start_year": period.start_year,
        "end_year": period.end_year,
        "is_current": period.is_current,
        "source_document": period.source_document,
    }


@router.get("/periods", response=list[PeriodOut], summary="Strategy periods")
def list_periods(request: HttpRequest) -> list[dict[str, Any]]:
    return [_period(period) for period in selectors.period_list()]


@router.get(
    "/periods/{code}",
    response=FrameworkOut,
    summary="The results framework of one period, with every title in each language",
)
def period_framework(request: HttpRequest, code: str) -> dict[str, Any]:
    period = get_object_or_404(StrategyPeriod, code=code)
    framework = selectors.framework_for_period(period)
    return {
        "period": _period(period),
        "outputs": [_item(item) for item in framework.outputs],
        "objectives": [
            {
                **_item(item),
                "outputs": [output.code for output in item.outputs.all()],
                "lines_of_action": [_item(line) for line in item.lines_of_action.all()],
            }
            for item in framework.objectives
        ],
        "roles": [_item(item) for item in framework.roles],
        "pillars": [
            {
                **_item(item),
                "roles": [role.code for role in item.roles.all()],
                "objectives": [objective.code for objective in item.objectives.all()],
                "outputs": [output.code for output in item.outputs.all()],
                "initiatives": [
                    {
                        **_item(initiative),
                        "kind": initiative.kind,
                        "partner_names": initiative.partner_names,
                    }
                    for initiative in item.initiatives.all()
                ],
            }
            for item in framework.pillars
        ],
        "priorities": [_item(item) for item in framework.priorities],
        "target_groups": [
            {**_item(item), "person_roles": list(item.person_roles)}
            for item in framework.target_groups
        ],
        "units": [_item(item) for item in framework.units],
    }


@router.get("/current", response=FrameworkOut, summary="The current period's results framework")
def current_framework(request: HttpRequest) -> dict[str, Any]:
    period = selectors.period_current()
    if period is None:
        raise Http404("No strategy period is loaded.")
    return period_framework(request, period.code)

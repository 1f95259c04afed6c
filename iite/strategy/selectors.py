"""Reads of the results framework."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Model, Prefetch, QuerySet, Subquery
from django.utils.translation import get_language

from iite.core.caching import cache_get_or_set

from .models import (
    Initiative,
    LineOfAction,
    Priority,
    ProgrammePillar,
    ProgrammeUnit,
    StrategicObjective,
    StrategicRole,
    StrategyPeriod,
    TargetGroup,
    UnescoOutput,
)

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Framework:
    period: StrategyPeriod
    outputs: list[UnescoOutput]
    objectives: list[StrategicObjective]
    roles: list[StrategicRole]
    pillars: list[ProgrammePillar]
    priorities: list[Priority]
    target_groups: list[TargetGroup]
    units: list[ProgrammeUnit]


def period_list() -> QuerySet[StrategyPeriod]:
    return StrategyPeriod.objects.order_by("-start_year")


def period_current() -> StrategyPeriod | None:
    return (
        StrategyPeriod.objects.filter(is_current=True).first()
        or StrategyPeriod.objects.order_by("-start_year").first()
    )


def _current_period_pk() -> Subquery:
    """The current period as a subquery: the one marked current, else the latest to start
    (as `period_current` reads it), so querysets built from it stay lazy."""
    return Subquery(StrategyPeriod.objects.order_by("-is_current", "-start_year").values("pk")[:1])


def current_period_items(model: type[M]) -> QuerySet[M]:
    """The items of a framework table (pillars, objectives, units, target groups...) that
    belong to the current period; lazy, so a form field may hold it from import time."""
    return model._default_manager.filter(period=_current_period_pk())


def period_by_code(code: str) -> StrategyPeriod | None:
    return StrategyPeriod.objects.filter(code=code).first()


def framework_for_period(period: StrategyPeriod) -> Framework:
    """Every item of one period with its links, in a fixed number of queries."""
    return Framework(
        period=period,
        outputs=list(UnescoOutput.objects.filter(period=period)),
        objectives=list(
            StrategicObjective.objects.filter(period=period).prefetch_related(
                Prefetch("lines_of_action", queryset=LineOfAction.objects.order_by("order")),
                Prefetch("outputs", queryset=UnescoOutput.objects.order_by("order")),
            )
        ),
        roles=list(StrategicRole.objects.filter(period=period)),
        pillars=list(
            ProgrammePillar.objects.filter(period=period).prefetch_related(
                Prefetch("initiatives", queryset=Initiative.objects.order_by("order", "code")),
                Prefetch("roles", queryset=StrategicRole.objects.order_by("order")),
                Prefetch("objectives", queryset=StrategicObjective.objects.order_by("order")),
                Prefetch("outputs", queryset=UnescoOutput.objects.order_by("order")),
            )
        ),
        priorities=list(Priority.objects.filter(period=period)),
        target_groups=list(TargetGroup.objects.filter(period=period)),
        units=list(ProgrammeUnit.objects.filter(period=period)),
    )


@dataclass(frozen=True)
class HomeSummary:
    period: StrategyPeriod | None
    pillars: list[ProgrammePillar]
    objectives: list[StrategicObjective]


def home_summary() -> HomeSummary:
    """The current period's pillars and objectives, for the home page (cached per language)."""

    def build() -> HomeSummary:
        period = period_current()
        if period is None:
            return HomeSummary(None, [], [])
        return HomeSummary(
            period,
            list(ProgrammePillar.objects.filter(period=period).order_by("order")),
            list(StrategicObjective.objects.filter(period=period).order_by("order")),
        )

    return cache_get_or_set("strategy:home", get_language(), build=build, timeout=300)

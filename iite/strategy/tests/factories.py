"""Factories for the strategy's framework: every domain's tests take periods, pillars,
objectives, target groups and units from here."""

from typing import Any

import factory

from iite.strategy.models import (
    Initiative,
    LineOfAction,
    Priority,
    ProgrammePillar,
    ProgrammeUnit,
    StrategicObjective,
    StrategyPeriod,
    TargetGroup,
    UnescoOutput,
)


class PeriodFactory(factory.django.DjangoModelFactory):
    """The current period, 2026–2029, unless told otherwise; asked twice, it is the same row."""

    class Meta:
        model = StrategyPeriod
        django_get_or_create = ("code",)

    code = "2026-2029"
    title = factory.LazyAttribute(
        lambda o: {"en": f"Medium-Term Strategy {o.start_year}–{o.end_year}"}
    )
    start_year = 2026
    end_year = 2029
    is_current = True


class _ItemFactory(factory.django.DjangoModelFactory):
    """An item of a period's framework; asked again for the same code, it is the same row."""

    class Meta:
        django_get_or_create = ("period", "code")

    period = factory.SubFactory(PeriodFactory)
    code: Any = factory.Sequence(lambda n: f"X{n}")
    title = factory.LazyAttribute(lambda o: {"en": f"Item {o.code}"})
    source_ref = "IV"


class OutputFactory(_ItemFactory):
    class Meta:
        model = UnescoOutput


class ObjectiveFactory(_ItemFactory):
    class Meta:
        model = StrategicObjective

    code = factory.Sequence(lambda n: f"SO{n + 1}")
    title = factory.LazyAttribute(lambda o: {"en": f"Objective {o.code}"})


class LineFactory(_ItemFactory):
    class Meta:
        model = LineOfAction

    objective = factory.SubFactory(ObjectiveFactory)


class PillarFactory(_ItemFactory):
    class Meta:
        model = ProgrammePillar

    code = factory.Sequence(lambda n: f"P{n + 1}")
    title = factory.LazyAttribute(lambda o: {"en": f"Pillar {o.code}"})


class InitiativeFactory(_ItemFactory):
    class Meta:
        model = Initiative

    pillar = factory.SubFactory(PillarFactory)
    kind = Initiative.Kind.CONFERENCE


class PriorityFactory(_ItemFactory):
    class Meta:
        model = Priority


class TargetGroupFactory(_ItemFactory):
    class Meta:
        model = TargetGroup

    code = "teachers"
    title = factory.LazyAttribute(lambda o: {"en": o.code.title()})
    person_roles = factory.LazyFunction(lambda: ["teacher"])


class UnitFactory(_ItemFactory):
    class Meta:
        model = ProgrammeUnit

    code = factory.Sequence(lambda n: f"U{n}")
    title = factory.LazyAttribute(lambda o: {"en": f"Unit {o.code}"})

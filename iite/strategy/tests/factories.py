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
    class Meta:
        model = StrategyPeriod
        django_get_or_create = ("code",)

    code = "2026-2029"
    title = factory.LazyAttribute(lambda o: {"en": f"Strategy {o.code}"})
    start_year = 2026
    end_year = 2029
    is_current = True


class _ItemFactory(factory.django.DjangoModelFactory):
    period = factory.SubFactory(PeriodFactory)
    code = factory.Sequence(lambda n: f"X{n}")
    title = factory.LazyAttribute(lambda o: {"en": f"Item {o.code}"})
    source_ref = "IV"


class OutputFactory(_ItemFactory):
    class Meta:
        model = UnescoOutput


class ObjectiveFactory(_ItemFactory):
    class Meta:
        model = StrategicObjective


class LineFactory(_ItemFactory):
    class Meta:
        model = LineOfAction

    objective = factory.SubFactory(ObjectiveFactory)


class PillarFactory(_ItemFactory):
    class Meta:
        model = ProgrammePillar


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

    person_roles = factory.LazyFunction(lambda: ["teacher"])


class UnitFactory(_ItemFactory):
    class Meta:
        model = ProgrammeUnit

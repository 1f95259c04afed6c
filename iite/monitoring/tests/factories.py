"""Factories for the records the indicators count, and for monitoring's own models."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import factory

from iite.accounts.models import User
from iite.monitoring import models as m
from iite.partners.models import Partner
from iite.programme.models import Activity, AggregateParticipation, Participation
from iite.reference.models import Country, PriorityRegion
from iite.strategy.models import (
    ProgrammePillar,
    StrategicObjective,
    StrategyPeriod,
    TargetGroup,
)


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategyPeriod
        django_get_or_create = ("code",)

    code = "2026-2029"
    title = factory.LazyFunction(lambda: {"en": "Medium-Term Strategy 2026–2029"})
    start_year = 2026
    end_year = 2029
    is_current = True


class PriorityRegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityRegion
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"region-{n}")
    name = factory.LazyAttribute(lambda o: {"en": o.code.title()})
    tier = "priority"


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("iso2",)

    iso2 = factory.Sequence(lambda n: f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    iso3 = factory.LazyAttribute(lambda o: f"{o.iso2}X")
    name = factory.LazyAttribute(lambda o: {"en": f"Country {o.iso2}"})
    status = "member"
    unesco_region = "africa"


class PillarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammePillar
        django_get_or_create = ("period", "code")

    period = factory.SubFactory(PeriodFactory)
    code = factory.Sequence(lambda n: f"P{n + 1}")
    title = factory.LazyAttribute(lambda o: {"en": f"Pillar {o.code}"})


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicObjective
        django_get_or_create = ("period", "code")

    period = factory.SubFactory(PeriodFactory)
    code = factory.Sequence(lambda n: f"SO{n + 1}")
    title = factory.LazyAttribute(lambda o: {"en": f"Objective {o.code}"})


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup
        django_get_or_create = ("period", "code")

    period = factory.SubFactory(PeriodFactory)
    code = "teachers"
    title = factory.LazyAttribute(lambda o: {"en": o.code.title()})
    person_roles = factory.LazyFunction(lambda: ["teacher"])


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: {"en": f"Partner {n}"})
    slug = factory.Sequence(lambda n: f"partner-{n}")
    kind = "university"
    relationship_level = "project"
    is_public = True


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"activity-{n}")
    title = factory.LazyAttribute(lambda o: {"en": f"Activity {o.code}"})
    kind = "webinar"
    period = factory.SubFactory(PeriodFactory)
    start_date = datetime.date(2026, 3, 10)
    end_date = factory.LazyAttribute(lambda o: o.start_date)
    status = "completed"
    languages = factory.LazyFunction(lambda: ["en"])

    @factory.post_generation
    def pillars(self, create, extracted, **kwargs):
        if create and extracted:
            self.pillars.set(extracted)

    @factory.post_generation
    def target_countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_countries.set(extracted)

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password("pw-1234-long")


class ParticipationFactory(factory.django.DjangoModelFactory):
    """A participation record as the programme service writes it (profile copied)."""

    class Meta:
        model = Participation

    activity = factory.SubFactory(ActivityFactory)
    person_key = factory.LazyFunction(uuid.uuid4)
    role = "participant"
    attended = True
    sex = "female"
    person_role = "teacher"


class AggregateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AggregateParticipation
        skip_postgeneration_save = True

    activity = factory.SubFactory(ActivityFactory)
    total = 10
    female = 6
    male = 4

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)


class ReportedValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ReportedValue

    measure = "webinars.people"
    year = 2026
    value = Decimal("25")
    description = "Ministry workshop counted by the field office"
    evidence_url = "https://example.org/report.pdf"
    reported_on = datetime.date(2026, 7, 2)


class WorkplanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Workplan
        django_get_or_create = ("year",)

    year = 2026
    title = factory.LazyAttribute(lambda o: {"en": f"Workplan {o.year}"})


class WorkplanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.WorkplanItem

    workplan = factory.SubFactory(WorkplanFactory)
    title = factory.Sequence(lambda n: {"en": f"Planned item {n}"})
    planned_cost_usd = Decimal("1000")


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Risk

    code = factory.Sequence(lambda n: f"risk-{n}")
    title = factory.Sequence(lambda n: {"en": f"Risk {n}"})
    category = "programme"
    likelihood = 3
    impact = 4
    owner = "Director"

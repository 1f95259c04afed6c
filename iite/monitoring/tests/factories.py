"""Factories for monitoring's own models; the records the indicators count come from
their owners' factories (programme, strategy, reference, partners, accounts)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from iite.monitoring import models as m


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
    owner = {"en": "Director"}

"""Factories for partners and resources: every domain's tests take their partners from here."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from iite.accounts.tests.factories import UserFactory
from iite.partners.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    BudgetComponent,
    BudgetLine,
    ExtrabudgetaryProject,
    FocalPoint,
    FundingStatus,
    InKindContribution,
    InKindKind,
    MemberStateEngagement,
    Partner,
    PartnerType,
)
from iite.reference.tests.factories import CountryFactory


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    slug = factory.Sequence(lambda n: f"partner-{n}")
    name = factory.LazyAttribute(lambda o: {"en": f"Organisation {o.slug}"})
    kind = PartnerType.UNIVERSITY
    sector = "academic"


class FocalPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocalPoint

    partner = factory.SubFactory(PartnerFactory)
    user = factory.SubFactory(UserFactory)
    consent_given_on = datetime.date(2026, 1, 15)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    partner = factory.SubFactory(PartnerFactory)
    kind = AgreementKind.MOU
    title = factory.Sequence(lambda n: f"Agreement {n}")
    status = AgreementStatus.ACTIVE
    signed_on = datetime.date(2025, 12, 1)
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2027, 12, 31)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExtrabudgetaryProject

    code = factory.Sequence(lambda n: f"eb-{n}")
    title = {"en": "A project"}
    donor = factory.SubFactory(PartnerFactory)
    status = FundingStatus.SECURED
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2026, 12, 31)
    amount_usd = Decimal("100000")


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    component = BudgetComponent.REGULAR_BUDGET
    biennium = "2026-2027"
    year = 2026
    status = FundingStatus.SECURED
    amount_usd = Decimal("1000")


class InKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InKindContribution

    partner = factory.SubFactory(PartnerFactory)
    kind = InKindKind.VENUE
    description = "Conference venue"
    date = datetime.date(2026, 6, 1)
    amount_usd = Decimal("5000")
    basis_of_valuation = "Published rate"


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberStateEngagement

    country = factory.SubFactory(CountryFactory)

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from iite.partners.models import (
    AgreementKind,
    AgreementStatus,
    BudgetComponent,
    BudgetLine,
    EngagementLevel,
    InKindContribution,
    PartnerType,
    biennium_of,
)
from iite.reference.tests.factories import CountryFactory

from .factories import AgreementFactory, EngagementFactory, PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _errors(record) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    return error.value.message_dict


def test_unknown_currency_is_a_field_error():
    """A currency that ISO 4217 does not list is refused on the currency field."""
    line = BudgetLine(
        component="regular_budget",
        biennium="2026-2027",
        year=2026,
        currency="XYZ",
        original_amount=Decimal("10"),
        exchange_rate=Decimal("1"),
    )
    errors = _errors(line)
    assert errors["currency"] == [
        "XYZ is not an ISO 4217 currency code (for example USD, EUR, RUB, CNY)."
    ]


def test_negative_amounts_are_field_errors():
    """Amounts, original amounts and rates cannot be negative."""
    line = BudgetLine(
        component="regular_budget",
        biennium="2026-2027",
        year=2026,
        currency="EUR",
        amount_usd=Decimal("-5"),
        original_amount=Decimal("-1"),
        exchange_rate=Decimal("-2"),
    )
    errors = _errors(line)
    assert set(errors) >= {"amount_usd", "original_amount", "exchange_rate"}


def test_foreign_currency_needs_amount_and_rate_and_converts():
    """Money received in roubles keeps the amount and rate; USD is computed when left empty."""
    line = BudgetLine(component="host_country", biennium="2026-2027", year=2026, currency="rub")
    errors = _errors(line)
    assert errors["original_amount"] == ["Give the amount in RUB."]
    assert errors["exchange_rate"] == ["Give the exchange rate used (USD per RUB)."]
    line.original_amount = Decimal("200000000")
    line.exchange_rate = Decimal("0.0125")
    line.full_clean()
    assert line.amount_usd == Decimal("2500000.00")
    assert line.currency == "RUB"


def test_year_must_belong_to_the_biennium():
    """2028 is not a year of the 2026-2027 biennium; a biennium is two consecutive years."""
    line = BudgetLine(
        component="regular_budget", biennium="2026-2027", year=2028, amount_usd=Decimal("1")
    )
    assert "year" in _errors(line)
    line = BudgetLine(
        component="regular_budget", biennium="2026-2028", year=2026, amount_usd=Decimal("1")
    )
    assert "biennium" in _errors(line)
    assert biennium_of(2027) == "2026-2027"
    assert biennium_of(2028) == "2028-2029"


def test_extrabudgetary_funds_need_a_donor_and_match_the_project():
    """Extrabudgetary money names its donor, taken from the project when not given."""
    line = BudgetLine(
        component=BudgetComponent.EXTRABUDGETARY,
        biennium="2026-2027",
        year=2026,
        amount_usd=Decimal("1"),
    )
    assert "donor" in _errors(line)
    project = ProjectFactory()
    line.project = project
    line.full_clean()
    assert line.donor == project.donor
    line.donor = PartnerFactory()
    assert _errors(line)["donor"] == ["The donor is not the project's donor."]
    regular = BudgetLine(
        component="regular_budget",
        biennium="2026-2027",
        year=2026,
        amount_usd=Decimal("1"),
        project=project,
    )
    assert "project" in _errors(regular)


def test_dates_must_fall_inside_the_agreement_period():
    """Money received, in-kind support and projects fall inside their agreement's dates."""
    agreement = AgreementFactory(
        start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2026, 6, 30)
    )
    line = BudgetLine(
        component="extrabudgetary",
        biennium="2026-2027",
        year=2026,
        amount_usd=Decimal("1"),
        donor=agreement.partner,
        agreement=agreement,
        received_on=datetime.date(2026, 7, 1),
    )
    assert _errors(line)["received_on"] == [
        "2026-07-01 is outside the agreement's period (2026-01-01 – 2026-06-30)."
    ]
    gift = InKindContribution(
        partner=agreement.partner,
        agreement=agreement,
        kind="venue",
        description="Venue",
        date=datetime.date(2025, 12, 1),
        amount_usd=Decimal("10"),
        basis_of_valuation="Quote",
    )
    assert "date" in _errors(gift)
    project = ProjectFactory.build(
        donor=agreement.partner, agreement=agreement, end_date=datetime.date(2026, 12, 31)
    )
    assert "end_date" in _errors(project)


def test_agreement_with_another_partner_is_refused():
    """An in-kind contribution cannot cite another partner's agreement."""
    gift = InKindContribution(
        partner=PartnerFactory(),
        agreement=AgreementFactory(),
        kind="venue",
        description="Venue",
        date=datetime.date(2026, 3, 1),
        amount_usd=Decimal("10"),
        basis_of_valuation="Quote",
    )
    assert _errors(gift)["agreement"] == ["The agreement is with another partner."]


def test_in_kind_needs_its_basis_of_valuation():
    """The value of in-kind support says how it was estimated."""
    gift = InKindContribution(
        partner=PartnerFactory(),
        kind="travel",
        description="Travel",
        date=datetime.date(2026, 3, 1),
        amount_usd=Decimal("10"),
        basis_of_valuation=" ",
    )
    assert "basis_of_valuation" in _errors(gift)


def test_signed_agreement_needs_its_dates():
    """A signed or active agreement records its signing and start dates, in order."""
    agreement = AgreementFactory.build(partner=PartnerFactory(), signed_on=None, start_date=None)
    errors = _errors(agreement)
    assert set(errors) >= {"signed_on", "start_date"}
    agreement = AgreementFactory.build(
        partner=PartnerFactory(),
        start_date=datetime.date(2026, 5, 1),
        end_date=datetime.date(2026, 4, 1),
    )
    assert "end_date" in _errors(agreement)


def test_reserved_slug_is_refused():
    """A partner's slug may not take a page address such as "manage"."""
    partner = PartnerFactory.build(slug="manage")
    assert "slug" in _errors(partner)


def test_comprehensive_engagement_needs_an_mou_with_a_national_body():
    """Comprehensive means a signed or active MoU with the country's National Commission or ministry."""
    country = CountryFactory(iso2="KZ")
    natcom = PartnerFactory(kind=PartnerType.NATIONAL_COMMISSION, country=country)
    engagement = EngagementFactory.build(country=country, level=EngagementLevel.COMPREHENSIVE)
    assert _errors(engagement)["agreement"] == [
        "A comprehensive partnership needs its framework agreement."
    ]
    engagement.agreement = AgreementFactory(partner=natcom, kind=AgreementKind.LETTER_OF_INTENT)
    assert "memorandum" in _errors(engagement)["agreement"][0]
    engagement.agreement = AgreementFactory(
        partner=natcom, status=AgreementStatus.DRAFT, signed_on=None, start_date=None
    )
    assert _errors(engagement)["agreement"] == [
        "The memorandum of understanding must be signed or active."
    ]
    engagement.agreement = AgreementFactory(
        partner=PartnerFactory(kind=PartnerType.UNIVERSITY, country=country)
    )
    assert "National Commission" in _errors(engagement)["agreement"][0]
    engagement.agreement = AgreementFactory(
        partner=natcom, end_date=datetime.date(2020, 1, 1), start_date=datetime.date(2019, 1, 1)
    )
    assert _errors(engagement)["agreement"] == ["The memorandum of understanding has ended."]
    engagement.agreement = AgreementFactory(partner=natcom, end_date=None)
    engagement.full_clean()
    assert engagement.is_comprehensive

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from iite.monitoring.tests.factories import WorkplanFactory, WorkplanItemFactory
from iite.partners import selectors
from iite.partners.models import (
    AgreementKind,
    BudgetComponent,
    EngagementLevel,
    FundingStatus,
    PartnerType,
    RelationshipLevel,
)
from iite.programme.tests.factories import ActivityFactory
from iite.reference.tests.factories import CountryFactory

from .factories import (
    AgreementFactory,
    BudgetLineFactory,
    EngagementFactory,
    InKindFactory,
    PartnerFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def _comprehensive(country):
    natcom = PartnerFactory(kind=PartnerType.NATIONAL_COMMISSION, country=country)
    agreement = AgreementFactory(partner=natcom, kind=AgreementKind.MOU)
    return EngagementFactory(
        country=country, level=EngagementLevel.COMPREHENSIVE, agreement=agreement
    )


def test_regional_group_goal_met_per_group():
    """A group is met only with a comprehensive partnership in force with one of its Member States."""
    _comprehensive(CountryFactory(iso2="RU", electoral_group="II"))
    _comprehensive(CountryFactory(iso2="KZ", electoral_group="IV"))
    # Cooperation only: does not count.
    EngagementFactory(
        country=CountryFactory(iso2="EG", electoral_group="Vb"), level=EngagementLevel.COOPERATION
    )
    # Comprehensive on paper, but the MoU has ended: does not count.
    lapsed = _comprehensive(CountryFactory(iso2="BR", electoral_group="III"))
    lapsed.agreement.start_date = datetime.date(2020, 1, 1)
    lapsed.agreement.end_date = datetime.date(2021, 1, 1)
    lapsed.agreement.save()
    # Associate Members do not count for a goal about Member States.
    _comprehensive(CountryFactory(iso2="AW", electoral_group="I", status="associate"))
    goal = {group.group: group for group in selectors.regional_group_goal()}
    assert list(goal) == ["I", "II", "III", "IV", "Va", "Vb"]
    assert {code for code, group in goal.items() if group.met} == {"II", "IV"}
    assert [country.iso2 for country in goal["II"].countries] == ["RU"]


def test_partner_indicator_counts_and_disaggregations():
    """Partners of activities in the period, by type, region, sector and level; new ones apart."""
    europe = CountryFactory(iso2="FR", unesco_region="europe_north_america")
    asia = CountryFactory(iso2="CN", unesco_region="asia_pacific")
    old = PartnerFactory(
        kind=PartnerType.UNIVERSITY,
        sector="academic",
        country=asia,
        relationship_level=RelationshipLevel.STRATEGIC,
    )
    new = PartnerFactory(kind=PartnerType.TECHNOLOGY_COMPANY, sector="private", country=asia)
    network = PartnerFactory(
        kind=PartnerType.NETWORK,
        sector="academic",
        country=None,
        relationship_level=RelationshipLevel.NETWORK_MEMBER,
    )
    outside = PartnerFactory(kind=PartnerType.NGO, country=europe)
    ActivityFactory(
        start_date=datetime.date(2025, 5, 1), end_date=datetime.date(2025, 5, 2)
    ).partners.add(old)
    ActivityFactory(
        start_date=datetime.date(2026, 2, 1), end_date=datetime.date(2026, 2, 1)
    ).partners.add(old, new)
    # Started in 2025, ran into 2026: counts for 2026, and the network is not new.
    ActivityFactory(
        start_date=datetime.date(2025, 12, 1), end_date=datetime.date(2026, 1, 10)
    ).partners.add(network)
    ActivityFactory(
        start_date=datetime.date(2027, 1, 1), end_date=datetime.date(2027, 1, 1)
    ).partners.add(outside)
    counts = selectors.partner_counts(
        start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31)
    )
    assert counts.total == 3
    assert counts.new == 1
    assert counts.by_kind == {"university": 1, "technology_company": 1, "network": 1}
    assert counts.by_region == {"asia_pacific": 2, "global": 1}
    assert counts.by_sector == {"academic": 2, "private": 1}
    assert counts.by_level == {"strategic": 1, "project": 1, "network_member": 1}


def test_funding_gap_is_planned_cost_minus_secured(monkeypatch):
    """With no budget recorded, needed = the monitoring domain's planned workplan cost;
    gap = needed − secured funds; pledges shown apart."""
    calls = []

    def planned(*, year):
        calls.append(year)
        return Decimal("5000000")

    monkeypatch.setattr("iite.monitoring.selectors.workplan_planned_cost", planned)
    donor = PartnerFactory(acronym="ND")
    BudgetLineFactory(component=BudgetComponent.REGULAR_BUDGET, amount_usd=Decimal("1000000"))
    BudgetLineFactory(component=BudgetComponent.HOST_COUNTRY, amount_usd=Decimal("2500000"))
    BudgetLineFactory(
        component=BudgetComponent.EXTRABUDGETARY, donor=donor, amount_usd=Decimal("400000")
    )
    BudgetLineFactory(
        component=BudgetComponent.EXTRABUDGETARY,
        donor=donor,
        amount_usd=Decimal("300000"),
        status=FundingStatus.PLEDGED,
    )
    BudgetLineFactory(
        component=BudgetComponent.REGULAR_BUDGET, year=2027, amount_usd=Decimal("999")
    )
    InKindFactory(amount_usd=Decimal("120000"))
    summary = selectors.funding_summary(year=2026)
    assert calls == [2026]
    assert summary.needed == Decimal("5000000")
    assert summary.secured == Decimal("3900000")
    assert summary.pledged == Decimal("300000")
    assert summary.gap == Decimal("1100000")
    assert summary.gap_after_pledges == Decimal("800000")
    assert summary.in_kind_total == Decimal("120000")  # beside, not subtracted
    by_component = {pair.key: (pair.secured, pair.pledged) for pair in summary.by_component}
    assert by_component["extrabudgetary"] == (Decimal("400000"), Decimal("300000"))
    assert by_component["decentralised"] == (Decimal("0"), Decimal("0"))
    assert [(pair.label, pair.secured, pair.pledged) for pair in summary.by_donor] == [
        ("ND", Decimal("400000"), Decimal("300000"))
    ]


def test_funding_gap_is_unknown_without_a_planned_cost():
    """With no submitted workplan cost (monitoring answers 0) the gap is not computed."""
    # A draft plan is not yet a plan to count a gap against.
    WorkplanItemFactory(workplan=WorkplanFactory(year=2026), planned_cost_usd=Decimal("5000"))
    BudgetLineFactory()
    summary = selectors.funding_summary(year=2026)
    assert summary.needed is None and summary.gap is None


def test_funding_summary_lists_projects_running_in_the_year():
    """Extrabudgetary projects whose dates include the year are listed."""
    running = ProjectFactory(
        start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2026, 3, 1)
    )
    ProjectFactory(start_date=datetime.date(2027, 1, 1), end_date=datetime.date(2027, 3, 1))
    assert selectors.funding_summary(year=2026).projects == [running]


def test_public_data_holds_only_what_was_agreed():
    """Website, description, activities and agreement kinds appear only with consent."""
    partner = PartnerFactory(
        is_public=True,
        website="https://example.org",
        description={"en": "About us"},
        publish_website=True,
    )
    ActivityFactory().partners.add(partner)
    data = selectors.public_partner_profile(partner.slug)
    assert data["website"] == "https://example.org"
    assert data["description"] is None
    assert data["activities"] is None
    assert data["agreement_kinds"] is None
    partner.publish_activities = partner.publish_description = partner.publish_agreements = True
    partner.save()
    AgreementFactory(partner=partner)
    data = selectors.public_partner_profile(partner.slug)
    assert str(data["description"]) == "About us"
    assert len(data["activities"]) == 1
    assert [str(kind) for kind in data["agreement_kinds"]] == ["Memorandum of understanding"]
    assert selectors.public_partner_profile(PartnerFactory(is_public=False).slug) is None


def test_partnership_map_counts_by_region_and_type():
    """The map table counts partners per region of their country and type, with totals."""
    asia = CountryFactory(iso2="CN", unesco_region="asia_pacific")
    PartnerFactory(kind=PartnerType.UNIVERSITY, country=asia)
    PartnerFactory(kind=PartnerType.UNIVERSITY, country=asia)
    PartnerFactory(kind=PartnerType.NETWORK, country=None)
    table = selectors.partnership_map()
    assert table.total == 3
    assert [code for code, _ in table.kinds] == ["university", "network"]
    rows = {row["region"]: row for row in table.rows()}
    assert rows["asia_pacific"]["cells"] == [2, 0]
    assert rows["global"]["cells"] == [0, 1]
    assert table.kind_totals == {"university": 2, "network": 1}


def test_directory_filters_and_search_in_any_language():
    """Search finds a name in any language or an alias; filters narrow by type and region."""
    asia = CountryFactory(iso2="CN", unesco_region="asia_pacific")
    bnu = PartnerFactory(
        name={"en": "Beijing Normal University", "zh-hans": "北京师范大学"}, country=asia
    )
    PartnerFactory(name={"en": "Huawei"}, kind=PartnerType.TECHNOLOGY_COMPANY, aliases=["HW Tech"])
    assert list(selectors.partner_directory(selectors.DirectoryFilters(q="师范"))) == [bnu]
    assert [
        p.slug for p in selectors.partner_directory(selectors.DirectoryFilters(q="HW Tech"))
    ] != []
    assert list(selectors.partner_directory(selectors.DirectoryFilters(region="asia_pacific"))) == [
        bnu
    ]
    assert list(selectors.partner_directory(selectors.DirectoryFilters(kind="university"))) == [bnu]


def test_member_state_overview_and_detail():
    """A Member State appears with its partners, activities targeting it and its engagement."""
    kz = CountryFactory(iso2="KZ", unesco_region="asia_pacific", electoral_group="IV")
    CountryFactory(iso2="ZZ")  # nothing recorded: not listed
    partner = PartnerFactory(country=kz)
    targeted = ActivityFactory()
    targeted.target_countries.add(kz)
    ActivityFactory().partners.add(partner)
    EngagementFactory(country=kz, level=EngagementLevel.COOPERATION)
    rows = list(selectors.member_state_overview())
    assert [
        (c.iso2, c.partner_count, c.targeted_count, c.partner_activity_count) for c in rows
    ] == [("KZ", 1, 1, 1)]
    detail = selectors.member_state_detail(kz)
    assert detail.partners == [partner]
    assert len(detail.activities) == 2
    assert detail.engagement.level == EngagementLevel.COOPERATION

from __future__ import annotations

import pytest

from iite.partners.loaders import load_demo_partnerships, load_strategic_partners
from iite.partners.models import (
    Agreement,
    BudgetLine,
    ExtrabudgetaryProject,
    InKindContribution,
    MemberStateEngagement,
    Partner,
)
from iite.reference.tests.factories import CountryFactory

pytestmark = pytest.mark.django_db

SLUGS = {
    "bnu",
    "tsinghua",
    "sou",
    "unesco-ichei",
    "netdragon",
    "huawei",
    "gioct",
    "investment-in-the-future",
    "gsenet",
    "gma",
    "cesnet",
    "gdllnet",
    "alecso",
    "seameo",
    "rehabilitation-international",
    "oecd",
    "unesco-uil",
}


def test_strategy_partners_load_once_with_stable_slugs():
    """The partners named in VI.1 and Pillar 1 load under their slugs; a second run adds nothing."""
    load_strategic_partners()
    assert set(Partner.objects.values_list("slug", flat=True)) == SLUGS
    load_strategic_partners()
    assert Partner.objects.count() == len(SLUGS)
    bnu = Partner.objects.get(slug="bnu")
    assert bnu.name["zh-hans"] == "北京师范大学" and bnu.relationship_level == "strategic"
    assert Partner.objects.filter(kind="network").count() == 4


def test_loader_keeps_staff_edits_and_fills_countries_later():
    """Staff edits survive a reload; a country loaded later is filled in."""
    load_strategic_partners()
    Partner.objects.filter(slug="oecd").update(acronym="OCDE")
    assert Partner.objects.get(slug="alecso").country is None
    CountryFactory(iso2="TN", unesco_region="arab_states")
    load_strategic_partners()
    assert Partner.objects.get(slug="oecd").acronym == "OCDE"
    assert Partner.objects.get(slug="alecso").country.iso2 == "TN"


def test_demo_data_is_idempotent():
    """The demo loader creates agreements, the 2026 budget, projects, in-kind and engagements once."""
    for iso2, group in (("RU", "II"), ("KZ", "IV"), ("EG", "Vb"), ("UZ", "IV")):
        CountryFactory(iso2=iso2, electoral_group=group)
    load_strategic_partners()
    load_demo_partnerships()
    counts = [
        model.objects.count()
        for model in (
            Agreement,
            BudgetLine,
            ExtrabudgetaryProject,
            InKindContribution,
            MemberStateEngagement,
        )
    ]
    load_demo_partnerships()
    assert [
        model.objects.count()
        for model in (
            Agreement,
            BudgetLine,
            ExtrabudgetaryProject,
            InKindContribution,
            MemberStateEngagement,
        )
    ] == counts
    assert counts[1] == 5 and counts[4] == 4
    assert set(BudgetLine.objects.values_list("component", flat=True)) == {
        "regular_budget",
        "host_country",
        "decentralised",
        "extrabudgetary",
    }
    for record in (
        *BudgetLine.objects.all(),
        *ExtrabudgetaryProject.objects.all(),
        *InKindContribution.objects.all(),
        *MemberStateEngagement.objects.all(),
    ):
        record.full_clean()  # the demo data passes the same validation as staff input
    assert MemberStateEngagement.objects.get(country__iso2="RU").is_comprehensive


def test_long_standing_partners_are_not_new_in_2026_and_staff_dates_are_kept():
    """BNU, Huawei and ALECSO carry the year their partnership began; a date staff
    changed survives a reload; the partnerships the strategy has yet to build have none."""
    import datetime

    from iite.partners.selectors import partners_new

    load_strategic_partners()
    since = dict(Partner.objects.values_list("slug", "partner_since"))
    assert all(since[slug] and since[slug].year < 2026 for slug in ("bnu", "huawei", "alecso"))
    assert since["seameo"] is None and since["oecd"] is None
    Partner.objects.filter(slug="bnu").update(partner_since=datetime.date(2015, 9, 1))
    load_strategic_partners()
    assert Partner.objects.get(slug="bnu").partner_since == datetime.date(2015, 9, 1)
    new = partners_new(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
    assert not new.filter(slug__in=["bnu", "huawei", "alecso"]).exists()


def test_demo_budget_2026_needs_more_than_is_secured():
    """The demo 2026 budget follows VI.2 and leaves a gap in the extrabudgetary component:
    needs 5,250,000 against 4,300,000 secured (no workplan cost above the programme budget)."""
    from decimal import Decimal

    from iite.partners.selectors import funding_summary

    load_strategic_partners()
    load_demo_partnerships()
    load_demo_partnerships()  # idempotent
    summary = funding_summary(year=2026)
    assert (summary.staff, summary.operations, summary.programme_budget) == (
        Decimal("2630000"),
        Decimal("1300000"),
        Decimal("1320000"),
    )
    assert summary.secured == Decimal("4300000")
    assert (summary.needed, summary.gap, summary.surplus) == (
        Decimal("5250000"),
        Decimal("950000"),
        Decimal("0"),
    )
    extrabudgetary = next(row for row in summary.budget if row.key == "extrabudgetary")
    assert extrabudgetary.needed - extrabudgetary.secured == Decimal("950000")

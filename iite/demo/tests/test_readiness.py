import pytest

from iite.demo import readiness
from iite.learning.tests.factories import current_period
from iite.readiness.loader import load_frameworks
from iite.readiness.models import Campaign, Response
from iite.readiness.selectors import aggregates, report
from iite.reference.tests.factories import CountryFactory
from iite.strategy.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_demo_campaigns_in_two_priority_countries_and_a_supported_ministry_run_twice():
    UnitFactory(period=current_period(), code="DPLM")
    for iso2, iso3 in (("KZ", "KAZ"), ("SN", "SEN"), ("UZ", "UZB")):
        CountryFactory(iso2=iso2, iso3=iso3, status="member")
    load_frameworks()
    assert readiness.load() == "5 readiness campaigns"
    assert readiness.load() == "0 readiness campaigns"
    assert {c.country.iso2 for c in Campaign.objects.filter(framework__level="school")} == {
        "KZ",
        "SN",
    }
    answered = Response.objects.filter(submitted=True).values_list("group", flat=True).distinct()
    assert set(answered) == {"leaders", "teachers", "students", "officials", "practitioners"}
    shymkent = Campaign.objects.get(institution__contains="Shymkent")
    assert "leaders" not in report(shymkent).shown_groups  # three leaders: hidden
    almaty = Campaign.objects.get(institution__contains="Almaty", opens_on__year=2026)
    assert almaty.previous is not None and almaty.priorities.count() == 2
    assert any(row.previous for row in report(almaty).areas)
    ministry = Campaign.objects.get(framework__level="system")
    assert ministry.supported_activity.target_countries.get().iso2 == "UZ"
    school = ministry.framework.__class__.objects.get(code="school")
    assert [row.campaigns for row in aggregates(school)] == [3]  # KZ; Senegal's one school hidden

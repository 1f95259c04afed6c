"""The records behind a figure are the ones the figure counts."""

from __future__ import annotations

import datetime

import pytest

from iite.monitoring import selectors
from iite.monitoring.indicators import MEASURES, Scope, compute
from iite.partners.tests.factories import PartnerFactory
from iite.programme.tests.factories import ActivityFactory, AggregateFactory, ParticipationFactory
from iite.reference.tests.factories import CountryFactory

pytestmark = pytest.mark.django_db

Y2026 = Scope(year=2026)


def test_aggregate_people_behind_a_figure_are_those_it_counts():
    """A hall of 30 (18 women) behind 'women engaged' shows 18 people, not 30."""
    webinar = ActivityFactory(kind="webinar")
    AggregateFactory(activity=webinar, total=30, female=18, male=12)
    ParticipationFactory(activity=webinar, sex="male")
    women = MEASURES["webinars.women"]
    rows = selectors.figure_activities(women, Y2026, public_only=False)
    assert [(row.activity.pk, row.people, row.aggregate) for row in rows] == [(webinar.pk, 0, 18)]
    assert compute(Y2026).measures["webinars.women"].value == 18
    everyone = selectors.figure_activities(MEASURES["webinars.people"], Y2026, public_only=False)
    assert [(row.people, row.aggregate) for row in everyone] == [(1, 30)]


def test_region_keeps_aggregate_records_of_one_country_there():
    """Under a region filter, a record over two countries is neither in the figure nor
    behind it; a record of one country of the region is in both."""
    kenya = CountryFactory(iso2="KE", unesco_region="africa")
    france = CountryFactory(iso2="FR", unesco_region="europe_north_america")
    one = ActivityFactory(kind="global_conference", code="hall-kenya")
    two = ActivityFactory(kind="global_conference", code="hall-both")
    AggregateFactory(activity=one, total=10, countries=[kenya])
    AggregateFactory(activity=two, total=40, female=20, male=20, countries=[kenya, france])
    scope = Scope(year=2026, region="africa")
    measure = MEASURES["conventions.people"]
    rows = selectors.figure_activities(measure, scope, public_only=False)
    assert [(row.activity.code, row.aggregate) for row in rows] == [("hall-kenya", 10)]
    assert compute(scope).measures["conventions.people"].value == 10
    assert selectors.measure_count(measure, scope) == 10


def test_new_partners_figure_lists_only_their_activities():
    """Behind 'new partners': the activities of partners first met in the period."""
    known, newcomer = PartnerFactory(), PartnerFactory()
    ActivityFactory(start_date=datetime.date(2025, 3, 1), partners=[known])
    ActivityFactory(code="with-known", partners=[known])
    ActivityFactory(code="with-newcomer", start_date=datetime.date(2026, 9, 1), partners=[newcomer])
    new = MEASURES["partners.new"]
    assert list(new.partners(Y2026)) == [newcomer]
    rows = selectors.figure_activities(new, Y2026, public_only=False)
    assert [row.activity.code for row in rows] == ["with-newcomer"]
    collaborating = selectors.figure_activities(
        MEASURES["partners.collaborating"], Y2026, public_only=False
    )
    assert [row.activity.code for row in collaborating] == ["with-known", "with-newcomer"]
    assert compute(Y2026).measures["partners.new"].value == 1


def test_new_partners_are_partnerships_begun_in_the_period():
    """'New partners' counts partnerships that began in 2026 (figure and drill-down alike):
    a partner with an agreement from 2016 or a staff date of 2019 is not new although its
    first activity on the platform is in 2026; one known only by a 2026 activity is."""
    from iite.partners.tests.factories import AgreementFactory

    by_agreement = PartnerFactory(slug="bnu-like")
    AgreementFactory(
        partner=by_agreement,
        signed_on=datetime.date(2016, 1, 1),
        start_date=datetime.date(2016, 1, 1),
        end_date=None,
    )
    by_staff = PartnerFactory(slug="huawei-like", partner_since=datetime.date(2019, 1, 1))
    by_activity = PartnerFactory(slug="newcomer")
    signed_2026 = PartnerFactory(slug="signed-2026")
    AgreementFactory(partner=signed_2026, start_date=datetime.date(2026, 2, 1))
    for partner in (by_agreement, by_staff, by_activity, signed_2026):
        ActivityFactory(start_date=datetime.date(2026, 3, 1), partners=[partner])
    new = MEASURES["partners.new"]
    assert sorted(p.slug for p in new.partners(Y2026)) == ["newcomer", "signed-2026"]
    result = compute(Y2026).measures
    assert result["partners.new"].value == 2
    assert result["partners.collaborating"].value == 4
    assert selectors.measure_count(new, Y2026) == 2


def test_partner_since_fallback_reads_the_statuses_the_indicators_count():
    """The partners domain's fallback activity statuses are the indicators' counted ones."""
    from iite.monitoring.measures import COUNTED_STATUSES
    from iite.partners.selectors import ACTIVITY_STATUSES_UNDER_WAY

    assert set(ACTIVITY_STATUSES_UNDER_WAY) == {str(s) for s in COUNTED_STATUSES}

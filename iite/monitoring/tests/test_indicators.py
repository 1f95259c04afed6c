"""The seven indicators counted from known records, value by value."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest

from iite.accounts.tests.factories import UserFactory
from iite.monitoring.indicators import MEASURES, Scope, compute, compute_cached, target_for
from iite.monitoring.services import indicators_invalidate
from iite.partners.tests.factories import PartnerFactory
from iite.programme.models import Participation
from iite.programme.services import participation_record
from iite.programme.tests.factories import ActivityFactory, AggregateFactory, ParticipationFactory
from iite.reference.tests.factories import CountryFactory, PriorityRegionFactory
from iite.strategy.tests.factories import PillarFactory, TargetGroupFactory

from .factories import ReportedValueFactory

pytestmark = pytest.mark.django_db

Y2026 = Scope(year=2026)


@pytest.fixture
def places():
    africa_region = PriorityRegionFactory(code="africa")
    kenya = CountryFactory(iso2="KE", iso3="KEN", unesco_region="africa")
    kenya.priority_regions.add(africa_region)
    egypt = CountryFactory(iso2="EG", iso3="EGY", unesco_region="arab_states")
    france = CountryFactory(iso2="FR", iso3="FRA", unesco_region="europe_north_america")
    aruba = CountryFactory(
        iso2="AW", iso3="ABW", unesco_region="latin_america_caribbean", status="associate"
    )
    return {"KE": kenya, "EG": egypt, "FR": france, "AW": aruba}


def test_one_person_in_three_webinars_counts_once(places):
    """A teacher who joined three webinars is one person engaged, in three webinars held."""
    key = uuid.uuid4()
    for day in (5, 12, 19):
        webinar = ActivityFactory(kind="webinar", start_date=datetime.date(2026, 2, day))
        ParticipationFactory(activity=webinar, person_key=key, country=places["KE"])
    result = compute(Y2026).measures
    assert result["webinars.held"].value == 3
    assert result["webinars.people"].value == 1
    assert result["webinars.women"].value == 1
    assert result["webinars.people"].dims["country"] == {"KE": 1}
    assert result["webinars.people"].dims["unesco_region"] == {"africa": 1}
    assert result["webinars.people"].dims["priority_region"] == {"africa": 1}


def test_registration_alone_is_not_engagement_but_a_speaker_is(places):
    """A registered no-show does not count; a speaker counts without the attended flag."""
    webinar = ActivityFactory(kind="webinar")
    ParticipationFactory(activity=webinar, attended=False)
    ParticipationFactory(activity=webinar, attended=False, role="speaker", sex="male")
    result = compute(Y2026).measures
    assert result["webinars.people"].value == 1
    assert result["webinars.people"].dims["sex"] == {"male": 1}
    assert result["webinars.women"].value == 0


def test_aggregate_record_adds_to_individuals_of_another_activity(places):
    """120 counted in a hall plus 2 recorded people elsewhere make 122 engaged."""
    pillar = PillarFactory(code="P1")
    hall = ActivityFactory(kind="global_conference", languages=["en", "ru"], pillars=[pillar])
    AggregateFactory(
        activity=hall, total=120, female=70, male=48, not_stated=2, countries=[places["EG"]]
    )
    forum = ActivityFactory(kind="regional_convention", languages=["fr"])
    ParticipationFactory(activity=forum, country=places["KE"], sex="female")
    ParticipationFactory(
        activity=forum, country=places["FR"], sex="male", person_role="policymaker"
    )
    result = compute(Y2026).measures["conventions.people"]
    assert result.value == 122
    assert result.dims["sex"] == {"female": 71, "male": 49, "not_stated": 2}
    assert result.dims["country"] == {"EG": 120, "KE": 1, "FR": 1}
    assert result.dims["unesco_region"] == {
        "arab_states": 120,
        "africa": 1,
        "europe_north_america": 1,
    }
    assert result.dims["language"] == {"en": 120, "ru": 120, "fr": 2}
    assert result.dims["pillar"] == {"P1": 120}
    assert result.dims["target_group"] == {"": 120, "teachers": 1, "policymakers": 1}
    assert result.halves["2026-H1"] == 122
    assert result.years[2026] == 122


def test_aggregate_with_several_countries_has_no_country(places):
    """An aggregate record listing two countries cannot say who came from where."""
    hall = ActivityFactory(kind="global_conference")
    AggregateFactory(
        activity=hall, total=10, female=5, male=5, countries=[places["EG"], places["KE"]]
    )
    result = compute(Y2026).measures["conventions.people"]
    assert result.dims["country"] == {"": 10}
    assert result.dims["unesco_region"] == {"": 10}


def test_person_in_two_regions_activities_counts_once_in_their_region(places):
    """Joining activities aimed at Africa and at the Arab States leaves one person, from France."""
    key = uuid.uuid4()
    a = ActivityFactory(kind="training", target_countries=[places["KE"]])
    b = ActivityFactory(kind="training", target_countries=[places["EG"]])
    ParticipationFactory(activity=a, person_key=key, country=places["FR"])
    ParticipationFactory(activity=b, person_key=key, country=places["FR"])
    result = compute(Y2026).measures
    assert result["webinars.people"].value == 1
    assert result["webinars.people"].dims["unesco_region"] == {"europe_north_america": 1}
    assert result["webinars.held"].dims["unesco_region"] == {"africa": 1, "arab_states": 1}
    assert result["webinars.held"].dims["country"] == {"KE": 1, "EG": 1}


def test_deleted_account_participation_still_counts(places):
    """After the account is deleted its pseudonymous record still counts, once."""
    person = UserFactory()
    webinar = ActivityFactory(kind="webinar")
    other = ActivityFactory(kind="webinar")
    for activity in (webinar, other):
        ParticipationFactory(activity=activity, person=person, person_key=person.person_key)
    person.delete()
    assert Participation.objects.filter(person__isnull=True).count() == 2
    assert compute(Y2026).measures["webinars.people"].value == 1


def test_half_year_boundaries(places):
    """30 June is the first half-year, 1 July the second; the year counts a person once."""
    key = uuid.uuid4()
    june = ActivityFactory(kind="webinar", start_date=datetime.date(2026, 6, 30))
    july = ActivityFactory(kind="webinar", start_date=datetime.date(2026, 7, 1))
    next_year = ActivityFactory(kind="webinar", start_date=datetime.date(2027, 1, 1))
    for activity in (june, july, next_year):
        ParticipationFactory(activity=activity, person_key=key)
    result = compute(Y2026).measures
    assert result["webinars.held"].halves["2026-H1"] == 1
    assert result["webinars.held"].halves["2026-H2"] == 1
    assert result["webinars.held"].years[2026] == 2
    assert result["webinars.people"].halves["2026-H1"] == 1
    assert result["webinars.people"].halves["2026-H2"] == 1
    assert result["webinars.people"].years[2026] == 1
    assert result["webinars.people"].years[2027] == 1
    h1 = compute(Scope(year=2026, half=1)).measures
    h2 = compute(Scope(year=2026, half=2)).measures
    assert (h1["webinars.held"].value, h2["webinars.held"].value) == (1, 1)
    assert (h1["webinars.people"].value, h2["webinars.people"].value) == (1, 1)


def test_planned_and_cancelled_activities_do_not_count(places):
    """Only ongoing and completed activities count; publications only once published."""
    ActivityFactory(kind="webinar", status="planned")
    ActivityFactory(kind="webinar", status="cancelled")
    ActivityFactory(kind="research_report", status="ongoing")
    ActivityFactory(kind="policy_brief", status="completed")
    ActivityFactory(kind="best_practices", status="completed")
    result = compute(Y2026).measures
    assert result["webinars.held"].value == 0
    assert result["research.published"].value == 2
    assert result["research.published"].dims["kind"] == {"policy_brief": 1, "best_practices": 1}


def test_member_states_from_targets_and_policy_advice(places):
    """Targeted countries and advised participants' countries, Member States apart from Associates."""
    pillar = PillarFactory(code="P2")
    ActivityFactory(kind="webinar", target_countries=[places["KE"], places["AW"]], pillars=[pillar])
    advice = ActivityFactory(kind="policy_advice")
    ParticipationFactory(activity=advice, country=places["EG"], person_role="policymaker")
    ParticipationFactory(activity=advice, country=places["KE"], person_role="policymaker")
    # A participant in a webinar does not make their country "supported".
    ParticipationFactory(activity=ActivityFactory(kind="webinar"), country=places["FR"])
    result = compute(Y2026).measures
    member = result["member_states.supported"]
    assert member.value == 2
    assert member.dims["country"] == {"KE": 1, "EG": 1}
    assert member.dims["source"] == {"targeted": 1, "advised": 2}
    assert member.dims["pillar"] == {"P2": 1}
    assert member.dims["priority_region"] == {"africa": 1}
    assert result["member_states.associate"].value == 1
    assert result["member_states.associate"].dims["country"] == {"AW": 1}


def test_reported_member_state_is_added_once(places):
    """A reported country already counted from records adds nothing; a new one adds one."""
    ActivityFactory(kind="webinar", target_countries=[places["KE"]])
    ReportedValueFactory(measure="member_states.supported", country=places["KE"], value=Decimal(1))
    ReportedValueFactory(measure="member_states.supported", country=places["EG"], value=Decimal(1))
    member = compute(Y2026).measures["member_states.supported"]
    assert member.value == 1
    assert member.reported == Decimal(1)
    assert member.reported_years == {2026: Decimal(1)}


def test_reported_values_are_kept_apart(places):
    """Reported people are summed beside the computed value, never inside it."""
    ParticipationFactory(activity=ActivityFactory(kind="webinar"))
    ReportedValueFactory(measure="webinars.people", value=Decimal(40), half=1)
    ReportedValueFactory(measure="webinars.people", value=Decimal(10), year=2027)
    result = compute(Y2026).measures["webinars.people"]
    assert result.value == 1
    assert result.reported == Decimal(40)
    assert result.reported_halves == {"2026-H1": Decimal(40)}
    assert result.reported_years == {2026: Decimal(40), 2027: Decimal(10)}


def test_courses_completed_by_teachers_and_students(places):
    """Completions and certificates of teachers and students (and people of unknown role)."""
    course = ActivityFactory(kind="course")
    ParticipationFactory(activity=course, completed=True, person_role="teacher")
    ParticipationFactory(activity=course, completed=True, certified=True, person_role="student")
    ParticipationFactory(activity=course, completed=True, person_role="")
    ParticipationFactory(activity=course, completed=True, certified=True, person_role="parent")
    ParticipationFactory(activity=course, completed=False, person_role="teacher")
    AggregateFactory(activity=course, total=50, female=30, male=20, completed=20, certified=12)
    ActivityFactory(kind="platform")
    ActivityFactory(kind="learning_resource")
    result = compute(Y2026).measures
    assert result["platforms.completed"].value == 3 + 20
    assert result["platforms.certified"].value == 1 + 12
    assert result["platforms.completed"].dims["target_group"] == {
        "teachers": 1,
        "students": 1,
        "": 21,
    }
    assert result["platforms.resources"].value == 3
    assert result["platforms.resources"].dims["kind"] == {
        "course": 1,
        "platform": 1,
        "learning_resource": 1,
    }


def test_target_groups_follow_the_strategy_mapping(places):
    """With the strategy's target groups loaded, person roles map through person_roles."""
    TargetGroupFactory(code="teachers", person_roles=["teacher", "teacher_trainer"])
    TargetGroupFactory(code="students_youth", person_roles=["student", "youth"])
    webinar = ActivityFactory(kind="webinar")
    ParticipationFactory(activity=webinar, person_role="teacher_trainer")
    ParticipationFactory(activity=webinar, person_role="youth")
    ParticipationFactory(activity=webinar, person_role="researcher")
    groups = compute(Y2026).measures["webinars.people"].dims["target_group"]
    assert groups == {"teachers": 1, "students_youth": 1, "": 1}


def test_competitions_count_entrants_not_judges(places):
    """Participants of competitions and awards are entrants; judges are not participants."""
    competition = ActivityFactory(kind="competition")
    award = ActivityFactory(kind="award")
    key = uuid.uuid4()
    ParticipationFactory(activity=competition, person_key=key, attended=False)
    ParticipationFactory(activity=award, person_key=key, attended=False)
    ParticipationFactory(activity=award, role="judge")
    AggregateFactory(activity=competition, total=30, female=10, male=20)
    result = compute(Y2026).measures
    assert result["competitions.held"].value == 2
    assert result["competitions.participants"].value == 31


def test_conventions_joint_with_partners(places):
    """Conventions with a co-organising partner are the joint ones."""
    partner = PartnerFactory()
    ActivityFactory(kind="global_conference", partners=[partner])
    ActivityFactory(kind="national_event")
    result = compute(Y2026).measures
    assert result["conventions.held"].value == 2
    assert result["conventions.joint"].value == 1


def test_partners_distinct_new_and_disaggregated(places):
    """A partner in two activities counts once; a partner seen in 2025 is not new in 2026."""
    old = PartnerFactory(
        kind="university", relationship_level="strategic", country=places["FR"], sector="academic"
    )
    fresh = PartnerFactory(kind="technology_company", country=places["KE"], sector="private")
    pillar = PillarFactory(code="P3")
    ActivityFactory(kind="webinar", start_date=datetime.date(2025, 5, 1), partners=[old])
    ActivityFactory(kind="webinar", partners=[old, fresh], pillars=[pillar])
    ActivityFactory(kind="platform", start_date=datetime.date(2026, 9, 1), partners=[old])
    result = compute(Y2026).measures
    collaborating = result["partners.collaborating"]
    assert collaborating.value == 2
    assert collaborating.dims["partner_kind"] == {"university": 1, "technology_company": 1}
    assert collaborating.dims["relationship_level"] == {"strategic": 1, "project": 1}
    assert collaborating.dims["unesco_region"] == {"europe_north_america": 1, "africa": 1}
    assert collaborating.dims["new"] == {"no": 1, "yes": 1}
    assert collaborating.dims["sector"] == {"academic": 1, "private": 1}
    assert collaborating.dims["pillar"] == {"P3": 2}
    assert collaborating.halves["2026-H1"] == 2
    assert collaborating.halves["2026-H2"] == 1
    assert result["partners.new"].value == 1
    assert result["partners.new"].years == {2026: 1, 2027: 0, 2028: 0, 2029: 0}


def test_filters_narrow_every_measure(places):
    """Pillar narrows activities; region narrows participants by their country."""
    p4 = PillarFactory(code="P4")
    in_pillar = ActivityFactory(kind="webinar", pillars=[p4])
    elsewhere = ActivityFactory(kind="webinar")
    ParticipationFactory(activity=in_pillar, country=places["KE"])
    ParticipationFactory(activity=elsewhere, country=places["EG"])
    by_pillar = compute(Scope(year=2026, pillar="P4")).measures
    assert by_pillar["webinars.held"].value == 1
    assert by_pillar["webinars.people"].value == 1
    by_region = compute(Scope(year=2026, region="arab_states")).measures
    assert by_region["webinars.people"].value == 1
    assert by_region["webinars.people"].dims["country"] == {"EG": 1}


def test_targets_come_from_the_reviewed_file():
    """Every sub-measure has a target for each year of the strategy."""
    for code in MEASURES:
        for year in range(2026, 2030):
            assert target_for(code, year) is not None, (code, year)


def test_cached_values_follow_new_records(
    places, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """A second read is served from the cache without a query; a new record shows as soon
    as it commits."""
    webinar = ActivityFactory(kind="webinar")
    ParticipationFactory(activity=webinar)
    assert compute_cached(Y2026).measures["webinars.people"].value == 1
    with django_assert_num_queries(0):
        assert compute_cached(Y2026).measures["webinars.people"].value == 1
    with django_capture_on_commit_callbacks(execute=True):
        participation_record(activity=webinar, person=UserFactory(), attended=True)
    assert compute_cached(Y2026).measures["webinars.people"].value == 2
    # A bulk update bypasses signals; the explicit bump makes it visible.
    Participation.objects.update(attended=False)
    indicators_invalidate()
    assert compute_cached(Y2026).measures["webinars.people"].value == 0


def _build(n: int, places) -> None:
    pillar = PillarFactory(code="P1")
    partner = PartnerFactory()
    for i in range(n):
        activity = ActivityFactory(
            kind=["webinar", "course", "global_conference", "competition"][i % 4],
            pillars=[pillar],
            target_countries=[places["KE"]],
            partners=[partner],
        )
        for _ in range(3):
            ParticipationFactory(activity=activity, country=places["EG"], completed=True)
        AggregateFactory(activity=activity)


def test_query_count_does_not_grow_with_records(places, django_assert_num_queries):
    """compute() runs the same fixed number of queries for 4 or 40 activities."""
    _build(4, places)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        compute(Y2026)
    _build(36, places)
    with CaptureQueriesContext(connection) as large:
        compute(Y2026)
    assert len(small.captured_queries) == len(large.captured_queries)
    # As the first time: nothing kept of the half-years that have ended.
    indicators_invalidate()
    with django_assert_num_queries(len(small.captured_queries)):
        compute(Y2026)

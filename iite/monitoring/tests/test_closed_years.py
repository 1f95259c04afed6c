"""A closed year's trend is kept in the cache under a version of its rows: served while
they are as they were, counted again as soon as one of them changes, and always the same
figures as a computation that reads every row."""

from __future__ import annotations

import dataclasses
import datetime
import uuid

import pytest
from django.core.cache import cache

from iite.accounts.tests.factories import UserFactory
from iite.monitoring import indicators
from iite.monitoring.indicators import Scope, compute
from iite.programme.models import Participation
from iite.programme.services import participation_sync_person
from iite.programme.tests.factories import ActivityFactory, ParticipationFactory
from iite.reference.tests.factories import CountryFactory
from iite.strategy.tests.factories import PillarFactory

pytestmark = pytest.mark.django_db

# The strategy's years run from 2026, or from the scope's year if earlier: with 2024, the
# trend covers 2024-2029, and 2025 is a closed year that is not the scope's own.
SCOPE = Scope(year=2024)


def _uncached(scope: Scope) -> dict[str, dict[str, object]]:
    """Every figure of `compute(scope)` with nothing kept from an earlier computation."""
    cache.clear()
    return _figures(compute(scope))


def _figures(computation: indicators.Computation) -> dict[str, dict[str, object]]:
    return {code: dataclasses.asdict(values) for code, values in computation.measures.items()}


@pytest.fixture
def history():
    """Webinars in 2025 (closed), both halves, and in 2026 (the current year)."""
    kenya = CountryFactory(iso2="KE", iso3="KEN", unesco_region="africa")
    pillar = PillarFactory(code="P1")
    shared = uuid.uuid4()
    made = {}
    for name, day in (
        ("spring_2025", datetime.date(2025, 3, 4)),
        ("autumn_2025", datetime.date(2025, 10, 7)),
        ("spring_2026", datetime.date(2026, 2, 2)),
    ):
        webinar = ActivityFactory(
            kind="webinar", start_date=day, languages=["en", "fr"], pillars=[pillar]
        )
        ParticipationFactory(activity=webinar, person_key=shared, country=kenya, sex="female")
        ParticipationFactory(activity=webinar, country=kenya, sex="male")
        made[name] = webinar
    return made


def test_a_closed_year_is_served_from_the_cache_while_its_rows_are_unchanged(
    history, django_assert_max_num_queries, monkeypatch
):
    """The second computation reads 2025's trend from the cache: no statement over its rows."""
    first = compute(SCOPE)
    counted: list[int] = []
    original = indicators._years_trend

    def spy(scope: Scope, first_year: int, last_year: int):
        counted.append(first_year)
        return original(scope, first_year, last_year)

    monkeypatch.setattr(indicators, "_years_trend", spy)
    second = compute(SCOPE)
    assert 2025 not in counted
    assert _figures(second) == _figures(first)
    people = second.measures["webinars.people"]
    assert people.halves["2025-H1"] == 2
    assert people.halves["2025-H2"] == 2
    assert people.years[2025] == 3  # the shared person counts once in the year
    assert people.both_halves[2025] == 1


def test_an_added_record_in_a_closed_year_is_counted_at_once(history):
    """A record added to a 2025 webinar changes 2025's figures on the next computation."""
    compute(SCOPE)
    ParticipationFactory(activity=history["autumn_2025"], sex="female")
    people = compute(SCOPE).measures["webinars.people"]
    assert people.halves["2025-H2"] == 3
    assert people.years[2025] == 4
    assert _figures(compute(SCOPE)) == _uncached(SCOPE)


def test_an_edited_record_in_a_closed_year_is_counted_at_once(history):
    """A 2025 record no longer attended (a correction) leaves 2025's figures at once."""
    compute(SCOPE)
    record = Participation.objects.filter(activity=history["spring_2025"], sex="male").get()
    record.attended = False
    record.save()
    people = compute(SCOPE).measures["webinars.people"]
    assert people.halves["2025-H1"] == 1
    assert _figures(compute(SCOPE)) == _uncached(SCOPE)


def test_a_deleted_record_in_a_closed_year_is_uncounted_at_once(history):
    """Deleting a 2025 record lowers 2025's figures on the next computation."""
    compute(SCOPE)
    Participation.objects.filter(activity=history["autumn_2025"], sex="male").delete()
    people = compute(SCOPE).measures["webinars.people"]
    assert people.halves["2025-H2"] == 1
    assert people.years[2025] == 2
    assert _figures(compute(SCOPE)) == _uncached(SCOPE)


def test_an_activity_moved_out_of_a_closed_year_leaves_its_figures(history):
    """A 2025 webinar re-dated to 2026 leaves 2025 and joins 2026 at once."""
    compute(SCOPE)
    webinar = history["autumn_2025"]
    webinar.start_date = webinar.end_date = datetime.date(2026, 9, 1)
    webinar.save()
    people = compute(SCOPE).measures["webinars.people"]
    assert people.halves["2025-H2"] == 0
    assert people.halves["2026-H2"] == 2
    assert _figures(compute(SCOPE)) == _uncached(SCOPE)


def test_a_profile_change_that_rewrites_closed_records_is_counted_at_once(history):
    """A person's new profile copied onto their 2025 records (one UPDATE, no save) moves
    them in 2025's figures: the records' change time moves with them."""
    person = UserFactory(sex="male")
    record = Participation.objects.filter(activity=history["spring_2025"], sex="male").get()
    Participation.objects.filter(pk=record.pk).update(person_key=person.person_key)
    compute(SCOPE)  # 2025 kept in the cache
    assert compute(SCOPE).measures["webinars.women"].halves["2025-H1"] == 1
    person.sex = "female"
    person.save()
    participation_sync_person(person=person)
    assert compute(SCOPE).measures["webinars.women"].halves["2025-H1"] == 2
    assert _figures(compute(SCOPE)) == _uncached(SCOPE)


@pytest.mark.parametrize(
    "scope",
    [
        Scope(year=2026),
        Scope(year=2025),
        Scope(year=2024),
        Scope(year=2025, half=2),
        Scope(year=2024, half=1),
        Scope(year=2026, half=1),
        Scope(year=2026, region="africa"),
        Scope(year=2024, pillar="P1"),
    ],
)
def test_cached_figures_equal_the_uncached_computation(history, scope):
    """With every closed year served from the cache, each figure equals a computation
    that reads every row."""
    compute(scope)  # fills the cache
    cached = _figures(compute(scope))
    assert cached == _uncached(scope)

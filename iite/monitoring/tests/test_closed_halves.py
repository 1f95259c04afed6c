"""On SQLite the scope's people are grouped in Python, and a half-year that has ended is
kept in the cache as its persons: served while its records are as they were, read again
as soon as one of them changes, and always the same figures as a computation that reads
every row."""

from __future__ import annotations

import dataclasses
import datetime
import uuid

import pytest
from django.core.cache import cache
from django.utils import timezone

from iite.monitoring import indicators
from iite.monitoring.indicators import Scope, compute
from iite.monitoring.services import indicators_invalidate
from iite.programme.models import Participation
from iite.programme.tests.factories import ActivityFactory, ParticipationFactory
from iite.reference.tests.factories import CountryFactory
from iite.strategy.tests.factories import PillarFactory

pytestmark = pytest.mark.django_db

# In September 2026, January-June 2026 has ended and July-December has not.
SCOPE = Scope(year=2026)


@pytest.fixture(autouse=True)
def _september(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 9, 15))


@pytest.fixture(autouse=True)
def _python_tally(monkeypatch):
    """The Python tally, on PostgreSQL too (which otherwise tallies in the database)."""
    monkeypatch.setattr(indicators, "_tallied_in_database", lambda n, width: False)


def _figures(computation: indicators.Computation) -> dict[str, dict[str, object]]:
    return {code: dataclasses.asdict(values) for code, values in computation.measures.items()}


def _uncached(scope: Scope) -> dict[str, dict[str, object]]:
    """Every figure of `compute(scope)` with nothing kept from an earlier computation."""
    cache.clear()
    return _figures(compute(scope))


@pytest.fixture
def spring():
    """Webinars in both halves of 2026, and a person in both with records that disagree
    on country and sex (the largest of the year's records counts)."""
    kenya = CountryFactory(iso2="KE", iso3="KEN", unesco_region="africa")
    ghana = CountryFactory(iso2="GH", iso3="GHA", unesco_region="africa")
    pillars = [PillarFactory(code="P1"), PillarFactory(code="P2")]
    shared = uuid.uuid4()
    made = {}
    for name, day, languages, pillar, country, sex in (
        ("march", datetime.date(2026, 3, 4), ["en"], pillars[0], kenya, "female"),
        ("may", datetime.date(2026, 5, 6), ["fr"], pillars[1], ghana, "male"),
        ("october", datetime.date(2026, 10, 7), ["en", "ar"], pillars[0], None, ""),
    ):
        webinar = ActivityFactory(
            kind="webinar", start_date=day, languages=languages, pillars=[pillar]
        )
        ParticipationFactory(activity=webinar, person_key=shared, country=country, sex=sex)
        ParticipationFactory(activity=webinar, country=kenya, sex="male")
        made[name] = webinar
    made["pillars"] = pillars
    made["ghana"] = ghana
    return made


def _folded(monkeypatch) -> list[list[str]]:
    """The parameters of each statement whose rows are read (for the scope's dates: the
    first and last days, the last two, before any filter's)."""
    read: list[list[str]] = []
    original = indicators._persons_fold

    def spy(persons, rows):
        read.append([str(param) for param in rows.params])
        return original(persons, rows)

    monkeypatch.setattr(indicators, "_persons_fold", spy)
    return read


def test_the_ended_half_is_served_from_the_cache_while_its_records_are_unchanged(
    spring, monkeypatch
):
    """The second computation reads only July-December's records, with the same figures."""
    first = compute(SCOPE)
    read = _folded(monkeypatch)
    second = compute(SCOPE)
    assert [params[-2:] for params in read] == [["2026-07-01", "2026-12-31"]]
    assert _figures(second) == _figures(first)
    people = second.measures["webinars.people"]
    assert people.value == 4  # the shared person once, and three others
    assert (people.halves["2026-H1"], people.halves["2026-H2"]) == (3, 2)
    assert people.both_halves[2026] == 1
    assert people.dims["language"] == {"en": 3, "fr": 2, "ar": 2}
    # The shared person (English, French, Arabic) and October's other (English, Arabic).
    assert people.multi["language"] == 2
    assert people.multi["pillar"] == 1
    # The shared person's largest country (Ghana's id is above Kenya's) and sex.
    assert people.dims["country"] == {"KE": 3, "GH": 1}
    assert people.dims["sex"] == {"male": 4}


def test_a_year_that_has_ended_is_served_whole_from_the_cache(spring, monkeypatch):
    """In 2027 both halves of 2026 have ended: no record of 2026 is read again, and the
    persons of both halves merge as their records would (the shared person once)."""
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2027, 2, 1))
    first = compute(SCOPE)
    read = _folded(monkeypatch)
    second = compute(SCOPE)
    assert read == []
    assert _figures(second) == _figures(first) == _uncached(SCOPE)
    people = second.measures["webinars.people"]
    assert (people.value, people.both_halves[2026]) == (4, 1)
    assert people.dims["country"] == {"KE": 3, "GH": 1}


def test_a_half_that_has_not_ended_is_read_in_one_pass(spring, monkeypatch):
    """In May neither half has ended: the year's records are read together, every time."""
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 5, 15))
    compute(SCOPE)
    read = _folded(monkeypatch)
    compute(SCOPE)
    assert [params[-2:] for params in read] == [["2026-01-01", "2026-12-31"]]


def test_a_narrowed_scope_reads_every_record(spring, monkeypatch):
    """A region's scope depends on the countries' regions, which the half's version does
    not follow: it reads its records every time."""
    scope = Scope(year=2026, region="africa")
    compute(scope)
    read = _folded(monkeypatch)
    cached = _figures(compute(scope))
    assert [params[-3:] for params in read] == [["2026-01-01", "2026-12-31", "africa"]]
    assert cached == _uncached(scope)


def test_a_record_added_to_the_ended_half_is_counted_at_once(spring):
    compute(SCOPE)
    ParticipationFactory(activity=spring["may"], sex="female")
    people = compute(SCOPE).measures["webinars.people"]
    assert people.value == 5
    assert people.halves["2026-H1"] == 4
    assert _figures(compute(SCOPE)) == _uncached(SCOPE)


def test_an_edited_record_of_the_ended_half_is_counted_at_once(spring):
    """A record that no longer says the person attended, and one whose person's country
    changed, move the figures on the next computation."""
    compute(SCOPE)
    record = Participation.objects.get(activity=spring["march"], sex="male")
    record.attended = False
    record.save()
    record = Participation.objects.get(activity=spring["may"], sex="male", country=spring["ghana"])
    record.sex = "not_stated"
    record.save()
    people = compute(SCOPE).measures["webinars.people"]
    assert people.halves["2026-H1"] == 2
    assert people.dims["sex"]["not_stated"] == 1
    assert _figures(compute(SCOPE)) == _uncached(SCOPE)


def test_a_deleted_record_of_the_ended_half_is_uncounted_at_once(spring):
    compute(SCOPE)
    Participation.objects.filter(activity=spring["may"]).exclude(country=spring["ghana"]).delete()
    people = compute(SCOPE).measures["webinars.people"]
    assert people.value == 3
    assert _figures(compute(SCOPE)) == _uncached(SCOPE)


def test_an_activity_moved_out_of_the_ended_half_leaves_it_at_once(spring):
    """A May webinar re-dated to August leaves January-June and joins July-December."""
    compute(SCOPE)
    webinar = spring["may"]
    webinar.start_date = webinar.end_date = datetime.date(2026, 8, 3)
    webinar.save()
    people = compute(SCOPE).measures["webinars.people"]
    assert people.halves["2026-H1"] == 2
    assert people.halves["2026-H2"] == 3
    assert _figures(compute(SCOPE)) == _uncached(SCOPE)


def test_an_activity_of_the_ended_half_given_another_pillar_is_counted_at_once(spring):
    """Changing an activity's pillars (links, which leave the activity's own row as it
    was) moves its people in the pillar table."""
    before = compute(SCOPE).measures["webinars.people"].dims["pillar"]
    spring["march"].pillars.set([spring["pillars"][1]])
    assert before == {"P1": 3, "P2": 2}
    assert compute(SCOPE).measures["webinars.people"].dims["pillar"] == {"P1": 2, "P2": 3}
    assert _figures(compute(SCOPE)) == _uncached(SCOPE)


@pytest.mark.parametrize(
    "scope",
    [Scope(year=2026), Scope(year=2026, half=1), Scope(year=2026, half=2), Scope(year=2025)],
    ids=("year", "ended-half", "open-half", "past-year"),
)
def test_cached_figures_equal_the_uncached_computation(spring, scope):
    compute(scope)  # fills the cache
    assert _figures(compute(scope)) == _uncached(scope)


def test_a_signalled_change_keeps_the_ended_half_and_a_bare_call_drops_it(spring, monkeypatch):
    """A write through the programme's services signals its kinds and moves the half's
    version: the ended half stays kept until then. A write that bypassed them (a bulk
    update leaves `updated_at` as it was) is followed by `indicators_invalidate()`
    without arguments, which drops what is kept of the ended half-years too."""
    compute(SCOPE)
    indicators_invalidate(kinds={"participation"})
    read = _folded(monkeypatch)
    compute(SCOPE)
    assert [params[-2:] for params in read] == [["2026-07-01", "2026-12-31"]]
    Participation.objects.filter(activity=spring["march"]).update(attended=False)
    indicators_invalidate()
    read.clear()
    people = compute(SCOPE).measures["webinars.people"]
    assert [params[-2:] for params in read] == [
        ["2026-01-01", "2026-06-30"],
        ["2026-07-01", "2026-12-31"],
    ]
    assert people.halves["2026-H1"] == 2  # May's two; March's no longer attended
    assert _figures(compute(SCOPE)) == _uncached(SCOPE)

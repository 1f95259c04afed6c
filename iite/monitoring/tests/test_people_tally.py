"""The scope's people are tallied by PostgreSQL (one statement grouping the rows per person
with BIT_OR) or in Python (the rows grouped here, as on SQLite). On generated records both
give the figures of a count made person by person from the records, and the dashboard's
figures are the same whichever tallies them."""

from __future__ import annotations

import dataclasses
import datetime
import random
import uuid
from collections import defaultdict
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection

from iite.monitoring import indicators
from iite.monitoring.measures import PEOPLE_MEASURES, Scope, participation_in
from iite.programme.models import Activity
from iite.programme.tests.factories import ActivityFactory, ParticipationFactory
from iite.reference.tests.factories import CountryFactory
from iite.strategy.tests.factories import PillarFactory

pytestmark = pytest.mark.django_db

KINDS = (
    "webinar",
    "training",
    "round_table",
    "course",
    "global_conference",
    "competition",
    "other",
)
SCOPES = (
    Scope(year=2026),
    Scope(year=2026, half=1),
    Scope(year=2026, half=2),
    Scope(year=2026, region="africa"),
)


@pytest.fixture
def generated():
    """Random activities of every people measure's kinds and statuses in 2025-2026, and
    people who join several of them with records that disagree on country, sex and role."""
    rng = random.Random(15)
    countries = [
        CountryFactory(iso2=iso2, iso3=f"{iso2}X", unesco_region=region)
        for iso2, region in (("XK", "africa"), ("XL", "africa"), ("XM", "arab_states"))
    ]
    pillars = [PillarFactory(code="P1"), PillarFactory(code="P2"), PillarFactory(code="P3")]
    people = [uuid.uuid4() for _ in range(40)]
    for number in range(24):
        kind = rng.choice(KINDS)
        activity = ActivityFactory(
            code=f"{'community-' if kind == 'other' and rng.random() < 0.7 else 'gen-'}{number}",
            kind=kind,
            status=rng.choice(("completed", "ongoing", "ongoing", "planned")),
            start_date=datetime.date(rng.choice((2025, 2026, 2026, 2026)), rng.randint(1, 12), 9),
            languages=rng.sample(["en", "fr", "ar", "ru", "zh"], rng.randint(0, 3)),
            pillars=rng.sample(pillars, rng.randint(0, 3)),
        )
        for person in rng.sample(people, rng.randint(4, 18)):
            ParticipationFactory(
                activity=activity,
                person_key=person,
                country=rng.choice([*countries, None]),
                sex=rng.choice(("female", "male", "another", "not_stated", "")),
                person_role=rng.choice(("teacher", "teacher_trainer", "student", "parent", "")),
                role=rng.choice(("participant", "participant", "participant", "speaker")),
                attended=rng.random() < 0.6,
                completed=rng.random() < 0.4,
                certified=rng.random() < 0.3,
            )


def _expected(scope: Scope, values: list[tuple[str, str]]) -> indicators._Tally:
    """The tally counted person by person from the records, with the ORM's own filters."""
    n = len(PEOPLE_MEASURES)
    rows = participation_in(scope, PEOPLE_MEASURES, scope.start, scope.end)
    # A person's country, sex and role: the largest of their records in the scope.
    person: dict[Any, list[Any]] = {}
    for key, country, sex, role in rows.values_list(
        "person_key", "country_id", "sex", "person_role"
    ):
        largest = person.setdefault(key, [country, sex, role])
        largest[0] = max((c for c in (largest[0], country) if c is not None), default=None)
        largest[1], largest[2] = max(largest[1], sex), max(largest[2], role)
    values_of: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for activity in Activity.objects.filter(start_date__range=(scope.start, scope.end)):
        values_of[activity.pk] |= {("pillar", str(p.pk)) for p in activity.pillars.all()}
        values_of[activity.pk] |= {("language", language) for language in activity.languages}
    # Per measure and person: the halves and the pillars and languages they count in.
    counted: list[dict[Any, tuple[set[int], set[tuple[str, str]]]]] = [{} for _ in range(n)]
    for i, measure in enumerate(PEOPLE_MEASURES):
        for key, activity_id, start in rows.filter(measure.participation_condition()).values_list(
            "person_key", "activity_id", "activity__start_date"
        ):
            halves, found = counted[i].setdefault(key, (set(), set()))
            halves.add(1 if start.month <= 6 else 2)
            found |= values_of[activity_id]
    tally = indicators._Tally([], {}, {}, {}, [[0] * n for _ in values], {})
    tally.several = {"pillar": [0] * n, "language": [0] * n}
    for i in range(n):
        in_counted = counted[i].values()
        tally.trend.append(
            (
                sum(1 in halves for halves, _ in in_counted),
                sum(2 in halves for halves, _ in in_counted),
                len(counted[i]),
                sum(halves == {1, 2} for halves, _ in in_counted),
            )
        )
        for key, (_halves, found) in counted[i].items():
            country, sex, role = person[key]
            for table, cell in (
                (tally.by_country, country),
                (tally.by_sex, sex),
                (tally.by_role, role),
            ):
                table.setdefault(cell, [0] * n)[i] += 1  # type: ignore[attr-defined]
            for j, value in enumerate(values):
                tally.by_value[j][i] += value in found
            for dim in ("pillar", "language"):
                tally.several[dim][i] += sum(of == dim for of, _ in found) > 1
    return tally


def _tallies(scope: Scope) -> dict[str, indicators._Tally]:
    """The tally of each computation this database can run."""
    found = {"python": indicators._people_tally(scope, in_database=False)[1]}
    if connection.vendor == "postgresql":
        found["postgresql"] = indicators._people_tally(scope, in_database=True)[1]
    return found


@pytest.mark.parametrize("scope", SCOPES, ids=("year", "first-half", "second-half", "africa"))
def test_each_tally_is_the_count_person_by_person(generated, scope):
    values, chosen = indicators._people_tally(scope)
    expected = _expected(scope, values)
    assert sum(year for _h1, _h2, year, _both in expected.trend) > 10  # the data count people
    assert len(values) > 4
    for name, tally in {**_tallies(scope), "chosen": chosen}.items():
        assert dataclasses.asdict(tally) == dataclasses.asdict(expected), name


def test_the_dashboard_is_the_same_whichever_tallies(generated, monkeypatch):
    scope = Scope(year=2026)
    cache.clear()
    chosen = {code: dataclasses.asdict(v) for code, v in indicators.compute(scope).measures.items()}
    monkeypatch.setattr(indicators, "_tallied_in_database", lambda n, width: False)
    cache.clear()
    here = {code: dataclasses.asdict(v) for code, v in indicators.compute(scope).measures.items()}
    assert chosen == here
    assert chosen["webinars.people"]["value"] > 0
    assert chosen["webinars.people"]["dims"]["language"]

"""Every figure agrees with the records its drill-down lists (one definition per measure)."""

from __future__ import annotations

import pytest

from iite.monitoring import selectors
from iite.monitoring.indicators import MEASURES, Scope, compute

from .dataset import build

pytestmark = pytest.mark.django_db

# A year, each half, the next year, and every filter alone and together.
SCOPES = (
    Scope(2026),
    Scope(2026, half=1),
    Scope(2026, half=2),
    Scope(2027),
    Scope(2026, region="africa"),
    Scope(2026, region="europe_north_america"),
    Scope(2026, pillar="P1"),
    Scope(2026, objective="SO1"),
    Scope(2026, priority="gender"),
    Scope(2026, half=2, region="arab_states", pillar="P2"),
)
# Disaggregations whose rows are counts of the activities the drill-down lists.
ACTIVITY_ROWS = ("kind", "pillar", "country", "unesco_region", "priority_region", "language")


@pytest.fixture(scope="module")
def dataset(django_db_setup, django_db_blocker):
    """The generated records, built once for the module and removed after it."""
    with django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            build()
            yield {scope: compute(scope) for scope in SCOPES}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_the_data_set_reaches_every_measure(dataset):
    """The generated records give every measure a non-zero figure in some scope."""
    for code in MEASURES:
        assert any(c.measures[code].value for c in dataset.values()), code


@pytest.mark.parametrize("code", sorted(MEASURES))
def test_figure_equals_its_definition_and_drill_down(dataset, code):
    """compute()'s single pass and the measure's querysets give the same figure, and the
    drill-down lists exactly the activities whose records make it up."""
    measure = MEASURES[code]
    for scope, computation in dataset.items():
        value = computation.measures[code].value
        assert selectors.measure_count(measure, scope) == value, (code, scope)
        rows = selectors.figure_activities(measure, scope, public_only=False)
        listed = {row.activity.pk for row in rows}
        assert listed == set(measure.activities(scope).values_list("pk", flat=True)) or (
            measure.unit == "people"
            and listed <= set(measure.activities(scope).values_list("pk", flat=True))
        ), (code, scope)
        assert bool(rows) == bool(value), (code, scope)
        if measure.unit == "activities":
            assert len(rows) == value, (code, scope)
        if measure.unit == "people":
            people = (
                measure.people(scope)
                .filter(activity_id__in=listed)
                .values("person_key")
                .distinct()
                .count()
            )
            assert people + sum(row.aggregate for row in rows) == value, (code, scope)
            assert all(row.people or row.aggregate for row in rows), (code, scope)


@pytest.mark.parametrize(
    "code", sorted(code for code, m in MEASURES.items() if m.unit == "activities")
)
def test_activity_tables_match_their_drill_down(dataset, code):
    """Each row of an activity measure's tables counts the activities its drill-down lists."""
    measure = MEASURES[code]
    checked = 0
    for scope, computation in dataset.items():
        for dim in ACTIVITY_ROWS:
            for key, value in computation.measures[code].dims.get(dim, {}).items():
                if not key:
                    continue
                rows = selectors.figure_activities(
                    measure, scope, dim=dim, key=key, public_only=False
                )
                assert len(rows) == value, (code, scope, dim, key)
                checked += 1
    assert checked


@pytest.mark.parametrize("code", sorted(code for code, m in MEASURES.items() if m.unit == "people"))
def test_people_tables_match_their_drill_down(dataset, code):
    """A row of a people measure's sex or country table counts the distinct people its
    drill-down lists, plus no more than the aggregate records' people of the scope."""
    measure = MEASURES[code]
    scope = Scope(2026)
    dims = dataset[scope].measures[code].dims
    in_aggregates = sum(selectors.aggregate_amounts(measure, measure.aggregates(scope)).values())
    checked = 0
    for dim, field_name in (("sex", "sex"), ("country", "country__iso2")):
        for key, value in dims.get(dim, {}).items():
            if not key:
                continue
            rows = selectors.figure_activities(measure, scope, dim=dim, key=key, public_only=False)
            people = (
                measure.people(scope)
                .filter(**{field_name: key}, activity_id__in=[row.activity.pk for row in rows])
                .values("person_key")
                .distinct()
                .count()
            )
            assert people <= value <= people + in_aggregates, (code, dim, key)
            checked += 1
    assert checked


@pytest.mark.parametrize("code", sorted(MEASURES))
def test_halves_exceed_the_year_by_those_counted_in_both(dataset, code):
    """compute()'s count of people (countries, partners) in both halves of a year equals the
    measure's own reading of the records, and the halves exceed the year by exactly them."""
    measure = MEASURES[code]
    for scope, computation in dataset.items():
        values = computation.measures[code]
        both = values.both_halves.get(scope.year, 0)
        assert measure.in_both_halves(scope) == both, (code, scope)
        h1, h2 = values.halves[f"{scope.year}-H1"], values.halves[f"{scope.year}-H2"]
        if code == "partners.new" and (scope.pillar or scope.objective or scope.priority):
            # "New" reads a partner's first joint activity of any pillar: under a filter,
            # one new in January–June may show only in July–December, where it is not new.
            continue
        assert h1 + h2 - values.years[scope.year] == both, (code, scope)


def test_the_data_set_has_people_in_both_halves(dataset):
    """The generated records hold people counted in both halves, so the test above bites."""
    assert any(
        computation.measures[code].both_halves.get(scope.year)
        for scope, computation in dataset.items()
        for code, measure in MEASURES.items()
        if measure.unit == "people"
    )


@pytest.mark.parametrize("code", sorted(code for code, m in MEASURES.items() if m.unit == "people"))
def test_drill_down_totals_reconcile_rows_and_figure(dataset, code):
    """Distinct people plus aggregate people make the figure; the rows exceed the distinct
    people by the extra activities of the people counted in more than one row."""
    measure = MEASURES[code]
    for scope, computation in dataset.items():
        rows = selectors.figure_activities(measure, scope, public_only=False)
        totals = selectors.figure_totals(measure, scope, rows)
        assert totals is not None
        assert totals.figure == computation.measures[code].value, (code, scope)
        assert totals.participations >= totals.rows_people >= totals.people, (code, scope)
        assert (totals.rows_people > totals.people) == (totals.in_several > 0), (code, scope)
        assert bool(totals.rows_note) == (totals.rows_people != totals.people), (code, scope)

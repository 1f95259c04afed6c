"""The seven key indicators of section VII.2, defined as computations over records.

Nothing here is a typed total. Each sub-measure ("measure", in `measures.py`) names
the activities or participation records it counts, through public filters that the
figure pages' drill-down lists too; `compute()` counts them for a scope (a year or a
half-year, optionally narrowed to a pillar, objective, UNESCO region or priority) with
a fixed number of aggregate SQL queries built from the same filters, however many
records there are.

Rules, decided once for every indicator:

* An activity counts when its status is ongoing or completed (publications: completed,
  i.e. published) and belongs to the half-year in which it starts (`start_date`), so
  the two halves of a year add up to the year for counts of activities.
* A person counts once per sub-measure and period (`person_key`), however many
  activities they joined; a year counts a person once even if they took part in both
  halves. Deleted accounts keep their `person_key`, so they still count.
* "Engaged" means attended, completed or certified, or a role other than participant
  (speaker, organiser, judge, mentor). A registration alone is not engagement.
* Aggregate participation records count people who are not recorded individually
  (the model's rule), so they are added to the distinct count of individuals.
  Their people have the sex split and target group of the record, the country only
  when the record lists exactly one country, and the activity's languages and pillars.
* Disaggregation by country, UNESCO region and priority region uses the participant's
  country for people, the activity's target countries for activities, the partner's
  country for partners. Pillar and language are the activity's and can hold several
  values, so those tables can add up to more than the total. The key "" means
  "not recorded".
* Member States supported: the distinct countries that (a) a counted activity of any
  kind targets (`target_countries`) or (b) took part, through a participant or an
  aggregate record, in a counted policy-advice / technical-assistance activity.
  Member States and Associate Members are counted apart. Reported values that name a
  country add that country if records did not already count it.
* Partners: distinct partners linked to a counted activity of the period; "new" when
  their partnership began in the period (`measures.partnership_starts`: partner since).
"""

from __future__ import annotations

import datetime
import json
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Max,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone

from iite.core.caching import cache_bump, cache_get_or_set
from iite.core.disaggregation import Disaggregation, KeySpec, add_keys, sex_split
from iite.core.i18n import TranslatedText, as_translated
from iite.partners.models import Partner
from iite.programme.models import Activity, Participation
from iite.reference.models import Country, PriorityRegion, UnescoRegion

# The measures are defined in measures.py; their names stay importable from here too.
from .measures import (
    ACTIVITY_MEASURES,
    MEASURES,
    PEOPLE_MEASURES,
    WOMEN,
    Lookups,
    Scope,
    activities_in,
    aggregates_in,
    counted_activities,
    lookups_load,
    participation_in,
    partner_links,
    partnership_starts,
    supported_sources,
)
from .measures import ADVICE_KINDS as ADVICE_KINDS
from .measures import COUNTED_STATUSES as COUNTED_STATUSES
from .measures import DIMENSION_LABELS as DIMENSION_LABELS
from .measures import ENGAGED as ENGAGED
from .measures import FALLBACK_TARGET_GROUPS as FALLBACK_TARGET_GROUPS
from .measures import INDICATOR_BY_CODE as INDICATOR_BY_CODE
from .measures import INDICATORS as INDICATORS
from .measures import Indicator as Indicator
from .measures import Measure as Measure
from .models import ReportedValue

TARGETS_FILE = Path(__file__).resolve().parent / "data" / "targets_2026_2029.toml"


# --- Targets -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def targets() -> dict[str, Any]:
    """The reviewed targets file: baseline and yearly targets per sub-measure."""
    with TARGETS_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    return data


def targets_note() -> TranslatedText:
    """The file's note on its figures, in the reader's language (six languages in the file)."""
    return TranslatedText(as_translated(targets().get("note", ""), "en"), "en")


def strategy_years() -> tuple[int, int]:
    first, last = targets()["period"]
    return int(first), int(last)


def target_for(code: str, year: int) -> int | None:
    entry = targets()["measures"].get(code) or {}
    value = (entry.get("targets") or {}).get(str(year))
    return int(value) if value is not None else None


def baseline_for(code: str) -> tuple[int | None, int | None]:
    entry = targets()["measures"].get(code) or {}
    return entry.get("baseline"), entry.get("baseline_year")


# --- Half-years -----------------------------------------------------------------------


def half_keys(first: int, last: int) -> list[str]:
    return [f"{year}-H{half}" for year in range(first, last + 1) for half in (1, 2)]


def _half_boundaries(first: int, last: int) -> list[datetime.date]:
    bounds = []
    for year in range(first, last + 1):
        bounds += [datetime.date(year, 7, 1), datetime.date(year + 1, 1, 1)]
    return bounds


def _half_index(first: int, last: int, field_name: str) -> Case:
    """0 for the first half-year of `first`, 1 for its second half, and so on."""
    whens = [
        When(**{f"{field_name}__lt": bound}, then=Value(index))
        for index, bound in enumerate(_half_boundaries(first, last))
    ]
    return Case(*whens, default=Value(-1), output_field=IntegerField())


# --- Filters shared by every query -------------------------------------------------
#
# They are the measures' own (`measures.py`): compute() only adds the span of years.


# --- SQL helpers ---------------------------------------------------------------------


def _sql(qs: QuerySet[Any]) -> tuple[str, list[Any]]:
    sql, params = qs.order_by().query.sql_with_params()
    return sql, list(params)


def _json_elements(column: str) -> str:
    """A FROM-clause item listing the elements of a JSON array column, as `lang(value)`."""
    if connection.vendor == "postgresql":
        return f"CROSS JOIN LATERAL jsonb_array_elements_text({column}) AS lang(value)"
    return f"CROSS JOIN json_each({column}) AS lang"


def _fetch(sql: str, params: Sequence[Any], *, heavy: bool = False) -> list[tuple[Any, ...]]:
    """Run one statement; `heavy` ones run without PostgreSQL's JIT compiler.

    The planner's cost for a pass over a million rows switches JIT on, and compiling
    the statement takes longer (seconds) than running it.
    """
    if heavy and connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(sql, params)
            return list(cursor.fetchall())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _multi_sql(
    dim: str, unit: str, column: str, n: int, source: str, joins: str, where: str = "1 = 1"
) -> str:
    """Per measure, the units (people, activities) of `source` found under more than one
    value of `column` in `dim`'s table: counted from the records, never by subtraction."""
    distinct = ", ".join(
        f"COUNT(DISTINCT CASE WHEN {source}.m{i} = 1 THEN {column} END) AS n{i}" for i in range(n)
    )
    several = ", ".join(f"SUM(CASE WHEN n{i} > 1 THEN 1 ELSE 0 END)" for i in range(n))
    return (
        f"SELECT 'multi', '{dim}', {several} FROM ("  # noqa: S608
        f"SELECT {unit}, {distinct} FROM {source} {joins} WHERE {where} GROUP BY {unit}) z"
    )


def _m2m(model: type[Any], name: str) -> tuple[str, str, str]:
    field_ = model._meta.get_field(name)
    through = field_.remote_field.through
    return through._meta.db_table, field_.m2m_column_name(), field_.m2m_reverse_name()


# --- Lookups of small tables ---------------------------------------------------------


def _lookups() -> Lookups:
    return lookups_load()


# --- Results -------------------------------------------------------------------------


@dataclass
class MeasureValues:
    code: str
    value: int = 0
    halves: dict[str, int] = field(default_factory=dict)
    years: dict[int, int] = field(default_factory=dict)
    dims: dict[str, dict[str, int]] = field(default_factory=dict)
    reported: Decimal = Decimal("0")
    reported_halves: dict[str, Decimal] = field(default_factory=dict)
    reported_years: dict[int, Decimal] = field(default_factory=dict)
    # By year: the people (countries, partners) counted in both of its halves, which the
    # year counts once, so that January–June plus July–December exceeds the year by them.
    both_halves: dict[int, int] = field(default_factory=dict)
    # By table: the people (activities, countries, partners) of the scope counted in more
    # than one of its rows (a webinar in two languages, a teacher at events of two pillars),
    # so that the table's rows add up to more than the total.
    multi: dict[str, int] = field(default_factory=dict)

    def add_counted(self, keys: Iterable[tuple[str, str, int | None]], amount: int) -> None:
        """Add `amount` under `keys` (`Disaggregation.keys`), and count it in `multi` for
        each table where it falls in more than one row (parts split it, never double it)."""
        keys = list(keys)
        add_keys(self.dims, keys, amount)
        if not amount:
            return
        rows: dict[str, set[str]] = defaultdict(set)
        for dim, key, part in keys:
            if part is None:
                rows[dim].add(key)
        for dim, found in rows.items():
            if len(found) > 1:
                self.multi[dim] = self.multi.get(dim, 0) + amount

    def add_dim(self, dim: str, key: str, amount: int) -> None:
        if amount:
            bucket = self.dims.setdefault(dim, {})
            bucket[key] = bucket.get(key, 0) + amount


@dataclass
class Computation:
    scope: Scope
    first_year: int
    last_year: int
    measures: dict[str, MeasureValues]

    @property
    def halves(self) -> list[str]:
        return half_keys(self.first_year, self.last_year)


_NOWHERE: tuple[str, str, str, list[str]] = ("", "", "", [])


def _country(lookups: Lookups, country_id: int | None) -> tuple[str, str, str, list[str]]:
    """(iso2, UNESCO region, status, priority regions) of a country id; blanks for none."""
    found = lookups.countries.get(country_id) if country_id is not None else None
    return found or _NOWHERE


def _place(lookups: Lookups) -> dict[str, KeySpec]:
    """The country, UNESCO region and priority regions of a row's "country" id."""
    return {
        "country": lambda row: _country(lookups, row["country"])[0],
        "unesco_region": lambda row: _country(lookups, row["country"])[1],
        "priority_region": lambda row: _country(lookups, row["country"])[3],
    }


def _scope_half_keys(scope: Scope) -> list[str]:
    return [f"{scope.year}-H{h}" for h in ((scope.half,) if scope.half else (1, 2))]


# --- People --------------------------------------------------------------------------
#
# Two kinds of statement. The scope's pass reads only the scope's participation rows (as
# the dashboard's floor, one GROUP BY over the scope's year, does): its tables, its value
# and, for a whole year, that year's trend. The trend of every other year comes from a
# statement per year (or per run of open years); a closed year (one that ended before
# today) is kept in the cache under a version of its rows, so the dashboard made cold by
# a change recomputes only the years whose rows changed: the current one, as a rule.

# The closed years' trends: not in CACHE_NAMESPACE, whose every bump (any change to any
# record) would drop them; each entry's key holds the version of its own rows instead.
CLOSED_NAMESPACE = "monitoring:closed-years"
CLOSED_TIMEOUT = 7 * 24 * 3600


def _participation_base(
    scope: Scope, start: datetime.date, end: datetime.date, first: int, *, person: bool = True
) -> QuerySet[Any]:
    """One row per participation in the counted activities, with a 0/1 column per measure
    and `h_`, the half-year of the activity's start counted from January of `first`
    (0, 1 for `first`, 2, 3 for the next year...); with `person`, also the person's
    country, sex and role and the activity."""
    qs = participation_in(scope, PEOPLE_MEASURES, start, end)
    annotations: dict[str, Any] = {"pk_": F("person_key")}
    if person:
        annotations |= {
            "c_": F("country_id"),
            "s_": F("sex"),
            "r_": F("person_role"),
            "a_": F("activity_id"),
        }
    annotations["h_"] = _half_index(first, end.year, "activity__start_date")
    for index, measure in enumerate(PEOPLE_MEASURES):
        annotations[f"m{index}"] = Case(
            When(measure.participation_condition(), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return qs.annotate(**annotations).values(*annotations)


def _masks(source: str, n: int) -> str:
    """Per measure, the bit mask of a person's halves of one year in `source` (1: January
    to June, 2: July to December). Two plain MAXes rather than a bitwise OR: SQLite has
    none, and its SUM(DISTINCT) keeps a sorted set per group and measure."""
    return ", ".join(
        f"MAX(CASE WHEN {source}.h_ %% 2 = 0 THEN {source}.m{i} ELSE 0 END) + "
        f"2 * MAX(CASE WHEN {source}.h_ %% 2 = 1 THEN {source}.m{i} ELSE 0 END) AS k{i}"
        for i in range(n)
    )


# The four figures of a year's trend, from the person's mask `k` of that year.
_TREND = {
    "h1": "(k{i} & 1) <> 0",
    "h2": "(k{i} & 2) <> 0",
    "year": "k{i} <> 0",
    "both": "k{i} = 3",
}

# One year's people per measure: (January–June, July–December, the year, both halves).
YearTrend = list[tuple[int, int, int, int]]


def _trend_columns(n: int) -> str:
    return ", ".join(
        f"SUM(CASE WHEN {condition.format(i=i)} THEN 1 ELSE 0 END)"
        for i in range(n)
        for condition in _TREND.values()
    )


def _years_trend(scope: Scope, first: int, last: int) -> dict[int, YearTrend]:
    """The trend of the years `first` to `last` from their rows: one statement."""
    n = len(PEOPLE_MEASURES)
    base_sql, params = _sql(
        _participation_base(
            scope, datetime.date(first, 1, 1), datetime.date(last, 12, 31), first, person=False
        )
    )
    statement = (
        f"WITH per AS MATERIALIZED (SELECT b.pk_, b.h_ / 2 AS y_, {_masks('b', n)} "  # noqa: S608
        f"FROM ({base_sql}) b GROUP BY b.pk_, b.h_ / 2) "
        f"SELECT y_, {_trend_columns(n)} FROM per GROUP BY y_"
    )
    found: dict[int, YearTrend] = {year: [(0, 0, 0, 0)] * n for year in range(first, last + 1)}
    for row in _fetch(statement, params, heavy=True):
        if row[0] is None or int(row[0]) < 0:
            continue
        counts = [int(v or 0) for v in row[1:]]
        found[first + int(row[0])] = [
            (counts[4 * i], counts[4 * i + 1], counts[4 * i + 2], counts[4 * i + 3])
            for i in range(n)
        ]
    return found


def _year_version(scope: Scope, year: int) -> tuple[Any, ...]:
    """What changes whenever a row behind the year's trend changes (`_rows_version`)."""
    return _rows_version(scope, datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def _rows_version(scope: Scope, start: datetime.date, end: datetime.date) -> tuple[Any, ...]:
    """What changes whenever a row of the dates' activities changes: the number, highest
    id and latest change of those activities and of their participation records (a record
    deleted lowers the number, one added raises the highest id, one edited moves the
    latest change: the programme's services set `updated_at` on every write), and, for a
    scope narrowed by the strategy's framework, the links that place activities in it."""
    activities = Activity.objects.filter(start_date__gte=start, start_date__lte=end)
    version: list[Any] = [
        tuple(activities.aggregate(n=Count("pk"), top=Max("pk"), at=Max("updated_at")).values()),
        tuple(
            Participation.objects.filter(activity_id__in=activities.values("pk"))
            .aggregate(n=Count("pk"), top=Max("pk"), at=Max("updated_at"))
            .values()
        ),
    ]
    for name, relation in (
        (scope.pillar, "pillars"),
        (scope.objective, "objectives"),
        (scope.priority, "priorities"),
    ):
        if name:
            through = Activity._meta.get_field(relation).remote_field.through  # type: ignore[union-attr]
            version.append(tuple(through.objects.aggregate(n=Count("pk"), top=Max("pk")).values()))
    return tuple(version)


def _closed_year_trend(scope: Scope, year: int) -> YearTrend:
    """A closed year's trend, from the cache while its rows are as they were."""
    filters = (scope.pillar, scope.objective, scope.region, scope.priority)
    # The statement's own text is part of the key: a change to a measure's definition
    # (a new release) never reads a trend counted the old way.
    statement = _sql(
        _participation_base(
            scope, datetime.date(year, 1, 1), datetime.date(year, 12, 31), year, person=False
        )
    )
    version = _year_version(scope, year)
    if not version[1][0]:
        # No participation record in that year: nothing to count, nothing to keep.
        return [(0, 0, 0, 0)] * len(PEOPLE_MEASURES)
    return cache_get_or_set(
        CLOSED_NAMESPACE,
        year,
        filters,
        statement,
        version,
        build=lambda: _years_trend(scope, year, year)[year],
        timeout=CLOSED_TIMEOUT,
    )


def _year_closed(year: int) -> bool:
    return year < timezone.localdate().year


def _people(
    scope: Scope, first: int, last: int, result: dict[str, MeasureValues], lookups: Lookups
) -> None:
    """Distinct people per measure: the scope's tables and value, then the trend of every
    half-year and year of the period."""
    for measure in PEOPLE_MEASURES:
        values = result[measure.code]
        values.halves = dict.fromkeys(half_keys(first, last), 0)
        values.years = dict.fromkeys(range(first, last + 1), 0)
        values.both_halves = dict.fromkeys(range(first, last + 1), 0)
    trend: dict[int, YearTrend] = {}
    scope_trend = _people_scope(scope, result, lookups)
    if not scope.half:
        trend[scope.year] = scope_trend
    # Each closed year from the cache (or its own statement), the open years together.
    open_years: list[int] = []
    for year in range(first, last + 1):
        if year in trend:
            continue
        if _year_closed(year):
            trend[year] = _closed_year_trend(scope, year)
        else:
            open_years.append(year)
    while open_years:
        # A run of consecutive open years (the scope's own year, already counted, splits them).
        run = [open_years.pop(0)]
        while open_years and open_years[0] == run[-1] + 1:
            run.append(open_years.pop(0))
        trend.update(_years_trend(scope, run[0], run[-1]))
    for year, per_measure in trend.items():
        for measure, (h1, h2, in_year, both) in zip(PEOPLE_MEASURES, per_measure, strict=True):
            values = result[measure.code]
            values.halves[f"{year}-H1"] = h1
            values.halves[f"{year}-H2"] = h2
            values.years[year] = in_year
            values.both_halves[year] = both


def _activity_values(scope: Scope) -> tuple[list[tuple[str, str]], dict[int, int]]:
    """The pillars and languages of the activities starting in the scope's dates: the
    list of (table, key) and, per activity, the bit mask of its values in that list."""
    activities = Activity.objects.filter(start_date__gte=scope.start, start_date__lte=scope.end)
    pillars_of: dict[int, set[str]] = defaultdict(set)
    for activity_id, pillar_id in Activity.pillars.through.objects.filter(
        activity_id__in=activities.values("pk")
    ).values_list("activity_id", "programmepillar_id"):
        pillars_of[activity_id].add(str(pillar_id))
    # The languages as stored (JSON text), decoded once per distinct list.
    decoded: dict[Any, set[str]] = {}
    languages_of: dict[int, set[str]] = {}
    for activity_id, listed in activities.values_list("pk", Cast("languages", CharField())):
        if listed not in decoded:
            decoded[listed] = {str(language) for language in json.loads(listed or "[]") or []}
        languages_of[activity_id] = decoded[listed]
    values = sorted({("pillar", key) for keys in pillars_of.values() for key in keys}) + sorted(
        {("language", key) for keys in languages_of.values() for key in keys}
    )
    bit = {value: 1 << index for index, value in enumerate(values)}
    masks: dict[int, int] = defaultdict(int)
    for activity_id, keys in pillars_of.items():
        for key in keys:
            masks[activity_id] |= bit[("pillar", key)]
    for activity_id, keys in languages_of.items():
        for key in keys:
            masks[activity_id] |= bit[("language", key)]
    return values, dict(masks)


# The scope's people tallied for its tables, per measure (lists indexed like
# PEOPLE_MEASURES): the people of January–June, of July–December, of the year and of both
# halves; the people of the year by their country, by sex and by role (each table of
# `people_by` reads one of the three); by pillar and language value (the `values` of
# `_activity_values`); and per table, the people under several of its values.
@dataclass
class _Tally:
    trend: list[tuple[int, int, int, int]]
    by_country: dict[int | None, list[int]]
    by_sex: dict[str, list[int]]
    by_role: dict[str, list[int]]
    by_value: list[list[int]]
    several: dict[str, list[int]]


@dataclass
class _ScopeRows:
    """The statement of the scope's participation rows (columns of `_participation_base`:
    a column per measure for PostgreSQL's tally, one key `k_` for Python's) and what a
    tally reads beside them: the number of people measures, the pillar and language
    values and each activity's mask of them."""

    sql: str
    params: list[Any]
    n: int
    values: list[tuple[str, str]]
    activity_masks: dict[int, int]


def _value_bits(values: list[tuple[str, str]]) -> dict[str, int]:
    """Per table (pillar, language), the bits of its values in an activity's mask."""
    return {
        dim: sum(1 << j for j, (of, _key) in enumerate(values) if of == dim)
        for dim in ("pillar", "language")
    }


@dataclass
class _Persons:
    """The persons of the scope's rows, as the Python tally keeps them: a column per
    figure, a person's place in the columns by their key. Country, sex and role are the
    largest of their records (as SQL's MAX: a country over none); `halves` packs per
    measure the mask of the half-years they count in (2 bits a measure), `values` that
    of the pillars and languages of the activities they count in (`len(values)` bits a
    measure); both merge by a bitwise OR. Columns of plain values rather than a list per
    person: tens of thousands of small lists take longer to make, and the garbage
    collector walks them again and again while they are made (a sixth of the
    dashboard's cold time at scale 1); and the columns are what the cache keeps of a
    half-year that has ended."""

    index: dict[Any, int] = field(default_factory=dict)
    countries: list[Any] = field(default_factory=list)
    sexes: list[Any] = field(default_factory=list)
    roles: list[Any] = field(default_factory=list)
    halves: list[int] = field(default_factory=list)
    values: list[int] = field(default_factory=list)

    def columns(self) -> _PersonColumns:
        return (list(self.index), self.countries, self.sexes, self.roles, self.halves, self.values)


# The persons as the cache keeps them: keys (in the columns' order), countries, sexes,
# roles, halves, values.
_PersonColumns = tuple[list[Any], list[Any], list[Any], list[Any], list[int], list[int]]


def _persons_fold(persons: _Persons, rows: _ScopeRows) -> None:
    """The rows (person, country, sex, role, and `k_`: the activity, the measures the row
    counts for and its half in one number) added to `persons`, in the order the database
    returns them (a hash, where SQLite would sort every row by person)."""
    n, values, activity_masks = rows.n, rows.values, rows.activity_masks
    width = len(values)
    every_measure = (1 << n) - 1
    by_parts: dict[tuple[int, int, int], tuple[int, int]] = {}
    packed: dict[int, tuple[int, int]] = {}

    def pack(key: int) -> tuple[int, int]:
        """What a row of `key` adds to its person's halves and values."""
        counted, half = key >> 1 & every_measure, key & 1
        parts = (counted, half, activity_masks.get(key >> (n + 1), 0))
        adds = by_parts.get(parts)
        if adds is None:
            halves_ = values_ = 0
            for i in range(n):
                if counted >> i & 1:
                    halves_ |= (1 << half) << (2 * i)
                    values_ |= parts[2] << (width * i)
            adds = by_parts[parts] = (halves_, values_)
        packed[key] = adds
        return adds

    packed_of = packed.get
    with connection.cursor() as cursor:
        cursor.execute(rows.sql, rows.params)
        while chunk := cursor.fetchmany(10_000):
            _persons_add(
                persons,
                [(pk, c, s, r, *(packed_of(key) or pack(key))) for pk, c, s, r, key in chunk],
            )


def _persons_merge(persons: _Persons, columns: _PersonColumns) -> None:
    """The persons of `columns` (another half-year's) added to `persons`, as their rows
    would have been."""
    if not persons.index:
        keys, countries, sexes, roles, halves, values = columns
        persons.index = dict(zip(keys, range(len(keys)), strict=True))
        persons.countries, persons.sexes, persons.roles = list(countries), list(sexes), list(roles)
        persons.halves, persons.values = list(halves), list(values)
        return
    _persons_add(persons, zip(*columns, strict=True))


def _persons_add(persons: _Persons, rows: Iterable[tuple[Any, Any, Any, Any, int, int]]) -> None:
    """Rows of (person's key, country, sex, role, halves, values) added to `persons`: a
    new person gets a place in the columns; one already there keeps the largest
    country, sex and role and the OR of the masks."""
    index, countries, sexes, roles = persons.index, persons.countries, persons.sexes, persons.roles
    halves, values_of = persons.halves, persons.values
    place_of = index.get
    add_country, add_sex, add_role = countries.append, sexes.append, roles.append
    add_halves, add_values = halves.append, values_of.append
    for pk, country, sex, role, halves_, values_ in rows:
        at = place_of(pk)
        if at is None:
            index[pk] = len(countries)
            add_country(country)
            add_sex(sex)
            add_role(role)
            add_halves(halves_)
            add_values(values_)
            continue
        largest = countries[at]
        if country is not None and (largest is None or country > largest):
            countries[at] = country
        if sex > sexes[at]:
            sexes[at] = sex
        if role > roles[at]:
            roles[at] = role
        if halves_:
            halves[at] |= halves_
            values_of[at] |= values_


def _persons_tally(persons: _Persons, n: int, values: list[tuple[str, str]]) -> _Tally:
    """The scope's tables from its persons: each counts persons, never records.

    Persons alike are counted together: by their halves' mask for the trend, by their
    country, sex, role and that mask for the cells, and by each measure's mask of values
    for the pillar and language tables (tens of thousands of persons, a few hundred
    masks)."""
    width = len(values)
    every_value = (1 << width) - 1
    by_halves = Counter(persons.halves)
    by_cell = Counter(
        zip(persons.countries, persons.sexes, persons.roles, persons.halves, strict=True)
    )
    by_values = Counter(persons.values)
    # Persons who count in no measure (records of the scope's activities that no
    # measure counts) are in none of the tables.
    by_halves.pop(0, None)
    # The measures a halves' mask counts in, and the trend from the masks.
    measures_of: dict[int, list[int]] = {}
    trend = [[0, 0, 0, 0] for _ in range(n)]
    for halves_, people in by_halves.items():
        measures_of[halves_] = []
        for i in range(n):
            mask = halves_ >> (2 * i) & 3
            if not mask:
                continue
            measures_of[halves_].append(i)
            counts = trend[i]
            counts[0] += people * (mask & 1)
            counts[1] += people * (mask >> 1)
            counts[2] += people
            counts[3] += people * (mask == 3)
    cells: dict[tuple[Any, str, str], list[int]] = {}
    for (country, sex, role, halves_), people in by_cell.items():
        if not halves_:
            continue
        cell = cells.get((country, sex, role))
        if cell is None:
            cell = cells[(country, sex, role)] = [0] * n
        for i in measures_of[halves_]:
            cell[i] += people
    # Per measure, the people of each mask of values.
    by_mask: Counter[tuple[int, int]] = Counter()
    for values_, people in by_values.items():
        if not values_:
            continue
        for i in range(n):
            found = values_ >> (width * i) & every_value
            if found:
                by_mask[(i, found)] += people
    by_value = [[0] * n for _ in values]
    several = {"pillar": [0] * n, "language": [0] * n}
    dim_bits = list(_value_bits(values).items())
    for (i, found), people in by_mask.items():
        for dim, bits in dim_bits:
            if (found & bits).bit_count() > 1:
                several[dim][i] += people
        j = 0
        while found:
            if found & 1:
                by_value[j][i] += people
            found >>= 1
            j += 1
    tally = _Tally(
        [(h1, h2, in_year, both) for h1, h2, in_year, both in trend],
        {},
        {},
        {},
        by_value,
        several,
    )

    def add(table: dict[Any, list[int]], key: Any, cell: list[int]) -> None:
        total = table.setdefault(key, [0] * n)
        for i, amount in enumerate(cell):
            total[i] += amount

    for (country, sex, role), cell in cells.items():
        add(tally.by_country, country, cell)
        add(tally.by_sex, sex, cell)
        add(tally.by_role, role, cell)
    return tally


def _tally_here(
    scope: Scope, n: int, values: list[tuple[str, str]], masks: dict[int, int]
) -> _Tally:
    """The scope's rows grouped per person in Python, then tallied.

    A half-year that has ended (the first half of the current year, every half of a past
    one) is kept in the cache as its persons (`_closed_half_persons`), so a dashboard
    made cold by a change reads again only the open half-year's records; the persons of
    the two halves merge as their rows would (the largest country, sex and role; the OR
    of the masks). A scope narrowed by pillar, objective, priority or region reads all
    its rows, as before: what places a record in it (the framework's links, a country's
    region) is not in the half-year's version."""
    # The activity, the measures the row counts for (bit i + 1: measure i) and its
    # half-year (bit 0: 0 or 1 in the scope's year) as one number: one column to read and
    # one key to look up for each of the scope's rows.
    key = sum(
        (
            Case(
                When(measure.participation_condition(), then=Value(2 << i)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for i, measure in enumerate(PEOPLE_MEASURES)
        ),
        start=F("a_") * (1 << (n + 1)) + F("h_"),
    )

    def rows_of(start: datetime.date, end: datetime.date) -> _ScopeRows:
        base = _participation_base(scope, start, end, scope.year).annotate(k_=key)
        sql, params = _sql(base.values("pk_", "c_", "s_", "r_", "k_"))
        return _ScopeRows(sql, params, n, values, masks)

    persons = _Persons()
    halves = (scope.half,) if scope.half else (1, 2)
    today = timezone.localdate()
    narrowed = scope.pillar or scope.objective or scope.priority or scope.region
    if narrowed or _half_end(scope.year, halves[0]) >= today:
        # Nothing ended to keep: one pass over the scope's rows.
        _persons_fold(persons, rows_of(scope.start, scope.end))
        return _persons_tally(persons, n, values)
    for half in halves:
        rows = rows_of(_half_start(scope.year, half), _half_end(scope.year, half))
        if _half_end(scope.year, half) < today:
            _persons_merge(persons, _closed_half_persons(scope, half, rows))
        else:
            _persons_fold(persons, rows)
    return _persons_tally(persons, n, values)


def _half_start(year: int, half: int) -> datetime.date:
    return datetime.date(year, 1 if half == 1 else 7, 1)


def _half_end(year: int, half: int) -> datetime.date:
    return datetime.date(year, 6, 30) if half == 1 else datetime.date(year, 12, 31)


def _closed_half_persons(scope: Scope, half: int, rows: _ScopeRows) -> _PersonColumns:
    """The persons of a half-year of the scope's that has ended (its `rows`), from the
    cache while its records are as they were.

    Kept apart from the figures' namespace (which every change anywhere bumps), under
    what they are computed from: the rows' statement and parameters (the measures'
    definitions), the scope's pillar and language values (their bits), each activity's
    mask of them (an activity given another pillar changes it) and the version of the
    half-year's activities and participation records (`_rows_version`)."""
    start, end = _half_start(scope.year, half), _half_end(scope.year, half)
    version = _rows_version(scope, start, end)
    if not version[1][0]:
        # No participation record in that half-year: no person, nothing to keep.
        return [], [], [], [], [], []
    in_half = Activity.objects.filter(start_date__gte=start, start_date__lte=end).values_list(
        "pk", flat=True
    )
    masks = tuple(
        sorted((pk, rows.activity_masks[pk]) for pk in in_half if pk in rows.activity_masks)
    )

    def build() -> _PersonColumns:
        persons = _Persons()
        _persons_fold(persons, rows)
        return persons.columns()

    return cache_get_or_set(
        CLOSED_NAMESPACE,
        "people",
        rows.sql,
        rows.params,
        rows.values,
        masks,
        version,
        build=build,
        timeout=CLOSED_TIMEOUT,
    )


# The largest number of measures tallied by the database: a row's measures (bit i:
# measure i) index a list of 2**n spreads, one bit per measure `width` bits apart.
_DATABASE_MEASURES = 12
# PostgreSQL's integers hold 63 bits.
_BIGINT_BITS = 63


def _tallied_in_database(n: int, width: int) -> bool:
    """Whether the scope's people are tallied by the database: PostgreSQL, which has a
    hash aggregate and BIT_OR, when each measure's values fit in its 64-bit integers.
    SQLite sorts for every GROUP BY: Python's hash is faster there."""
    return connection.vendor == "postgresql" and n <= _DATABASE_MEASURES and width <= _BIGINT_BITS


def _tally_in_database(rows: _ScopeRows) -> _Tally:
    """`_tally_here`'s figures from one PostgreSQL statement: per person, the largest
    country, sex and role of their rows (byte order, as Python compares text) and the
    bitwise OR of the rows' measures per half and of their activities' values per
    measure; then the people per country, sex, role and value, counted there, so a few
    hundred rows come back rather than the scope's participation records."""
    n, values, activity_masks = rows.n, rows.values, rows.activity_masks
    width = len(values)
    # The measures' values packed `per` measures to an integer: an activity's mask times
    # the spread of the row's measures (bit width * i for measure i) puts the mask in the
    # place of each measure the row counts for (the places never overlap, so no carry).
    per = min(n, _BIGINT_BITS // width) if width else n
    packs = range(0, n, per) if width else range(0)
    spreads = [
        [sum(1 << (width * (i - first)) for i in range(first, min(n, first + per)) if b >> i & 1)
         for b in range(1 << n)]
        for first in packs
    ]  # fmt: skip
    packed = ", ".join(
        f"BIT_OR(COALESCE(m.v, 0) * (%s::bigint[])[b.b_ + 1]) AS v{k}" for k in range(len(spreads))
    )

    def place(i: int) -> tuple[str, int]:
        """The packed column of measure i and its shift in it."""
        return f"v{i // per}", width * (i % per)

    halves = ", ".join(
        f"COUNT(*) FILTER (WHERE h1 & {1 << i} <> 0), "
        f"COUNT(*) FILTER (WHERE h2 & {1 << i} <> 0), "
        f"COUNT(*) FILTER (WHERE (h1 | h2) & {1 << i} <> 0), "
        f"COUNT(*) FILTER (WHERE h1 & h2 & {1 << i} <> 0)"
        for i in range(n)
    )
    in_year = ", ".join(f"COUNT(*) FILTER (WHERE (h1 | h2) & {1 << i} <> 0)" for i in range(n))
    per_value = [
        f"COUNT(*) FILTER (WHERE {place(i)[0]} & {1 << (place(i)[1] + j)} <> 0)"
        for j in range(width)
        for i in range(n)
    ]
    # More than one of a table's values: x & (x - 1) keeps all but the lowest bit of x.
    # (No activity of the scope has a pillar or language: nobody is under several.)
    per_value += [
        f"COUNT(*) FILTER (WHERE (({place(i)[0]} >> {place(i)[1]}) & {bits}) "
        f"& ((({place(i)[0]} >> {place(i)[1]}) & {bits}) - 1) <> 0)"
        if width
        else "0"
        for bits in _value_bits(values).values()
        for i in range(n)
    ]
    # The measures a row counts for, as one number (bit i: measure i).
    bits = " + ".join(f"r.m{i} * {1 << i}" for i in range(n))
    statement = (
        # OFFSET 0 keeps the records' columns (the measures' conditions) computed once per
        # row, rather than once per reference.
        f"WITH per AS MATERIALIZED (SELECT MAX(b.c_) AS c_, "  # noqa: S608
        f'MAX(b.s_ COLLATE "C") AS s_, MAX(b.r_ COLLATE "C") AS r_, '
        f"BIT_OR(CASE WHEN b.h_ %% 2 = 0 THEN b.b_ ELSE 0 END) AS h1, "
        f"BIT_OR(CASE WHEN b.h_ %% 2 = 0 THEN 0 ELSE b.b_ END) AS h2"
        f"{', ' if packed else ''}{packed} "
        f"FROM (SELECT r.pk_, r.c_, r.s_, r.r_, r.a_, r.h_, {bits} AS b_ "
        f"FROM ({rows.sql}) r OFFSET 0) b "
        f"LEFT JOIN unnest(%s::bigint[], %s::bigint[]) AS m(a, v) ON m.a = b.a_ "
        f"GROUP BY b.pk_) "
        f"SELECT GROUPING(c_, s_, r_), c_, s_, r_, ARRAY[{in_year}] FROM per "
        f"WHERE (h1 | h2) <> 0 GROUP BY GROUPING SETS ((c_), (s_), (r_)) "
        f"UNION ALL SELECT -1, NULL, NULL, NULL, ARRAY[{', '.join([halves, *per_value])}] "
        f"FROM per"
    )
    ids = list(activity_masks)
    masks = [activity_masks[activity_id] for activity_id in ids]
    tally = _Tally([], {}, {}, {}, [], {})
    with transaction.atomic(), connection.cursor() as cursor:
        # The people of a year at scale (tens of thousands, a few integers each) fit a
        # hash in memory with a little more than the default work_mem, where the planner
        # would otherwise sort them on disk; and no JIT (see `_fetch`).
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(statement, [*spreads, *rows.params, ids, masks])
        for grouping, country, sex, role, counts in cursor.fetchall():
            counts = [int(count) for count in counts]
            # GROUPING(c_, s_, r_) has a bit set per column rolled up: 3 for the rows
            # by country, 5 by sex, 6 by role; -1 is the row of the whole scope.
            if grouping == 3:
                tally.by_country[country] = counts
            elif grouping == 5:
                tally.by_sex[sex] = counts
            elif grouping == 6:
                tally.by_role[role] = counts
            else:
                tally.trend = [tuple(counts[4 * i : 4 * i + 4]) for i in range(n)]  # type: ignore[misc]
                rest = counts[4 * n :]
                tally.by_value = [rest[n * j : n * (j + 1)] for j in range(width)]
                tally.several = {
                    dim: rest[n * (width + k) : n * (width + k + 1)]
                    for k, dim in enumerate(("pillar", "language"))
                }
    return tally


def _people_tally(
    scope: Scope, *, in_database: bool | None = None
) -> tuple[list[tuple[str, str]], _Tally]:
    """The scope's pillar and language values and its people tallied, by PostgreSQL when
    it can (`in_database` None) or as told (a test compares the two)."""
    n = len(PEOPLE_MEASURES)
    values, activity_masks = _activity_values(scope)
    if in_database is None:
        in_database = _tallied_in_database(n, len(values))
    if in_database:
        base = _participation_base(scope, scope.start, scope.end, scope.year)
        sql, params = _sql(
            base.values("pk_", "c_", "s_", "r_", "a_", "h_", *(f"m{i}" for i in range(n)))
        )
        return values, _tally_in_database(_ScopeRows(sql, params, n, values, activity_masks))
    return values, _tally_here(scope, n, values, activity_masks)


def _people_scope(scope: Scope, result: dict[str, MeasureValues], lookups: Lookups) -> YearTrend:
    """The scope's people: its value and tables per measure, from the scope's rows only;
    returns the trend of the scope's rows (that of its year when the scope is a year).

    One pass over the scope's participation rows, grouped per person (by PostgreSQL, or
    here on SQLite): each person gets, per measure, the mask of the halves they count in
    and the pillars and languages of the activities they count in, and their country,
    sex and role in the scope's records (the largest, as SQL's MAX). Every table then
    counts persons, never participation rows.
    """
    values, tally = _people_tally(scope)
    # Each of the people's tables reads one of their country, sex and role: the people
    # of each country (sex, role) are added under its rows.
    people_by = (
        ("country", Disaggregation(_place(lookups)), tally.by_country),
        ("sex", Disaggregation({"sex": "sex"}), tally.by_sex),
        (
            "role",
            Disaggregation(
                {"target_group": lambda row: lookups.role_groups.get(row["role"] or "", []) or [""]}
            ),
            tally.by_role,
        ),
    )
    values_by = {
        "pillar": Disaggregation(
            {"pillar": lambda row: lookups.pillars.get(int(row["pillar"] or 0), "")}
        ),
        "language": Disaggregation({"language": "language"}),
    }
    for column, disaggregation, counted in people_by:
        for key, counts in counted.items():  # type: ignore[attr-defined]
            keys = disaggregation.keys({column: key})
            # Those under several rows of a table (a country's priority regions, a
            # role's target groups) are counted where they are added.
            for measure, amount in zip(PEOPLE_MEASURES, counts, strict=True):
                result[measure.code].add_counted(keys, amount)
    for (of, value_key), counts in zip(values, tally.by_value, strict=True):
        keys = values_by[of].keys({of: value_key})
        for measure, amount in zip(PEOPLE_MEASURES, counts, strict=True):
            add_keys(result[measure.code].dims, keys, amount)
    for dim, counts in tally.several.items():
        for measure, amount in zip(PEOPLE_MEASURES, counts, strict=True):
            if amount:
                multi = result[measure.code].multi
                multi[dim] = multi.get(dim, 0) + amount
    # The scope counts each person once, whichever of its halves they took part in.
    for measure, (_h1, _h2, in_year, _both) in zip(PEOPLE_MEASURES, tally.trend, strict=True):
        result[measure.code].value += in_year
    return list(tally.trend)


def _aggregates(
    scope: Scope, first: int, last: int, result: dict[str, MeasureValues], lookups: Lookups
) -> None:
    """People in aggregate records: added to the trend and, within the scope, to each table."""
    rows = list(
        aggregates_in(
            scope, PEOPLE_MEASURES, datetime.date(first, 1, 1), datetime.date(last, 12, 31)
        )
        .annotate(n_countries=Count("countries", distinct=True), one_country=Max("countries__id"))
        .values_list(
            "activity_id",
            "activity__kind",
            "activity__status",
            "activity__start_date",
            "activity__languages",
            "role",
            "total",
            "female",
            "male",
            "another",
            "not_stated",
            "completed",
            "certified",
            "target_group_id",
            "n_countries",
            "one_country",
        )
    )
    if not rows:
        return
    pillar_rows = Activity.pillars.through.objects.filter(
        activity_id__in={row[0] for row in rows}
    ).values_list("activity_id", "programmepillar_id")
    pillars_of: dict[int, list[str]] = defaultdict(list)
    for activity_id, pillar_id in pillar_rows:
        pillars_of[activity_id].append(lookups.pillars.get(pillar_id, ""))
    # A record's people: its sex split, target group, one country (a record over several
    # has none) and the activity's languages and pillars.
    aggregate_by = Disaggregation(
        {
            "sex": "sex",
            "target_group": "group",
            **_place(lookups),
            "language": lambda row: [str(language) for language in row["languages"]],
            "pillar": "pillars",
        }
    )
    for (
        activity_id,
        kind,
        status,
        start_date,
        languages,
        role,
        total,
        female,
        male,
        another,
        not_stated,
        completed,
        certified,
        target_group_id,
        n_countries,
        one_country,
    ) in rows:
        group = lookups.target_groups.get(target_group_id, "") if target_group_id else ""
        teacher_or_student = lookups.teacher_or_student(target_group_id)
        half = f"{start_date.year}-H{1 if start_date.month <= 6 else 2}"
        in_scope = scope.start <= start_date <= scope.end
        for measure in PEOPLE_MEASURES:
            if not measure.counts_kind(kind, status):
                continue
            code = measure.code
            amount, split = measure.aggregate_amount(
                role, total, female, completed, certified, teacher_or_student
            )
            if not amount:
                continue
            values = result[code]
            values.halves[half] = values.halves.get(half, 0) + amount
            values.years[start_date.year] = values.years.get(start_date.year, 0) + amount
            if not in_scope:
                continue
            values.value += amount
            sex: Any = ""
            if split:
                sex = sex_split(total, female, male, another, not_stated)
            elif measure.aggregate_rule == WOMEN:
                sex = "female"
            record = {
                "sex": sex,
                "group": group,
                # Under a region filter, aggregates_in() kept records of one country there.
                "country": one_country if n_countries == 1 else None,
                "languages": set(languages or []),
                "pillars": pillars_of.get(activity_id, []),
            }
            values.add_counted(aggregate_by.keys(record), amount)


# --- Activities ----------------------------------------------------------------------


def _activities(
    scope: Scope, first: int, last: int, result: dict[str, MeasureValues], lookups: Lookups
) -> None:
    qs = activities_in(
        scope, ACTIVITY_MEASURES, datetime.date(first, 1, 1), datetime.date(last, 12, 31)
    )
    annotations: dict[str, Any] = {
        "id_": F("id"),
        "k_": F("kind"),
        "l_": F("languages"),
        "h_": _half_index(first, last, "start_date"),
        "s_": Case(
            When(start_date__gte=scope.start, start_date__lte=scope.end, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    }
    for index, measure in enumerate(ACTIVITY_MEASURES):
        annotations[f"m{index}"] = Case(
            When(measure.activity_condition(), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    sql, params = _sql(qs.annotate(**annotations).values(*annotations))
    n = len(ACTIVITY_MEASURES)
    counts = ", ".join(f"COUNT(DISTINCT CASE WHEN m{i} = 1 THEN act.id_ END)" for i in range(n))
    pillars = _m2m(Activity, "pillars")
    targets_ = _m2m(Activity, "target_countries")
    groups = _m2m(Activity, "target_groups")
    country_table = Country._meta.db_table
    priority = _m2m(Country, "priority_regions")
    statement = (
        f"WITH act AS MATERIALIZED ({sql}) "  # noqa: S608
        f"SELECT 'half', CAST(h_ AS TEXT), {counts} FROM act GROUP BY h_ "
        f"UNION ALL SELECT 'kind', k_, {counts} FROM act WHERE s_ = 1 GROUP BY k_ "
        f"UNION ALL SELECT 'pillar', CAST(t.{pillars[2]} AS TEXT), {counts} FROM act "
        f"JOIN {pillars[0]} t ON t.{pillars[1]} = act.id_ WHERE s_ = 1 GROUP BY t.{pillars[2]} "
        f"UNION ALL SELECT 'target_group', CAST(t.{groups[2]} AS TEXT), {counts} FROM act "
        f"JOIN {groups[0]} t ON t.{groups[1]} = act.id_ WHERE s_ = 1 GROUP BY t.{groups[2]} "
        f"UNION ALL SELECT 'country', CAST(t.{targets_[2]} AS TEXT), {counts} FROM act "
        f"JOIN {targets_[0]} t ON t.{targets_[1]} = act.id_ WHERE s_ = 1 "
        f"GROUP BY t.{targets_[2]} "
        f"UNION ALL SELECT 'unesco_region', c.unesco_region, {counts} FROM act "
        f"JOIN {targets_[0]} t ON t.{targets_[1]} = act.id_ "
        f"JOIN {country_table} c ON c.id = t.{targets_[2]} WHERE s_ = 1 "
        f"GROUP BY c.unesco_region "
        f"UNION ALL SELECT 'priority_region', CAST(p.{priority[2]} AS TEXT), {counts} FROM act "
        f"JOIN {targets_[0]} t ON t.{targets_[1]} = act.id_ "
        f"JOIN {priority[0]} p ON p.{priority[1]} = t.{targets_[2]} WHERE s_ = 1 "
        f"GROUP BY p.{priority[2]} "
        f"UNION ALL SELECT 'language', lang.value, {counts} FROM act {_json_elements('act.l_')} "
        f"WHERE s_ = 1 GROUP BY lang.value "
        # The activities of each table counted in more than one of its rows.
        + " ".join(
            f"UNION ALL {_multi_sql(dim, 'act.id_', column, n, 'act', joins, 's_ = 1')}"
            for dim, column, joins in (
                ("pillar", f"t.{pillars[2]}", f"JOIN {pillars[0]} t ON t.{pillars[1]} = act.id_"),
                (
                    "target_group",
                    f"t.{groups[2]}",
                    f"JOIN {groups[0]} t ON t.{groups[1]} = act.id_",
                ),
                (
                    "country",
                    f"t.{targets_[2]}",
                    f"JOIN {targets_[0]} t ON t.{targets_[1]} = act.id_",
                ),
                (
                    "unesco_region",
                    "c.unesco_region",
                    f"JOIN {targets_[0]} t ON t.{targets_[1]} = act.id_ "
                    f"JOIN {country_table} c ON c.id = t.{targets_[2]}",
                ),
                (
                    "priority_region",
                    f"p.{priority[2]}",
                    f"JOIN {targets_[0]} t ON t.{targets_[1]} = act.id_ "
                    f"JOIN {priority[0]} p ON p.{priority[1]} = t.{targets_[2]}",
                ),
                ("language", "lang.value", _json_elements("act.l_")),
            )
        )
    )
    priority_codes = dict(PriorityRegion.objects.values_list("id", "code"))
    halves = half_keys(first, last)
    for measure in ACTIVITY_MEASURES:
        values = result[measure.code]
        values.halves = dict.fromkeys(halves, 0)
        values.years = dict.fromkeys(range(first, last + 1), 0)
    scope_halves = set(_scope_half_keys(scope))
    # Each row of the statement is one key of one table, by id where the table is by id.
    activity_by = {
        dim: Disaggregation({dim: key_of})
        for dim, key_of in (
            ("kind", "kind"),
            ("pillar", lambda row: lookups.pillars.get(int(row["pillar"]), "")),
            ("target_group", lambda row: lookups.target_groups.get(int(row["target_group"]), "")),
            ("country", lambda row: _country(lookups, int(row["country"]))[0]),
            ("unesco_region", "unesco_region"),
            ("priority_region", lambda row: priority_codes.get(int(row["priority_region"]), "")),
            ("language", "language"),
        )
    }
    for row in _fetch(statement, params):
        dim, key, amounts = row[0], row[1], [int(v or 0) for v in row[2:]]
        if dim == "multi":
            for measure, amount in zip(ACTIVITY_MEASURES, amounts, strict=True):
                if amount:
                    result[measure.code].multi[key] = amount
            continue
        if dim != "half":
            keys = activity_by[dim].keys({dim: key})
            for measure, amount in zip(ACTIVITY_MEASURES, amounts, strict=True):
                add_keys(result[measure.code].dims, keys, amount)
            continue
        index = int(key)
        if index < 0:
            continue
        half = halves[index]
        for measure, amount in zip(ACTIVITY_MEASURES, amounts, strict=True):
            values = result[measure.code]
            values.halves[half] += amount
            values.years[first + index // 2] += amount
            if half in scope_halves:
                values.value += amount


# --- Member States ---------------------------------------------------------------------


def _member_states(
    scope: Scope, first: int, last: int, result: dict[str, MeasureValues], lookups: Lookups
) -> None:
    start, end = datetime.date(first, 1, 1), datetime.date(last, 12, 31)
    targeted_activities, advising, advised_records = supported_sources(scope, start, end)
    half = _half_index(first, last, "start_date")
    targeted = targeted_activities.annotate(
        h_=half, c_=F("target_countries"), src_=Value("targeted")
    )
    advised_people = (
        advising.annotate(
            h_=_half_index(first, last, "activity__start_date"),
            c_=F("country_id"),
            src_=Value("advised"),
        )
        .values("h_", "c_", "src_")
        .distinct()
    )
    advised_groups = (
        advised_records.annotate(
            h_=_half_index(first, last, "activity__start_date"),
            c_=F("countries"),
            src_=Value("advised"),
        )
        .values("h_", "c_", "src_")
        .distinct()
    )
    targeted_pillars = (
        targeted_activities.filter(pillars__isnull=False)
        .annotate(h_=half, c_=F("target_countries"), src_=Cast("pillars", CharField()))
        .values("h_", "c_", "src_")
        .distinct()
    )
    parts = [
        _sql(targeted.values("h_", "c_", "src_").distinct()),
        _sql(advised_people),
        _sql(advised_groups),
        _sql(targeted_pillars),
    ]
    statement = " UNION ".join(
        f"SELECT * FROM ({sql}) q{i}"  # noqa: S608 - compiled by the ORM
        for i, (sql, _p) in enumerate(parts)
    )
    params = [p for _sql_, ps in parts for p in ps]
    halves = half_keys(first, last)
    scope_halves = set(_scope_half_keys(scope))
    by_half: dict[str, set[int]] = defaultdict(set)
    sources: dict[int, set[str]] = defaultdict(set)
    pillars_of: dict[int, set[str]] = defaultdict(set)
    for h, country_id, source in _fetch(statement, params):
        if h is None or int(h) < 0 or country_id is None:
            continue
        country = lookups.countries.get(int(country_id))
        if country is None or (scope.region and country[1] != scope.region):
            continue
        half_key = halves[int(h)]
        if source in ("targeted", "advised"):
            by_half[half_key].add(int(country_id))
            if half_key in scope_halves:
                sources[int(country_id)].add(source)
        elif half_key in scope_halves:
            pillars_of[int(country_id)].add(lookups.pillars.get(int(source), ""))
    reported = _reported_countries(scope, first, last, lookups)
    country_by = Disaggregation(
        {
            **_place(lookups),
            "source": lambda row: sources[row["country"]],
            "pillar": lambda row: pillars_of.get(row["country"], set()),
        }
    )
    for status, code in (
        ("member", "member_states.supported"),
        ("associate", "member_states.associate"),
    ):
        values = result[code]
        values.halves = {}
        values.years = {}
        for half_key in halves:
            chosen = {c for c in by_half.get(half_key, set()) if lookups.countries[c][2] == status}
            values.halves[half_key] = len(chosen)
        for year in range(first, last + 1):
            chosen = {
                c
                for h in (f"{year}-H1", f"{year}-H2")
                for c in by_half.get(h, set())
                if lookups.countries[c][2] == status
            }
            values.years[year] = len(chosen)
            values.both_halves[year] = len(
                {
                    c
                    for c in by_half.get(f"{year}-H1", set()) & by_half.get(f"{year}-H2", set())
                    if lookups.countries[c][2] == status
                }
            )
        in_scope = {c for c in sources if lookups.countries[c][2] == status}
        values.value = len(in_scope)
        for country_id in in_scope:
            values.add_counted(country_by.keys({"country": country_id}), 1)
        # Reported countries add only what records did not count.
        for (period_key, country_id), _value in reported.items():
            if lookups.countries[country_id][2] != status:
                continue
            if isinstance(period_key, int):
                year_set = {
                    c
                    for h in (f"{period_key}-H1", f"{period_key}-H2")
                    for c in by_half.get(h, set())
                }
                if country_id not in year_set:
                    values.reported_years[period_key] = values.reported_years.get(
                        period_key, Decimal("0")
                    ) + Decimal("1")
            else:
                if country_id not in by_half.get(period_key, set()):
                    values.reported_halves[period_key] = values.reported_halves.get(
                        period_key, Decimal("0")
                    ) + Decimal("1")
        scope_reported = {
            country_id
            for (period_key, country_id) in reported
            if lookups.countries[country_id][2] == status
            and (
                period_key == scope.year
                if not scope.half
                else period_key == f"{scope.year}-H{scope.half}"
            )
            and country_id not in in_scope
        }
        if not scope.half:
            scope_reported |= {
                country_id
                for (period_key, country_id) in reported
                if isinstance(period_key, str)
                and period_key.startswith(f"{scope.year}-")
                and lookups.countries[country_id][2] == status
                and country_id not in in_scope
            }
        values.reported = Decimal(len(scope_reported))


def _reported_countries(
    scope: Scope, first: int, last: int, lookups: Lookups
) -> dict[tuple[int | str, int], Decimal]:
    """Countries named by reported values for the Member States indicator, by period."""
    found: dict[tuple[int | str, int], Decimal] = {}
    rows = ReportedValue.objects.filter(
        measure__startswith="member_states.",
        year__gte=first,
        year__lte=last,
        country__isnull=False,
    ).values_list("year", "half", "country_id", "value")
    for year, half, country_id, value in rows:
        if country_id not in lookups.countries:
            continue
        if scope.region and lookups.countries[country_id][1] != scope.region:
            continue
        key: int | str = f"{year}-H{half}" if half else year
        found[(key, country_id)] = value
    return found


# --- Partners ----------------------------------------------------------------------------


def _partners(
    scope: Scope, first: int, last: int, result: dict[str, MeasureValues], lookups: Lookups
) -> None:
    start, end = datetime.date(first, 1, 1), datetime.date(last, 12, 31)
    in_period = (
        partner_links(scope, start, end)
        .annotate(h_=_half_index(first, last, "activity__start_date"), x_=Value(0))
        .values("partner_id", "h_", "x_")  # type: ignore[misc]
        .distinct()
    )
    # The pillars of each partner's activities in the scope (all of them, not the first).
    pillar_pairs = (
        Activity.pillars.through.objects.filter(
            activity__in=counted_activities(scope, scope.start, scope.end),
            activity__partners__isnull=False,
        )
        .annotate(p_=F("activity__partners"), h_=Value(-2), x_=F("programmepillar_id"))
        .values("p_", "h_", "x_")  # type: ignore[misc]
        .distinct()
    )
    first_ever = (
        partnership_starts()
        .annotate(h_=Value(-3), x_=_first_half_index_expression(first, last))
        .values("partner_id", "h_", "x_")  # type: ignore[misc]
    )
    parts = [_sql(in_period), _sql(pillar_pairs), _sql(first_ever)]
    statement = " UNION ALL ".join(
        f"SELECT * FROM ({sql}) q{i}"  # noqa: S608 - compiled by the ORM
        for i, (sql, _p) in enumerate(parts)
    )
    params = [p for _sql_, ps in parts for p in ps]
    halves = half_keys(first, last)
    by_half: dict[str, set[int]] = defaultdict(set)
    first_half: dict[int, int] = {}
    pillars_of: dict[int, set[str]] = defaultdict(set)
    for partner_id, h, x in _fetch(statement, params):
        h = int(h)
        if h >= 0:
            by_half[halves[h]].add(partner_id)
        elif h == -2 and x is not None:
            pillars_of[partner_id].add(lookups.pillars.get(int(x), ""))
        elif h == -3:
            first_half[partner_id] = int(x)
    partner_fields = ["id", "kind", "relationship_level", "country__unesco_region"]
    has_sector = any(f.name == "sector" for f in Partner._meta.get_fields())
    if has_sector:
        partner_fields.append("sector")
    attributes = {row[0]: row[1:] for row in Partner.objects.values_list(*partner_fields)}

    def keep(partner_id: int) -> bool:
        if not scope.region:
            return True
        return attributes.get(partner_id, (None, None, None))[2] == scope.region

    scope_halves = _scope_half_keys(scope)
    collaborating = result["partners.collaborating"]
    new = result["partners.new"]

    def is_new(partner_id: int, period_halves: Iterable[str]) -> bool:
        index = first_half.get(partner_id, -99)
        return index >= 0 and halves[index] in set(period_halves)

    for half_key in halves:
        chosen = {p for p in by_half.get(half_key, set()) if keep(p)}
        collaborating.halves[half_key] = len(chosen)
        new.halves[half_key] = len({p for p in chosen if is_new(p, [half_key])})
    for year in range(first, last + 1):
        year_halves = [f"{year}-H1", f"{year}-H2"]
        chosen = {p for h in year_halves for p in by_half.get(h, set()) if keep(p)}
        collaborating.years[year] = len(chosen)
        new.years[year] = len({p for p in chosen if is_new(p, year_halves)})
        both = {
            p
            for p in by_half.get(year_halves[0], set()) & by_half.get(year_halves[1], set())
            if keep(p)
        }
        collaborating.both_halves[year] = len(both)
        # New in both halves cannot be: a partnership begins in one of them.
        new.both_halves[year] = len(
            {p for p in both if is_new(p, [year_halves[0]]) and is_new(p, [year_halves[1]])}
        )
    in_scope = {p for h in scope_halves for p in by_half.get(h, set()) if keep(p)}
    collaborating.value = len(in_scope)
    new_in_scope = {p for p in in_scope if is_new(p, scope_halves)}
    new.value = len(new_in_scope)
    partner_by = Disaggregation(
        {
            "partner_kind": lambda row: attributes[row][0],
            "relationship_level": lambda row: attributes[row][1],
            "unesco_region": lambda row: attributes[row][2],
            **({"sector": lambda row: attributes[row][3]} if has_sector else {}),
            "new": lambda row: "yes" if row in new_in_scope else "no",
            "pillar": lambda row: pillars_of.get(row, set()),
        }
    )
    for values, chosen in ((collaborating, in_scope), (new, new_in_scope)):
        for partner_id in chosen:
            if partner_id in attributes:
                values.add_counted(partner_by.keys(partner_id), 1)


def _first_half_index_expression(first: int, last: int) -> Any:
    """The half-year index of a partner's earliest counted activity (-1 before the period)."""
    bounds = _half_boundaries(first, last)
    start = datetime.date(first, 1, 1)
    whens = [When(earliest__lt=start, then=Value(-1))]
    whens += [When(earliest__lt=bound, then=Value(index)) for index, bound in enumerate(bounds)]
    return Case(*whens, default=Value(-9), output_field=IntegerField())


# --- Reported values -------------------------------------------------------------------


def _reported(scope: Scope, first: int, last: int, result: dict[str, MeasureValues]) -> None:
    """Sums of reported values (all but Member States, whose countries are de-duplicated)."""
    rows = (
        ReportedValue.objects.filter(year__gte=first, year__lte=last)
        .exclude(measure__startswith="member_states.")
        .values_list("measure", "year", "half", "value")
    )
    for code, year, half, value in rows:
        values = result.get(code)
        if values is None:
            continue
        if half:
            key = f"{year}-H{half}"
            values.reported_halves[key] = values.reported_halves.get(key, Decimal("0")) + value
        values.reported_years[year] = values.reported_years.get(year, Decimal("0")) + value
        if year == scope.year and (not scope.half or half == scope.half):
            values.reported += value


# --- Entry points ----------------------------------------------------------------------------

CACHE_TIMEOUT = 300
# Everything built from the records below (computations, the public results page) lives in
# this namespace; `monitoring.services.indicators_invalidate`, a receiver of
# `records_changed`, bumps it once a write of one of RECORD_KINDS commits.
CACHE_NAMESPACE = "monitoring:indicators"
# What the indicators count, in the words `records_changed` uses for what changed.
RECORD_KINDS = frozenset({"activity", "participation", "aggregate", "partner", "reported_value"})


def invalidate(*, closed: bool = False) -> None:
    """Make every cached computation and results page stale, for every worker; with
    `closed`, also what is kept of the years and half-years that have ended (which
    otherwise stays while the version of its records is unchanged: for a write that
    did not go through the programme's services, which set `updated_at`)."""
    cache_bump(CACHE_NAMESPACE)
    if closed:
        cache_bump(CLOSED_NAMESPACE)


def compute(scope: Scope) -> Computation:
    """Every measure of the seven indicators for the scope, from the records as they are."""
    first, last = strategy_years()
    first, last = min(first, scope.year), max(last, scope.year)
    lookups = _lookups()
    result = {code: MeasureValues(code) for code in MEASURES}
    _people(scope, first, last, result, lookups)
    _aggregates(scope, first, last, result, lookups)
    _activities(scope, first, last, result, lookups)
    _member_states(scope, first, last, result, lookups)
    _partners(scope, first, last, result, lookups)
    _reported(scope, first, last, result)
    return Computation(scope=scope, first_year=first, last_year=last, measures=result)


def compute_cached(scope: Scope) -> Computation:
    """`compute`, kept in the cache until the records change."""
    return cache_get_or_set(
        CACHE_NAMESPACE, "compute", scope.key(), build=lambda: compute(scope), timeout=CACHE_TIMEOUT
    )


UNESCO_REGION_LABELS = dict(UnescoRegion.choices)

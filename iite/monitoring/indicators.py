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
import tomllib
from collections import defaultdict
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

from iite.core.caching import cache_bump, cache_get_or_set
from iite.core.disaggregation import Disaggregation, KeySpec, add_keys, sex_split
from iite.core.i18n import TranslatedText, as_translated
from iite.partners.models import Partner
from iite.programme.models import (
    Activity,
)
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


def _participation_base(
    scope: Scope, start: datetime.date, end: datetime.date, with_half: tuple[int, int] | None
) -> QuerySet[Any]:
    """One row per participation in the counted activities, with a column per measure.

    Without `with_half` the column is 0/1; with it, the column is the bit of the row's
    half-year (1, 2, 4, ...) or 0, computed once per row so that the grouping above
    reads each column once.
    """
    qs = participation_in(scope, PEOPLE_MEASURES, start, end)
    annotations: dict[str, Any] = {
        "pk_": F("person_key"),
        "c_": F("country_id"),
        "s_": F("sex"),
        "r_": F("person_role"),
        "a_": F("activity_id"),
        "l_": F("activity__languages"),
    }
    for index, measure in enumerate(PEOPLE_MEASURES):
        condition = measure.participation_condition()
        flag: Any = Value(1)
        if with_half:
            flag = _half_bit(with_half[0], with_half[1], "activity__start_date")
        annotations[f"m{index}"] = Case(
            When(condition, then=flag), default=Value(0), output_field=IntegerField()
        )
    return qs.annotate(**annotations).values(*annotations)


def _half_bit(first: int, last: int, field_name: str) -> Case:
    """1 for the first half-year of `first`, 2 for its second half, 4, 8... (0 outside)."""
    whens = [
        When(**{f"{field_name}__lt": bound}, then=Value(1 << index))
        for index, bound in enumerate(_half_boundaries(first, last))
    ]
    return Case(*whens, default=Value(0), output_field=IntegerField())


def _people(
    scope: Scope, first: int, last: int, result: dict[str, MeasureValues], lookups: Lookups
) -> None:
    """Distinct people per measure: every half-year and year, and the scope's tables.

    One statement. Each person becomes one row with, per measure, a bit mask of the
    half-years they count in (SUM of distinct powers of two is a bitwise OR), so the
    period's trend comes from a histogram of masks and each table groups persons, never
    participation rows. Pillar and language tables group (person, value) pairs of the
    scope's rows only.
    """
    full_sql, full_params = _sql(
        _participation_base(
            scope, datetime.date(first, 1, 1), datetime.date(last, 12, 31), (first, last)
        )
    )
    scope_sql, scope_params = _sql(_participation_base(scope, scope.start, scope.end, None))
    halves = half_keys(first, last)
    scope_halves = _scope_half_keys(scope)
    scope_bits = sum(1 << halves.index(h) for h in scope_halves if h in halves)
    n = len(PEOPLE_MEASURES)
    # A bitwise OR of the half-year bits: PostgreSQL has BIT_OR (which can hash); on
    # SQLite the sum of the distinct powers of two is the same number.
    bit_or = "BIT_OR({})" if connection.vendor == "postgresql" else "SUM(DISTINCT {})"
    masks = ", ".join(f"{bit_or.format(f'm{i}')} AS k{i}" for i in range(n))
    in_scope = ", ".join(
        f"SUM(CASE WHEN (k{i} & {scope_bits}) <> 0 THEN 1 ELSE 0 END)" for i in range(n)
    )
    maxes = ", ".join(f"MAX(m{i}) AS m{i}" for i in range(n))
    sums = ", ".join(f"SUM(m{i})" for i in range(n))
    pillar_table, pillar_activity, pillar_col = _m2m(Activity, "pillars")
    years = range(last - first + 1)
    parts = [
        # One sort of the persons for the three person-level tables together.
        f"SELECT 'csr', COALESCE(CAST(c_ AS TEXT), '') || '|' || s_ || '|' || r_, "  # noqa: S608
        f"{in_scope} FROM per GROUP BY c_, s_, r_",
        # Scans without sorting for the trend: one row per half-year and per year.
        *(
            f"SELECT 'half', '{h}', "  # noqa: S608
            + ", ".join(f"SUM((k{i} / {1 << h}) & 1)" for i in range(n))
            + " FROM per"
            for h in range(len(halves))
        ),
        *(
            f"SELECT 'year', '{y}', "  # noqa: S608
            + ", ".join(
                f"SUM(CASE WHEN (k{i} & {3 << (2 * y)}) <> 0 THEN 1 ELSE 0 END)" for i in range(n)
            )
            + " FROM per"
            for y in years
        ),
        # The people of each year counted in both of its halves.
        *(
            f"SELECT 'both', '{y}', "  # noqa: S608
            + ", ".join(
                f"SUM(CASE WHEN (k{i} & {1 << (2 * y)}) <> 0 AND (k{i} & {2 << (2 * y)}) <> 0 "
                f"THEN 1 ELSE 0 END)"
                for i in range(n)
            )
            + " FROM per"
            for y in years
        ),
        f"SELECT 'pillar', CAST(v AS TEXT), {sums} FROM ("  # noqa: S608
        f"SELECT bs.pk_, t.{pillar_col} AS v, {maxes} FROM bs "
        f"JOIN {pillar_table} t ON t.{pillar_activity} = bs.a_ GROUP BY bs.pk_, t.{pillar_col}"
        f") x GROUP BY v",
        f"SELECT 'language', v, {sums} FROM ("  # noqa: S608
        f"SELECT bs.pk_, lang.value AS v, {maxes} FROM bs {_json_elements('bs.l_')} "
        f"GROUP BY bs.pk_, lang.value) y GROUP BY v",
        # The people of the pillar and language tables counted in more than one row.
        _multi_sql(
            "pillar",
            "bs.pk_",
            f"t.{pillar_col}",
            n,
            "bs",
            f"JOIN {pillar_table} t ON t.{pillar_activity} = bs.a_",
        ),
        _multi_sql("language", "bs.pk_", "lang.value", n, "bs", _json_elements("bs.l_")),
    ]
    statement = (
        f"WITH per AS MATERIALIZED (SELECT pk_, MAX(c_) AS c_, MAX(s_) AS s_, "  # noqa: S608
        f"MAX(r_) AS r_, {masks} FROM ({full_sql}) b GROUP BY pk_), "
        f"bs AS MATERIALIZED ({scope_sql}) " + " UNION ALL ".join(parts)
    )
    for measure in PEOPLE_MEASURES:
        values = result[measure.code]
        values.halves = dict.fromkeys(halves, 0)
        values.years = dict.fromkeys(range(first, last + 1), 0)
        values.both_halves = dict.fromkeys(range(first, last + 1), 0)
    # A person's tables: their country, sex and target groups; the pillar and language
    # rows are the activity's.
    people_by = Disaggregation(
        {
            **_place(lookups),
            "sex": "sex",
            "target_group": lambda row: lookups.role_groups.get(row["role"] or "", []) or [""],
        }
    )
    values_by = {
        "pillar": Disaggregation(
            {"pillar": lambda row: lookups.pillars.get(int(row["pillar"] or 0), "")}
        ),
        "language": Disaggregation({"language": "language"}),
    }
    for row in _fetch(statement, [*full_params, *scope_params], heavy=True):
        dim, key, counts = row[0], row[1], [int(v or 0) for v in row[2:]]
        if dim == "both":
            for measure, amount in zip(PEOPLE_MEASURES, counts, strict=True):
                result[measure.code].both_halves[first + int(key)] = amount
            continue
        if dim == "multi":
            for measure, amount in zip(PEOPLE_MEASURES, counts, strict=True):
                if amount:
                    multi = result[measure.code].multi
                    multi[key] = multi.get(key, 0) + amount
            continue
        if dim in ("half", "year"):
            for measure, amount in zip(PEOPLE_MEASURES, counts, strict=True):
                values = result[measure.code]
                if dim == "half":
                    half = halves[int(key)]
                    values.halves[half] = amount
                    if half in scope_halves:
                        values.value += amount if scope.half else 0
                else:
                    values.years[first + int(key)] = amount
                    if first + int(key) == scope.year and not scope.half:
                        values.value += amount
            continue
        if dim == "csr":
            country_key, sex, role = key.split("|")
            person = {"country": int(country_key) if country_key else None, "sex": sex}
            keys = people_by.keys(person | {"role": role})
            # A person's own rows (country, sex, target groups): those in several are
            # counted where they are added.
            for measure, amount in zip(PEOPLE_MEASURES, counts, strict=True):
                result[measure.code].add_counted(keys, amount)
            continue
        keys = values_by[dim].keys({dim: key})
        for measure, amount in zip(PEOPLE_MEASURES, counts, strict=True):
            add_keys(result[measure.code].dims, keys, amount)


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


def invalidate() -> None:
    """Make every cached computation and results page stale, for every worker."""
    cache_bump(CACHE_NAMESPACE)


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

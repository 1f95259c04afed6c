"""Reads for the results pages, exports and API: indicators with labels, workplans, risks."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from iite.accounts.models import Sex
from iite.core.caching import cache_bump, cache_get_or_set, cache_version
from iite.core.formats import number_text
from iite.partners.models import Partner
from iite.programme.models import (
    Activity,
    ActivityKind,
    AggregateParticipation,
    Participation,
)
from iite.reference.models import Country, PriorityRegion, UnescoRegion
from iite.strategy.models import (
    Priority,
    ProgrammePillar,
    StrategicObjective,
    StrategyPeriod,
    TargetGroup,
)
from iite.strategy.selectors import current_period_items

from . import indicators as ind
from .measures import lookups_load, people_in_several_activities
from .models import (
    ProgressState,
    ReportedValue,
    Risk,
    RiskReview,
    Workplan,
    WorkplanItem,
    WorkplanReview,
    WorkplanStatus,
)

NOT_RECORDED = _("Not recorded")


class ScopeError(ValueError):
    """Bad filter values, by field name."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def scope_from_params(params: Any, *, default_year: int | None = None) -> ind.Scope:
    """A Scope from query parameters; ScopeError names each bad field."""

    errors: dict[str, str] = {}
    first, last = ind.strategy_years()
    raw_year = (params.get("year") or "").strip()
    year = default_year or min(max(datetime.date.today().year, first), last)
    if raw_year:
        if not raw_year.isdigit() or not 2000 <= int(raw_year) <= 2100:
            errors["year"] = str(_("Enter a year between 2000 and 2100."))
        else:
            year = int(raw_year)
    raw_half = (params.get("half") or "").strip()
    half: int | None = None
    if raw_half:
        if raw_half not in {"1", "2"}:
            errors["half"] = str(_("The half-year is 1 or 2."))
        else:
            half = int(raw_half)
    values: dict[str, str] = {}
    for name, model in (
        ("pillar", ProgrammePillar),
        ("objective", StrategicObjective),
        ("priority", Priority),
    ):
        raw = (params.get(name) or "").strip()
        if raw and not model.objects.filter(code=raw).exists():
            errors[name] = str(_("Unknown code “%(code)s”.") % {"code": raw[:40]})
        values[name] = raw
    region = (params.get("region") or "").strip()
    if region and region not in UnescoRegion.values:
        errors["region"] = str(_("Unknown UNESCO region “%(code)s”.") % {"code": region[:40]})
    if errors:
        raise ScopeError(errors)
    return ind.Scope(year=year, half=half, region=region, **values)


# --- Labels ------------------------------------------------------------------------------


# The labels of the dimensions' keys come from reference data and the strategy's framework:
# kept per language until one of LABEL_MODELS changes (or the figures are counted again).
LABELS_NAMESPACE = "monitoring:labels"
LABEL_MODELS = (Country, PriorityRegion, ProgrammePillar, TargetGroup, StrategyPeriod)


def dimension_labels(dims: set[str]) -> dict[str, dict[str, str]]:
    """Labels for the keys of each dimension, in the active language (cached per language
    and set of dimensions; a few small queries when not)."""
    return cache_get_or_set(
        LABELS_NAMESPACE,
        get_language() or settings.LANGUAGE_CODE,
        sorted(dims),
        # Built again with the figures too, so a cold dashboard reads the same statements
        # whether or not a label changed since.
        cache_version(ind.CACHE_NAMESPACE),
        build=lambda: _dimension_labels(dims),
        timeout=ind.CACHE_TIMEOUT,
    )


def dimension_labels_invalidate(**_signal: object) -> None:
    """Receiver of the label models' saves and deletions (MonitoringConfig.ready)."""
    cache_bump(LABELS_NAMESPACE)


def _dimension_labels(dims: set[str]) -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    if "country" in dims:
        labels["country"] = {c.iso2: str(c.name) for c in Country.objects.only("iso2", "name")}
    if "priority_region" in dims:
        labels["priority_region"] = {
            p.code: str(p.name) for p in PriorityRegion.objects.only("code", "name")
        }
    if "pillar" in dims:
        labels["pillar"] = {
            p.code: f"{p.code} {p.title}"
            for p in current_period_items(ProgrammePillar).only("code", "title")
        }
    if "target_group" in dims:
        groups = {
            g.code: str(g.title) for g in current_period_items(TargetGroup).only("code", "title")
        }
        labels["target_group"] = groups or {
            code: str(label) for code, (label, _roles) in ind.FALLBACK_TARGET_GROUPS.items()
        }
    labels["unesco_region"] = {k: str(v) for k, v in UnescoRegion.choices}
    labels["sex"] = {k: str(v) for k, v in Sex.choices}
    labels["kind"] = {k: str(v) for k, v in ActivityKind.choices}
    labels["language"] = {code: str(name) for code, name in settings.LANGUAGES}
    labels["source"] = {
        "targeted": str(_("Targeted by an activity")),
        "advised": str(_("Received policy advice or technical assistance")),
    }
    labels["new"] = {"yes": str(_("New partner")), "no": str(_("Continuing partner"))}
    for name in ("kind", "relationship_level", "sector"):
        try:
            choices = getattr(Partner._meta.get_field(name), "choices", None) or []
        except Exception:
            choices = []
        labels["partner_kind" if name == "kind" else name] = {str(k): str(v) for k, v in choices}
    return labels


def dimension_key_label(dim: str, key: str) -> str:
    """One key of a dimension by its name in the active language ("MA" → "Morocco",
    "المغرب"); the key itself when nothing names it."""
    if dim == "country":
        country = Country.objects.filter(iso2=key.upper()).only("iso2", "name").first()
        return str(country.name) if country is not None else key
    return dimension_labels({dim}).get(dim, {}).get(key, key)


# --- Indicator rows ------------------------------------------------------------------------


@dataclass
class DimensionRow:
    key: str
    label: str
    value: int


@dataclass
class DimensionTable:
    dim: str
    label: str
    rows: list[DimensionRow]
    # Those counted in more than one row, and the line saying so under the table ("" when
    # the rows do not add up to more than the total).
    several: int = 0
    note: str = ""


@dataclass
class MeasureRow:
    measure: ind.Measure
    values: ind.MeasureValues
    target: int | None
    baseline: int | None
    baseline_year: int | None
    year: int
    half: int | None
    trend: list[tuple[str, int]]
    dims: list[DimensionTable] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.measure.code

    @property
    def label(self) -> str:
        return str(self.measure.label)

    @property
    def value(self) -> int:
        return self.values.value

    @property
    def reported(self) -> Decimal:
        return self.values.reported

    @property
    def total(self) -> Decimal:
        return Decimal(self.values.value) + self.values.reported

    @property
    def year_value(self) -> int:
        return self.values.years.get(self.year, 0)

    @property
    def h1(self) -> int:
        return self.values.halves.get(f"{self.year}-H1", 0)

    @property
    def h2(self) -> int:
        return self.values.halves.get(f"{self.year}-H2", 0)

    @property
    def both_halves(self) -> int:
        """The people (countries, partners) of the year counted in both of its halves."""
        return getattr(self.values, "both_halves", {}).get(self.year, 0)

    @property
    def halves_note(self) -> str:
        """Why January–June plus July–December is not the year, or "" when it is."""
        if self.h1 + self.h2 <= self.year_value:
            return ""
        return halves_note(self.measure.unit, self.h1, self.h2, self.year_value, self.both_halves)

    @property
    def progress(self) -> int | None:
        """Per cent of the year's target reached, computed plus reported values."""
        if not self.target:
            return None
        return round(100 * float(self.total) / self.target)

    @property
    def progress_bar(self) -> int:
        return min(self.progress or 0, 100)


def halves_note(unit: str, h1: int, h2: int, year: int, both: int) -> str:
    """One line saying that the halves exceed the year by those counted in both."""
    numbers = {"h1": h1, "h2": h2, "year": year, "both": both}
    if unit == "countries":
        text = ngettext(
            "January–June (%(h1)s) and July–December (%(h2)s) add up to more than the year "
            "(%(year)s): %(both)s country was supported in both halves and counts once in "
            "the year.",
            "January–June (%(h1)s) and July–December (%(h2)s) add up to more than the year "
            "(%(year)s): %(both)s countries were supported in both halves and count once in "
            "the year.",
            both,
        )
    elif unit == "partners":
        text = ngettext(
            "January–June (%(h1)s) and July–December (%(h2)s) add up to more than the year "
            "(%(year)s): %(both)s partner collaborated in both halves and counts once in the "
            "year.",
            "January–June (%(h1)s) and July–December (%(h2)s) add up to more than the year "
            "(%(year)s): %(both)s partners collaborated in both halves and count once in the "
            "year.",
            both,
        )
    else:
        text = ngettext(
            "January–June (%(h1)s) and July–December (%(h2)s) add up to more than the year "
            "(%(year)s): %(both)s person took part in both halves and counts once in the year.",
            "January–June (%(h1)s) and July–December (%(h2)s) add up to more than the year "
            "(%(year)s): %(both)s people took part in both halves and count once in the year.",
            both,
        )
    return text % numbers


def rows_note(unit: str, rows_sum: int, total: int, several: int) -> str:
    """One line saying that a table's rows exceed the total by those in several rows;
    "" when the rows do not exceed it or nobody is in several rows."""
    if rows_sum <= total or not several:
        return ""
    numbers = {"sum": rows_sum, "total": total, "n": several}
    if unit == "countries":
        text = ngettext(
            "The rows add up to %(sum)s, more than the total (%(total)s): %(n)s country is "
            "in more than one row and counts once in the total.",
            "The rows add up to %(sum)s, more than the total (%(total)s): %(n)s countries are "
            "in more than one row and count once in the total.",
            several,
        )
    elif unit == "partners":
        text = ngettext(
            "The rows add up to %(sum)s, more than the total (%(total)s): %(n)s partner is "
            "in more than one row and counts once in the total.",
            "The rows add up to %(sum)s, more than the total (%(total)s): %(n)s partners are "
            "in more than one row and count once in the total.",
            several,
        )
    elif unit == "activities":
        text = ngettext(
            "The rows add up to %(sum)s, more than the total (%(total)s): %(n)s activity is "
            "in more than one row and counts once in the total.",
            "The rows add up to %(sum)s, more than the total (%(total)s): %(n)s activities are "
            "in more than one row and count once in the total.",
            several,
        )
    else:
        text = ngettext(
            "The rows add up to %(sum)s, more than the total (%(total)s): %(n)s person is "
            "in more than one row and counts once in the total.",
            "The rows add up to %(sum)s, more than the total (%(total)s): %(n)s people are "
            "in more than one row and count once in the total.",
            several,
        )
    return text % numbers


@dataclass
class IndicatorBlock:
    indicator: ind.Indicator
    measures: list[MeasureRow]

    @property
    def number(self) -> int:
        return self.indicator.number

    @property
    def title(self) -> str:
        return str(self.indicator.title)


def indicator_report(
    scope: ind.Scope, *, with_dims: bool = True, computation: ind.Computation | None = None
) -> list[IndicatorBlock]:
    """The seven indicators for the scope with targets, trend and (optionally) tables."""
    computation = computation or ind.compute_cached(scope)
    labels = dimension_labels(
        {d for m in ind.MEASURES.values() for d in m.dimensions} if with_dims else set()
    )
    blocks = []
    for indicator in ind.INDICATORS:
        rows = []
        for measure in indicator.measures:
            values = computation.measures[measure.code]
            baseline, baseline_year = ind.baseline_for(measure.code)
            row = MeasureRow(
                measure=measure,
                values=values,
                target=ind.target_for(measure.code, scope.year),
                baseline=baseline,
                baseline_year=baseline_year,
                year=scope.year,
                half=scope.half,
                trend=[(h, values.halves.get(h, 0)) for h in computation.halves],
            )
            if with_dims:
                for dim in measure.dimensions:
                    found = values.dims.get(dim, {})
                    if not found and dim == "sector":
                        continue
                    names = labels.get(dim, {})
                    table_rows = [
                        DimensionRow(key, names.get(key, key) if key else str(NOT_RECORDED), n)
                        for key, n in found.items()
                    ]
                    table_rows.sort(key=lambda r: (-r.value, r.label))
                    several = getattr(values, "multi", {}).get(dim, 0)
                    note = rows_note(measure.unit, sum(found.values()), values.value, several)
                    row.dims.append(
                        DimensionTable(
                            dim, str(ind.DIMENSION_LABELS[dim]), table_rows, several, note
                        )
                    )
            rows.append(row)
        blocks.append(IndicatorBlock(indicator, rows))
    return blocks


# --- The records behind a figure -----------------------------------------------------------


@dataclass
class FigureActivity:
    activity: Activity
    people: int | None  # distinct people for people measures; None for other units
    aggregate: int
    participations: int = 0  # participation rows (a person can hold several roles)


@dataclass
class FigureTotals:
    """The people behind a people figure's rows, counted once and per participation."""

    people: int  # distinct people recorded individually, over every row
    participations: int  # participation rows over every row
    aggregate: int  # people of aggregate records
    rows_people: int  # the rows' people added up
    in_several: int  # people who took part in more than one row's activity

    @property
    def figure(self) -> int:
        return self.people + self.aggregate

    @property
    def rows_note(self) -> str:
        """Why the rows add up to more than the figure, or "" when they do not."""
        if self.rows_people == self.people:
            return ""
        return ngettext(
            "The rows add up to %(rows)s people recorded individually, the figure counts "
            "%(people)s: %(several)s person took part in more than one activity and counts "
            "once.",
            "The rows add up to %(rows)s people recorded individually, the figure counts "
            "%(people)s: %(several)s people took part in more than one activity and count "
            "once.",
            self.in_several,
        ) % {"rows": self.rows_people, "people": self.people, "several": self.in_several}


def figure_activities(
    measure: ind.Measure,
    scope: ind.Scope,
    *,
    dim: str = "",
    key: str = "",
    public_only: bool = True,
) -> list[FigureActivity]:
    """The activities whose records make up a figure, with their people where counted.

    The activities, participation and aggregate records are the measure's own
    (`Measure.activities/people/aggregates`), the ones `compute()` counts.
    """
    activities = measure.activities(scope)
    people = measure.people(scope) if measure.unit == "people" else None
    if public_only:
        activities = activities.filter(is_public=True)
    if dim and key:
        activities, people = _narrow(measure, activities, people, dim, key)
    activity_list = list(
        activities.order_by("start_date", "code").only(
            "id",
            "code",
            "title",
            "original_language",
            "kind",
            "start_date",
            "languages",
            "is_public",
            "status",
        )[:500]
    )
    if dim == "language" and key:
        activity_list = [a for a in activity_list if key in (a.languages or [])]
    counts: dict[int, int] = {}
    participations: dict[int, int] = {}
    aggregate: dict[int, int] = {}
    if people is not None and activity_list:
        ids = [a.id for a in activity_list]
        for activity_id, n, rows in (
            people.filter(activity_id__in=ids)
            .values("activity_id")
            .annotate(n=Count("person_key", distinct=True), rows=Count("pk"))
            .values_list("activity_id", "n", "rows")
        ):
            counts[activity_id] = n
            participations[activity_id] = rows
        aggregate = aggregate_amounts(
            measure, measure.aggregates(scope).filter(activity_id__in=ids)
        )
        activity_list = [a for a in activity_list if counts.get(a.id) or aggregate.get(a.id)]
    return [
        FigureActivity(
            a,
            counts.get(a.id, 0) if measure.unit == "people" else None,
            aggregate.get(a.id, 0),
            participations.get(a.id, 0),
        )
        for a in activity_list
    ]


def figure_totals(
    measure: ind.Measure,
    scope: ind.Scope,
    rows: list[FigureActivity],
    *,
    dim: str = "",
    key: str = "",
) -> FigureTotals | None:
    """Distinct people and participations over the rows of a people figure's drill-down.

    Counted from the same records as the rows (`Measure.people`, narrowed alike, in the
    rows' activities); None for measures that do not count people.
    """
    if measure.unit != "people":
        return None
    people = measure.people(scope)
    if dim and key:
        _activities, narrowed = _narrow(measure, Activity.objects.none(), people, dim, key)
        people = narrowed if narrowed is not None else people
    records = people.filter(activity_id__in=[row.activity.id for row in rows])
    found = records.aggregate(people=Count("person_key", distinct=True), participations=Count("pk"))
    return FigureTotals(
        people=found["people"],
        participations=found["participations"],
        aggregate=sum(row.aggregate for row in rows),
        rows_people=sum(row.people or 0 for row in rows),
        in_several=people_in_several_activities(records),
    )


def aggregate_amounts(
    measure: ind.Measure, records: QuerySet[AggregateParticipation]
) -> dict[int, int]:
    """People of aggregate records that count for a people measure, by activity id."""
    rows = list(
        records.values_list(
            "activity_id", "role", "total", "female", "completed", "certified", "target_group_id"
        )
    )
    if not rows:
        return {}
    lookups = lookups_load()
    found: dict[int, int] = defaultdict(int)
    for activity_id, role, total, female, completed, certified, group_id in rows:
        amount, _split = measure.aggregate_amount(
            role,
            total,
            female,
            completed,
            certified,
            lookups.teacher_or_student(group_id),
        )
        if amount:
            found[activity_id] += amount
    return dict(found)


def measure_count(measure: ind.Measure, scope: ind.Scope) -> int:
    """A measure's figure counted from its drill-down querysets, one record set at a time.

    `indicators.compute()` gives the same number in one pass for every measure; this is
    the slow, obvious reading of the same definitions (the agreement test compares them).
    """
    if measure.unit == "activities":
        return measure.activities(scope).count()
    if measure.unit == "countries":
        return measure.countries(scope).count()
    if measure.unit == "partners":
        return measure.partners(scope).count()
    individuals = measure.people(scope).values("person_key").distinct().count()
    return individuals + sum(aggregate_amounts(measure, measure.aggregates(scope)).values())


def _narrow(
    measure: ind.Measure,
    activities: QuerySet[Activity],
    people: QuerySet[Participation] | None,
    dim: str,
    key: str,
) -> tuple[QuerySet[Activity], QuerySet[Participation] | None]:
    """The records behind one row of a disaggregation table.

    People are narrowed by their own attributes; activities by theirs, or by their
    partners' for partner measures. Aggregate records are not split by these keys.
    """
    if dim == "pillar":
        activities = activities.filter(pillars__code=key).distinct()
    elif dim == "kind":
        activities = activities.filter(kind=key)
    elif people is not None and dim in ("target_group", "sex", "country", "unesco_region"):
        people = people.filter(_person_q(dim, key))
    elif people is not None and dim == "priority_region":
        people = people.filter(country__priority_regions__code=key)
    elif dim == "target_group":
        activities = activities.filter(target_groups__code=key).distinct()
    elif dim == "country":
        activities = activities.filter(target_countries__iso2=key).distinct()
    elif dim == "unesco_region" and measure.unit == "partners":
        activities = activities.filter(partners__country__unesco_region=key).distinct()
    elif dim == "unesco_region":
        activities = activities.filter(target_countries__unesco_region=key).distinct()
    elif dim == "priority_region":
        activities = activities.filter(target_countries__priority_regions__code=key).distinct()
    elif dim in ("partner_kind", "relationship_level", "sector"):
        field_name = "kind" if dim == "partner_kind" else dim
        activities = activities.filter(**{f"partners__{field_name}": key}).distinct()
    return activities, people


def _person_q(dim: str, key: str) -> Q:
    if dim == "target_group":
        return Q(person_role__in=lookups_load().roles_of_group(key))
    if dim == "sex":
        return Q(sex=key)
    if dim == "country":
        return Q(country__iso2=key)
    return Q(country__unesco_region=key)


# --- Reported values, workplans, risks -------------------------------------------------------


def reported_values(*, year: int | None = None) -> QuerySet[ReportedValue]:
    qs = ReportedValue.objects.select_related("author", "country")
    if year:
        qs = qs.filter(year=year)
    return qs


def workplan_planned_cost(*, year: int) -> Decimal:
    """Planned cost in USD of the year's workplan once submitted or approved (the funding gap)."""
    total = WorkplanItem.objects.filter(
        workplan__year=year,
        workplan__status__in=(WorkplanStatus.SUBMITTED, WorkplanStatus.APPROVED),
    ).aggregate(total=Sum("planned_cost_usd"))["total"]
    return total or Decimal("0")


def workplans() -> QuerySet[Workplan]:
    return Workplan.objects.annotate(
        item_count=Count("items", distinct=True),
        cost=Sum("items__planned_cost_usd"),
    ).order_by("-year")


def workplan_detail(year: int) -> Workplan:
    return Workplan.objects.prefetch_related(
        Prefetch(
            "items",
            queryset=WorkplanItem.objects.select_related("activity").prefetch_related(
                "objectives", "pillars"
            ),
        ),
        "reviews",
    ).get(year=year)


# --- Computed progress of workplan items --------------------------------------------------

_STARTED = ("ongoing", "completed")


@dataclass(frozen=True)
class ItemProgress:
    """An item's progress computed from its activities and the indicator it targets."""

    state: str  # a ProgressState value
    figure: int | None  # the indicator's figure for the year (counted and reported)
    target: int | None
    activities: tuple[tuple[str, str], ...]  # (code, status) of the linked activities

    @property
    def state_label(self) -> str:
        return str(ProgressState(self.state).label)

    @property
    def figure_label(self) -> str:
        """ "7 of 6,000", "7" without a target, "" without an indicator; the numbers in
        the reader's language ("7 de 6000" in Spanish)."""
        if self.figure is None:
            return ""
        if self.target:
            return _("%(figure)s of %(target)s") % {
                "figure": number_text(self.figure),
                "target": number_text(self.target),
            }
        return number_text(self.figure)

    @property
    def label(self) -> str:
        figure = self.figure_label
        return f"{self.state_label} ({figure})" if figure else self.state_label


def workplan_item_activities(item: WorkplanItem) -> list[Activity]:
    """The activities that deliver an item (its linked activity)."""
    return [item.activity] if item.activity is not None else []


def _year_share(year: int, today: datetime.date) -> float:
    """How much of the year has gone by on `today` (0 before it starts, 1 after it ends)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if today < start:
        return 0.0
    if today > end:
        return 1.0
    return ((today - start).days + 1) / ((end - start).days + 1)


def item_progress(
    item: WorkplanItem, values: ind.MeasureValues | None, *, today: datetime.date
) -> ItemProgress:
    """Planned, ongoing, done or behind, from the linked activities and the indicator.

    * Done: the indicator's figure for the year reaches the target, or (without an
      indicator target) every linked activity that was not cancelled is completed.
    * Behind: not done, and the year is over; or a linked activity is still planned
      after its start date; or work has started (or nothing is linked) and the figure
      is below the target's share for the part of the year gone by.
    * Ongoing: a linked activity is under way or done, or the figure is above 0.
    * Planned: otherwise (the linked activities are still ahead).
    """
    year = item.workplan.year
    linked = [a for a in workplan_item_activities(item) if a.status != "cancelled"]
    statuses = [a.status for a in linked]
    figure = int(Decimal(values.value) + values.reported) if item.measure and values else None
    target = item.target_value if figure is not None else None
    started = any(status in _STARTED for status in statuses)
    if target:
        done = figure is not None and figure >= target
    else:
        done = bool(statuses) and all(status == "completed" for status in statuses)
    share = _year_share(year, today)
    overdue = any(a.status == "planned" and a.start_date < today for a in linked)
    below_pace = bool(
        target and figure is not None and (started or not linked) and figure < target * share
    )
    if done:
        state = ProgressState.DONE
    elif share >= 1.0 or overdue or below_pace:
        state = ProgressState.BEHIND
    elif started or (figure or 0) > 0:
        state = ProgressState.ONGOING
    else:
        state = ProgressState.PLANNED
    return ItemProgress(
        state=state.value,
        figure=figure,
        target=item.target_value,
        activities=tuple((a.code, a.status) for a in workplan_item_activities(item)),
    )


def workplan_items_progress(
    workplan: Workplan, *, today: datetime.date | None = None
) -> dict[int, ItemProgress]:
    """Each item's computed progress (by item id), from one computation of the year."""
    today = today or datetime.date.today()
    items = list(workplan.items.all())
    computed = (
        ind.compute_cached(ind.Scope(year=workplan.year)).measures
        if any(item.measure for item in items)
        else {}
    )
    return {item.pk: item_progress(item, computed.get(item.measure), today=today) for item in items}


def workplan_progress(
    workplan: Workplan, progress: dict[int, ItemProgress] | None = None
) -> dict[str, int]:
    """How many items are planned, ongoing, done and behind."""
    progress = workplan_items_progress(workplan) if progress is None else progress
    counts: dict[str, int] = defaultdict(int)
    for row in progress.values():
        counts[row.state] += 1
    return dict(counts)


def workplan_items_for_choice(period: Any) -> QuerySet[WorkplanItem]:
    """Items of the period's workplans that an activity can be placed under (forms)."""
    first, last = period.start_year, period.end_year
    return (
        WorkplanItem.objects.filter(workplan__year__gte=first, workplan__year__lte=last)
        .select_related("workplan")
        .order_by("-workplan__year", "order", "pk")
    )


def risks(*, include_closed: bool = True) -> QuerySet[Risk]:
    qs = Risk.objects.prefetch_related("actions", "reviews")
    if not include_closed:
        qs = qs.filter(status="open")
    return qs


@dataclass
class HeatCell:
    likelihood: int
    impact: int
    risks: list[Risk]

    @property
    def level(self) -> str:
        score = self.likelihood * self.impact
        if score >= 15:
            return "critical"
        if score >= 10:
            return "high"
        if score >= 5:
            return "medium"
        return "low"


def risk_heat_map(risk_list: list[Risk]) -> list[list[HeatCell]]:
    """Rows of impact 5 down to 1, columns of likelihood 1 to 5; open risks only."""
    grid = [
        [HeatCell(likelihood, impact, []) for likelihood in range(1, 6)]
        for impact in range(5, 0, -1)
    ]
    for risk in risk_list:
        if risk.status == "open":
            grid[5 - risk.impact][risk.likelihood - 1].risks.append(risk)
    return grid


def personal_data(user: Any) -> dict[str, Any]:
    """What monitoring holds about a person: the records they authored as staff.

    Authorship is set to empty when the account is deleted (SET_NULL), so no eraser is
    needed; the records themselves are the institute's, not the person's.
    """

    return {
        "reported_values": [
            {
                "measure": v.measure,
                "year": v.year,
                "value": str(v.value),
                "reported_on": str(v.reported_on),
            }
            for v in ReportedValue.objects.filter(author=user)
        ],
        "workplan_reviews": [
            {"year": r.workplan.year, "kind": r.kind, "reviewed_on": str(r.reviewed_on)}
            for r in WorkplanReview.objects.filter(author=user).select_related("workplan")
        ],
        "risk_reviews": [
            {"risk": r.risk.code, "reviewed_on": str(r.reviewed_on)}
            for r in RiskReview.objects.filter(reviewer=user).select_related("risk")
        ],
    }


def workplan_items_open(*, year: int | None = None) -> list[tuple[int, str]]:
    """Items of a year's workplan (this year's by default) not yet carried out by an activity.

    What an event or course form offers to place its activity on (through the programme's
    `placement` hook): an item already linked is reached by attaching to its activity.
    """
    year = year or datetime.date.today().year
    items = (
        WorkplanItem.objects.filter(workplan__year=year, activity__isnull=True)
        .only("id", "title", "original_language")
        .order_by("order", "id")[:200]
    )
    return [(item.pk, str(item)) for item in items]

"""Reads for the results pages, exports and API: indicators with labels, workplans, risks."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from iite.accounts.models import Sex
from iite.partners.models import Partner
from iite.programme.models import (
    Activity,
    ActivityKind,
    AggregateParticipation,
    Participation,
)
from iite.reference.models import Country, PriorityRegion, UnescoRegion

from . import indicators as ind
from .models import (
    ReportedValue,
    Risk,
    Workplan,
    WorkplanItem,
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
    from iite.strategy.models import Priority, ProgrammePillar, StrategicObjective

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


def dimension_labels(dims: set[str]) -> dict[str, dict[str, str]]:
    """Labels for the keys of each dimension, in the active language (a few small queries)."""
    from iite.strategy.models import ProgrammePillar, TargetGroup

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
            for p in ProgrammePillar.objects.filter(period__is_current=True).only("code", "title")
        }
    if "target_group" in dims:
        groups = {
            g.code: str(g.title)
            for g in TargetGroup.objects.filter(period__is_current=True).only("code", "title")
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
    def progress(self) -> int | None:
        """Per cent of the year's target reached, computed plus reported values."""
        if not self.target:
            return None
        return round(100 * float(self.total) / self.target)

    @property
    def progress_bar(self) -> int:
        return min(self.progress or 0, 100)


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
                    row.dims.append(DimensionTable(dim, str(ind.DIMENSION_LABELS[dim]), table_rows))
            rows.append(row)
        blocks.append(IndicatorBlock(indicator, rows))
    return blocks


# --- The records behind a figure -----------------------------------------------------------


@dataclass
class FigureActivity:
    activity: Activity
    people: int | None  # distinct people for people measures; None for other units
    aggregate: int


def figure_activities(
    measure: ind.Measure,
    scope: ind.Scope,
    *,
    dim: str = "",
    key: str = "",
    public_only: bool = True,
) -> list[FigureActivity]:
    """The activities whose records make up a figure, with their people where counted."""
    activities = Activity.objects.filter(
        start_date__gte=scope.start, start_date__lte=scope.end
    ).filter(ind._activity_filter(scope))
    if public_only:
        activities = activities.filter(is_public=True)
    if measure.unit in ("people", "activities"):
        activities = activities.filter(kind__in=measure.kinds, status__in=measure.statuses)
    elif measure.unit == "partners":
        activities = activities.filter(
            status__in=ind.COUNTED_STATUSES, partners__isnull=False
        ).distinct()
    else:
        activities = activities.filter(status__in=ind.COUNTED_STATUSES).filter(
            Q(target_countries__isnull=False)
            | Q(kind__in=ind.ADVICE_KINDS, participations__country__isnull=False)
        )
        activities = activities.distinct()
    if measure.activity_q is not None:
        activities = activities.alias(has_partner=ind._has_partner()).filter(measure.activity_q)
    people_filter = Q()
    if measure.unit == "people" and measure.participation_q is not None:
        people_filter &= measure.participation_q
    if scope.region and measure.unit == "people":
        people_filter &= Q(country__unesco_region=scope.region)
    elif scope.region and measure.unit in ("activities", "countries"):
        activities = activities.filter(target_countries__unesco_region=scope.region).distinct()
    elif scope.region and measure.unit == "partners":
        activities = activities.filter(partners__country__unesco_region=scope.region).distinct()
    if dim and key:
        activities, people_filter = _narrow(measure, activities, people_filter, dim, key)
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
    people: dict[int, int] = {}
    aggregate: dict[int, int] = {}
    if measure.unit == "people" and activity_list:
        ids = [a.id for a in activity_list]
        people = dict(
            Participation.objects.filter(people_filter, activity_id__in=ids)
            .values("activity_id")
            .annotate(n=Count("person_key", distinct=True))
            .values_list("activity_id", "n")
        )
        aggregate = dict(
            AggregateParticipation.objects.filter(activity_id__in=ids)
            .values("activity_id")
            .annotate(n=Sum("total"))
            .values_list("activity_id", "n")
        )
        activity_list = [a for a in activity_list if people.get(a.id) or aggregate.get(a.id)]
    return [
        FigureActivity(
            a,
            people.get(a.id, 0) if measure.unit == "people" else None,
            int(aggregate.get(a.id) or 0),
        )
        for a in activity_list
    ]


def _narrow(
    measure: ind.Measure, activities: QuerySet[Activity], people: Q, dim: str, key: str
) -> tuple[QuerySet[Activity], Q]:
    person_level = measure.unit == "people"
    if dim == "pillar":
        activities = activities.filter(pillars__code=key).distinct()
    elif dim == "kind":
        activities = activities.filter(kind=key)
    elif dim == "target_group" and not person_level:
        activities = activities.filter(target_groups__code=key).distinct()
    elif dim == "target_group":
        lookups = ind._lookups()
        roles = [role for role, codes in lookups.role_groups.items() if key in codes]
        people &= Q(person_role__in=roles)
    elif dim == "sex" and person_level:
        people &= Q(sex=key)
    elif dim == "country":
        if person_level:
            people &= Q(country__iso2=key)
        else:
            activities = activities.filter(target_countries__iso2=key).distinct()
    elif dim == "unesco_region":
        if person_level:
            people &= Q(country__unesco_region=key)
        elif measure.unit == "partners":
            activities = activities.filter(partners__country__unesco_region=key).distinct()
        else:
            activities = activities.filter(target_countries__unesco_region=key).distinct()
    elif dim == "priority_region":
        if person_level:
            people &= Q(country__priority_regions__code=key)
        else:
            activities = activities.filter(target_countries__priority_regions__code=key).distinct()
    elif dim in ("partner_kind", "relationship_level", "sector"):
        field_name = "kind" if dim == "partner_kind" else dim
        activities = activities.filter(**{f"partners__{field_name}": key}).distinct()
    return activities, people


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


def workplan_progress(workplan: Workplan) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for item in workplan.items.all():
        counts[item.progress] += 1
    return dict(counts)


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
    from .models import RiskReview, WorkplanReview

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

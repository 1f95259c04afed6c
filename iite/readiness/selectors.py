"""Reading campaigns: scores per area and group, gaps, comparison and aggregates.

Every figure carries the number of respondents behind it, and any figure built on fewer
than the campaign's minimum (never less than MIN_GROUP_SIZE) is replaced by None before
it leaves this module: the report page, its PDF, its CSV and the aggregates all read
from here, so none of them can show a small group's answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from iite.events.selectors import public_events
from iite.learning.selectors import courses_published
from iite.reference.models import Country

from .models import (
    MIN_GROUP_SIZE,
    AccessCode,
    Area,
    Campaign,
    CampaignStatus,
    Framework,
    Response,
    Statement,
)


@dataclass(frozen=True)
class Figure:
    """A mean on the 1–5 scale and how many respondents gave it; hidden below the minimum."""

    mean: float | None
    respondents: int

    @property
    def hidden(self) -> bool:
        return self.mean is None


@dataclass
class AreaRow:
    area: Area
    by_group: dict[str, Figure]
    previous: dict[str, Figure] = field(default_factory=dict)


@dataclass
class Gap:
    statement: Statement
    by_group: dict[str, Figure]
    spread: float


@dataclass
class Report:
    campaign: Campaign
    groups: tuple[str, ...]
    respondents: dict[str, int]
    shown_groups: tuple[str, ...]
    areas: list[AreaRow]
    gaps: list[Gap]
    statements: list[tuple[Statement, dict[str, Figure]]]


def frameworks_current() -> QuerySet[Framework]:
    return Framework.objects.filter(is_current=True).order_by("level", "code")


def framework_with_content(code: str, version: int) -> Framework | None:
    return (
        Framework.objects.filter(code=code, version=version)
        .prefetch_related("scale", "areas__statements")
        .first()
    )


def campaign_statements(campaign: Campaign) -> list[Statement]:
    """The statements of the campaign: every core item plus the optional items it chose."""
    chosen = set(campaign.optional_statements.values_list("pk", flat=True))
    return [
        statement
        for statement in Statement.objects.filter(area__framework=campaign.framework)
        .select_related("area")
        .order_by("area__order", "order")
        if not statement.optional or statement.pk in chosen
    ]


def statements_for_group(campaign: Campaign, group: str) -> list[Statement]:
    return [s for s in campaign_statements(campaign) if group in s.groups]


def campaigns_of(user: Any) -> QuerySet[Campaign]:
    return Campaign.objects.filter(coordinator=user).select_related("framework", "country")


def code_lookup(code: str) -> AccessCode | None:
    return (
        AccessCode.objects.filter(code=code.strip().upper())
        .select_related("campaign__framework", "campaign__country")
        .first()
    )


def response_lookup(resume_key: str) -> Response | None:
    return (
        Response.objects.filter(resume_key=resume_key)
        .select_related("campaign__framework", "campaign__country")
        .first()
    )


def threshold(campaign: Campaign) -> int:
    return max(campaign.min_respondents, MIN_GROUP_SIZE)


def respondents(campaign: Campaign) -> dict[str, int]:
    """Submitted responses per group (a count is not an answer: shown to the coordinator)."""
    rows = (
        Response.objects.filter(campaign=campaign, submitted=True)
        .values("group")
        .annotate(n=Count("pk"))
    )
    counts = dict.fromkeys(campaign.framework.groups, 0)
    counts.update({row["group"]: row["n"] for row in rows})
    return counts


def _figure(total: int | None, answers: int, people: int, minimum: int) -> Figure:
    if people < minimum or not answers:
        return Figure(None, people)
    return Figure(round((total or 0) / answers, 2), people)


def _area_figures(campaign: Campaign) -> dict[tuple[int, str], Figure]:
    minimum = threshold(campaign)
    wanted = [s.pk for s in campaign_statements(campaign)]
    rows = (
        Response.objects.filter(campaign=campaign, submitted=True)
        .filter(answers__value__isnull=False, answers__statement__in=wanted)
        .values("group", "answers__statement__area")
        .annotate(
            people=Count("pk", distinct=True),
            given=Count("answers"),
            total=Sum("answers__value"),
        )
    )
    return {
        (row["answers__statement__area"], row["group"]): _figure(
            row["total"], row["given"], row["people"], minimum
        )
        for row in rows
    }


def _statement_figures(campaign: Campaign) -> dict[tuple[int, str], Figure]:
    minimum = threshold(campaign)
    rows = (
        Response.objects.filter(campaign=campaign, submitted=True)
        .filter(answers__value__isnull=False)
        .values("group", "answers__statement")
        .annotate(people=Count("pk", distinct=True), total=Sum("answers__value"))
    )
    return {
        (row["answers__statement"], row["group"]): _figure(
            row["total"], row["people"], row["people"], minimum
        )
        for row in rows
    }


def report(campaign: Campaign, *, gaps: int = 5) -> Report:
    groups = campaign.framework.groups
    counts = respondents(campaign)
    minimum = threshold(campaign)
    shown = tuple(group for group in groups if counts.get(group, 0) >= minimum)
    empty = Figure(None, 0)
    area_figures = _area_figures(campaign)
    previous_figures: dict[tuple[str, str], Figure] = {}
    if campaign.previous_id and campaign.previous is not None:
        previous = campaign.previous
        codes = dict(Area.objects.filter(framework=previous.framework).values_list("pk", "code"))
        previous_figures = {
            (codes[area], group): figure
            for (area, group), figure in _area_figures(previous).items()
        }
    areas = []
    statements = campaign_statements(campaign)
    area_ids = {s.area_id for s in statements}
    for area in Area.objects.filter(framework=campaign.framework, pk__in=area_ids):
        row = AreaRow(area, {g: area_figures.get((area.pk, g), empty) for g in groups})
        if previous_figures:
            row.previous = {g: previous_figures.get((area.code, g), empty) for g in groups}
        areas.append(row)
    statement_figures = _statement_figures(campaign)
    table = [(s, {g: statement_figures.get((s.pk, g), empty) for g in groups}) for s in statements]
    spreads = []
    for statement, by_group in table:
        values = [f.mean for f in by_group.values() if f.mean is not None]
        if len(values) >= 2:
            spreads.append(Gap(statement, by_group, round(max(values) - min(values), 2)))
    spreads.sort(key=lambda gap: (-gap.spread, gap.statement.area.order, gap.statement.order))
    return Report(campaign, groups, counts, shown, areas, spreads[:gaps], table)


def suggestions(area: Area, *, limit: int = 4) -> list[dict[str, str]]:
    """The institute's courses and coming events on an area, for an action plan."""
    found: list[dict[str, str]] = []
    if area.course_topics:
        for course in courses_published().filter(topic__in=area.course_topics)[:limit]:
            found.append(
                {
                    "key": f"course:{course.slug}",
                    "title": str(course.title),
                    "url": course.get_absolute_url(),
                    "kind": "course",
                }
            )
    if area.event_themes:
        events = public_events().filter(themes__slug__in=area.event_themes).distinct()
        for event in events.order_by("-starts_at")[:limit]:
            found.append(
                {
                    "key": f"event:{event.slug}",
                    "title": str(event.title),
                    "url": event.get_absolute_url(),
                    "kind": "event",
                }
            )
    return found


def resources_by_key(keys: Iterable[str]) -> dict[str, dict[str, str]]:
    """Linked offers of an action plan, as they stand now (titles in the reader's language)."""
    slugs: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        kind, _sep, slug = key.partition(":")
        slugs[kind].append(slug)
    found: dict[str, dict[str, str]] = {}
    for course in courses_published().filter(slug__in=slugs.get("course", [])):
        found[f"course:{course.slug}"] = {
            "title": str(course.title),
            "url": course.get_absolute_url(),
        }
    for event in public_events().filter(slug__in=slugs.get("event", [])):
        found[f"event:{event.slug}"] = {"title": str(event.title), "url": event.get_absolute_url()}
    return found


# --- Aggregates for policy -------------------------------------------------------------


@dataclass
class AggregateRow:
    label: str
    campaigns: int
    respondents: int
    by_area: dict[str, Figure]
    named: list[str]


def _counted_campaigns(framework: Framework) -> QuerySet[Campaign]:
    return Campaign.objects.filter(
        framework=framework, status__in=(CampaignStatus.OPEN, CampaignStatus.CLOSED)
    )


def aggregates(framework: Framework, *, by: str = "country") -> list[AggregateRow]:
    """Anonymised totals of a framework's campaigns per country or UNESCO region and area.

    A row is shown only when it pools at least two institutions (or its only institution
    chose to be shown), and each area's figure only when at least MIN_GROUP_SIZE people
    answered it, so no single school can be read off the table.
    """
    column = "campaign__country__iso2" if by == "country" else "campaign__country__unesco_region"
    campaigns = _counted_campaigns(framework)
    rows = (
        Response.objects.filter(campaign__in=campaigns, submitted=True)
        .filter(answers__value__isnull=False)
        .values(column, "answers__statement__area__code")
        .annotate(
            people=Count("pk", distinct=True),
            given=Count("answers"),
            total=Sum("answers__value"),
        )
    )
    per_unit = campaigns.values(
        "country__iso2" if by == "country" else "country__unesco_region"
    ).annotate(
        n=Count("pk", distinct=True),
        institutions=Count("institution", distinct=True),
        shared=Count("institution", filter=Q(share_with_institute=True), distinct=True),
        people=Count("responses", filter=Q(responses__submitted=True), distinct=True),
    )
    units = {
        row["country__iso2" if by == "country" else "country__unesco_region"]: row
        for row in per_unit
    }
    figures: dict[str, dict[str, Figure]] = defaultdict(dict)
    for row in rows:
        figures[row[column]][row["answers__statement__area__code"]] = _figure(
            row["total"], row["given"], row["people"], MIN_GROUP_SIZE
        )
    labels = _unit_labels(by, units)
    result = []
    for key, unit in units.items():
        # Two campaigns of one school (two years) would still show that school alone.
        pooled = unit["institutions"] >= 2 or unit["shared"] == unit["institutions"]
        if not pooled or unit["people"] < MIN_GROUP_SIZE:
            continue
        named = []
        if unit["shared"]:
            named = list(
                campaigns.filter(share_with_institute=True)
                .filter(
                    **(
                        {"country__iso2": key}
                        if by == "country"
                        else {"country__unesco_region": key}
                    )
                )
                .values_list("institution", flat=True)
            )
        result.append(
            AggregateRow(labels.get(key, key), unit["n"], unit["people"], figures[key], named)
        )
    result.sort(key=lambda row: row.label)
    return result


def _unit_labels(by: str, units: dict[str, Any]) -> dict[str, str]:
    if by == "country":
        return {c.iso2: str(c.name) for c in Country.objects.filter(iso2__in=list(units))}
    choices = dict(Country._meta.get_field("unesco_region").choices or [])
    return {key: str(choices.get(key, key)) for key in units}


def supported_campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.filter(supported_activity__isnull=False)

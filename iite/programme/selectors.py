"""Reads of activities and participation. Public reads return aggregates only."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from iite.accounts.models import Sex
from iite.core.disaggregation import Disaggregation, Tables, sex_split
from iite.core.i18n import translated_search
from iite.reference.models import Country

from .models import (
    Activity,
    AggregateParticipation,
    Participation,
    ParticipationRole,
    Person,
    UnitMembership,
    person_email_normalise,
    person_name_key,
)


def _base() -> QuerySet[Activity]:
    return Activity.objects.select_related("period", "unit", "initiative").prefetch_related(
        "pillars"
    )


def activity_list_public() -> QuerySet[Activity]:
    return _base().filter(is_public=True)


def activity_list_staff() -> QuerySet[Activity]:
    """Every activity, with its participant count (individual + aggregate) annotated."""
    individual = (
        Participation.objects.filter(activity=OuterRef("pk"))
        .order_by()
        .values("activity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    aggregate = (
        AggregateParticipation.objects.filter(activity=OuterRef("pk"))
        .order_by()
        .values("activity")
        .annotate(n=Sum("total"))
        .values("n")
    )
    return _base().annotate(
        participant_count=Coalesce(Subquery(individual, output_field=IntegerField()), Value(0))
        + Coalesce(Subquery(aggregate, output_field=IntegerField()), Value(0))
    )


def activity_filter(queryset: QuerySet[Activity], filters: dict[str, Any]) -> QuerySet[Activity]:
    """Apply the cleaned filters of ActivityFilterForm (or the API's query schema)."""
    through = Activity.pillars.through
    if filters.get("period"):
        queryset = queryset.filter(period=filters["period"])
    if filters.get("year"):
        queryset = queryset.filter(start_date__year=filters["year"])
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("modality"):
        queryset = queryset.filter(modality=filters["modality"])
    if filters.get("unit"):
        queryset = queryset.filter(unit=filters["unit"])
    if filters.get("pillar"):
        queryset = queryset.filter(
            pk__in=through.objects.filter(programmepillar=filters["pillar"]).values("activity_id")
        )
    if filters.get("objective"):
        queryset = queryset.filter(
            pk__in=Activity.objectives.through.objects.filter(
                strategicobjective=filters["objective"]
            ).values("activity_id")
        )
    if filters.get("region"):
        queryset = queryset.filter(
            pk__in=Activity.target_countries.through.objects.filter(
                country__unesco_region=filters["region"]
            ).values("activity_id")
        )
    if filters.get("priority_region"):
        queryset = queryset.filter(
            pk__in=Activity.target_regions.through.objects.filter(
                priorityregion__code=filters["priority_region"]
            ).values("activity_id")
        )
    term = (filters.get("q") or "").strip()
    if term:
        queryset = queryset.filter(translated_search("title", term) | Q(code__icontains=term))
    return queryset


def activity_years() -> list[int]:
    return sorted({d.year for d in Activity.objects.dates("start_date", "year")}, reverse=True)


@dataclass
class ParticipationSummary:
    """Counts for one activity: individual records and aggregate records added together."""

    total: int = 0
    individual: int = 0
    aggregate: int = 0
    completed: int = 0
    certified: int = 0
    by_role: list[tuple[str, int]] = field(default_factory=list)
    by_sex: list[tuple[str, int]] = field(default_factory=list)
    by_country: list[tuple[Country, int]] = field(default_factory=list)
    countries_reached: int = 0
    aggregate_records: list[AggregateParticipation] = field(default_factory=list)


def participation_summary(activity: Activity) -> ParticipationSummary:
    """Aggregates only, safe to show publicly: no name, no email, no person key."""
    summary = ParticipationSummary()
    individual = Participation.objects.filter(activity=activity).order_by()
    tables: Tables = {}
    by_person = Disaggregation({"role": "role", "sex": lambda row: row["sex"] or Sex.NOT_STATED})
    for row in individual.values("role", "sex").annotate(
        n=Count("pk"),
        done=Count("pk", filter=Q(completed=True)),
        certs=Count("pk", filter=Q(certified=True)),
    ):
        by_person.add(tables, row, row["n"])
        summary.individual += row["n"]
        summary.completed += row["done"]
        summary.certified += row["certs"]
    countries = Disaggregation({"country": lambda row: str(row["country"])}).tables(
        individual.exclude(country=None).values("country").annotate(n=Count("pk"))
    )
    aggregates = list(
        AggregateParticipation.objects.filter(activity=activity)
        .select_related("target_group")
        .prefetch_related("countries")
        .order_by("pk")
    )
    by_record = Disaggregation(
        {
            "role": lambda record: record.role,
            "sex": lambda record: sex_split(
                record.total,
                record.female,
                record.male,
                record.another,
                record.not_stated,
                rest=Sex.NOT_STATED,
            ),
        }
    )
    aggregate_countries: set[int] = set()
    widest = 0
    for record in aggregates:
        summary.aggregate += record.total
        by_record.add(tables, record, record.total)
        summary.completed += record.completed
        summary.certified += record.certified
        aggregate_countries.update(country.pk for country in record.countries.all())
        widest = max(widest, record.country_count)
    summary.total = summary.individual + summary.aggregate
    roles, sexes = tables.get("role", {}), tables.get("sex", {})
    role_labels = dict(ParticipationRole.choices)
    summary.by_role = [
        (str(role_labels[r]), roles[r]) for r in ParticipationRole.values if roles.get(r)
    ]
    sex_labels = dict(Sex.choices)
    summary.by_sex = [(str(sex_labels[s]), sexes[s]) for s in Sex.values if sexes.get(s)]
    by_country = {int(pk): n for pk, n in countries.get("country", {}).items()}
    country_ids = set(by_country) | aggregate_countries
    by_pk = Country.objects.in_bulk(country_ids) if country_ids else {}
    summary.by_country = sorted(
        ((by_pk[pk], n) for pk, n in by_country.items() if pk in by_pk),
        key=lambda item: (-item[1], item[0].iso2),
    )
    summary.countries_reached = max(len(country_ids), widest)
    summary.aggregate_records = aggregates
    return summary


def participation_list_staff(activity: Activity) -> QuerySet[Participation]:
    """Individual records with the person, for staff who may see them."""
    return (
        Participation.objects.filter(activity=activity)
        .select_related("person", "country")
        .order_by("role", "pk")
    )


def unit_memberships() -> QuerySet[UnitMembership]:
    return UnitMembership.objects.select_related("user", "unit", "unit__period").order_by(
        "unit__period", "unit__order", "user__email"
    )


# --- Person records (people without accounts) --------------------------------------------


def person_find(text: str) -> QuerySet[Person]:
    """The person records of an exact e-mail address or an exact name (any case and
    spacing), for a request to see or erase one's data; never a listing of everyone."""
    text = (text or "").strip()
    if not text:
        return Person.objects.none()
    if "@" in text:
        found = Person.objects.filter(email=person_email_normalise(text))
    else:
        key = person_name_key(text)
        found = Person.objects.filter(Q(name__iexact=" ".join(text.split())) | Q(name_key=key))
    return (
        found.select_related("country", "user")
        .annotate(
            participations=Subquery(
                Participation.objects.filter(person_key=OuterRef("person_key"))
                .order_by()
                .values("person_key")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            )
        )
        .order_by("email", "name")[:50]
    )

"""Activities as open data: /api/activities/. Public answers carry aggregates only."""

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth

from iite.core.pagination import LazyPage, PageNumber
from iite.reference.models import PriorityRegion, UnescoRegion
from iite.strategy.models import ProgrammePillar, ProgrammeUnit, StrategicObjective, StrategyPeriod

from . import permissions, selectors
from .models import Activity, ActivityKind, ActivityStatus, Modality

router = Router(tags=["activities"])


class ActivityFilters(Schema):
    period: str | None = Field(None, description="Strategy period code, e.g. 2026-2029")
    year: int | None = Field(None, ge=1997, le=2100, description="Year of the start date")
    kind: ActivityKind | None = None
    pillar: int | None = Field(None, description="Programme pillar id")
    objective: int | None = Field(None, description="Strategic objective id")
    unit: int | None = Field(None, description="Programme unit id")
    status: ActivityStatus | None = None
    modality: Modality | None = None
    region: UnescoRegion | None = Field(None, description="UNESCO region of a target country")
    priority_region: str | None = Field(None, description="Priority region code")
    q: str | None = Field(None, max_length=100, description="Search in titles and codes")


class ActivityOut(Schema):
    code: str
    title: dict[str, str]
    original_language: str
    kind: str
    period: str
    start_date: datetime.date
    end_date: datetime.date
    modality: str
    status: str
    languages: list[str]
    pillars: list[str]
    unit: str | None
    url: str


class CountOut(Schema):
    label: str
    count: int


class CountryCountOut(Schema):
    iso2: str
    count: int


class SummaryOut(Schema):
    total: int
    individual: int
    aggregate: int
    completed: int
    certified: int
    countries_reached: int
    by_role: list[CountOut]
    by_sex: list[CountOut]
    by_country: list[CountryCountOut]


class ActivityDetailOut(ActivityOut):
    description: dict[str, str]
    objectives: list[str]
    output: str | None
    initiative: str | None
    target_countries: list[str]
    target_regions: list[str]
    target_groups: list[str]
    priorities: list[str]
    partners: list[str]
    participation: SummaryOut


class ParticipationOut(Schema):
    person_key: str
    email: str | None
    name: str | None
    role: str
    attended: bool
    completed: bool
    certified: bool
    country: str | None
    sex: str
    person_role: str
    source: str


def _check_filters(filters: ActivityFilters) -> dict[str, Any]:
    """Turn codes and ids into objects; an unknown one is a 400 naming the field."""
    values = filters.dict(exclude_none=True)
    lookups = {
        "period": (StrategyPeriod, "code"),
        "pillar": (ProgrammePillar, "pk"),
        "objective": (StrategicObjective, "pk"),
        "unit": (ProgrammeUnit, "pk"),
    }
    for name, (model, key) in lookups.items():
        if name in values:
            found = model._default_manager.filter(**{key: values[name]}).first()
            if found is None:
                raise HttpError(400, f"query.{name}: no such {name}: {values[name]!r}.")
            values[name] = found
    if (
        "priority_region" in values
        and not PriorityRegion.objects.filter(code=values["priority_region"]).exists()
    ):
        raise HttpError(
            400, f"query.priority_region: no such priority region: {values['priority_region']!r}."
        )
    return values


def _activity(activity: Activity) -> dict[str, Any]:
    return {
        "code": activity.code,
        "title": dict(activity.title),
        "original_language": activity.original_language,
        "kind": activity.kind,
        "period": activity.period.code,
        "start_date": activity.start_date,
        "end_date": activity.end_date,
        "modality": activity.modality,
        "status": activity.status,
        "languages": list(activity.languages or []),
        "pillars": [pillar.code for pillar in activity.pillars.all()],
        "unit": activity.unit.code if activity.unit else None,
        "url": activity.get_absolute_url(),
    }


@router.get(
    "/",
    response=list[ActivityOut],
    summary="Public activities, filtered and paginated",
)
@paginate(PageNumber, page_size=50)
def list_activities(request: HttpRequest, filters: Query[ActivityFilters]) -> list[dict[str, Any]]:
    queryset = selectors.activity_filter(selectors.activity_list_public(), _check_filters(filters))
    return LazyPage(queryset, _activity)  # type: ignore[return-value]


def _summary(activity: Activity) -> dict[str, Any]:
    summary = selectors.participation_summary(activity)
    return {
        "total": summary.total,
        "individual": summary.individual,
        "aggregate": summary.aggregate,
        "completed": summary.completed,
        "certified": summary.certified,
        "countries_reached": summary.countries_reached,
        "by_role": [{"label": label, "count": n} for label, n in summary.by_role],
        "by_sex": [{"label": label, "count": n} for label, n in summary.by_sex],
        "by_country": [{"iso2": c.iso2, "count": n} for c, n in summary.by_country],
    }


@router.get(
    "/{code}",
    response=ActivityDetailOut,
    summary="One public activity with its participation in aggregate",
)
def activity_detail(request: HttpRequest, code: str) -> dict[str, Any]:
    activity = get_object_or_404(
        selectors.activity_list_public().select_related("output"), code=code
    )
    return {
        **_activity(activity),
        "description": dict(activity.description),
        "objectives": [o.code for o in activity.objectives.all()],
        "output": activity.output.code if activity.output else None,
        "initiative": activity.initiative.code if activity.initiative else None,
        "target_countries": [c.iso2 for c in activity.target_countries.all()],
        "target_regions": [r.code for r in activity.target_regions.all()],
        "target_groups": [g.code for g in activity.target_groups.all()],
        "priorities": [p.code for p in activity.priorities.all()],
        "partners": [p.slug for p in activity.partners.all()],
        "participation": _summary(activity),
    }


@router.get(
    "/{code}/participations",
    response=list[ParticipationOut],
    auth=django_auth,
    summary="Staff only: the individual participation records of an activity",
)
@paginate(PageNumber, page_size=100)
def activity_participations(request: HttpRequest, code: str) -> Any:
    if not permissions.can_view_participants(request.user):
        raise HttpError(403, "You may not see individual participation records.")
    activity = Activity.objects.filter(code=code).first()
    if activity is None:
        raise Http404("No activity has this code.")
    return LazyPage(selectors.participation_list_staff(activity), _participation)


def _participation(record: Any) -> dict[str, Any]:
    return {
        "person_key": str(record.person_key),
        "email": record.person.email if record.person else None,
        "name": record.person.name if record.person else None,
        "role": record.role,
        "attended": record.attended,
        "completed": record.completed,
        "certified": record.certified,
        "country": record.country.iso2 if record.country else None,
        "sex": record.sex,
        "person_role": record.person_role,
        "source": record.source,
    }

"""Reads of events: the public catalogue, an event page, a person's registrations, figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from iite.accounts.models import Sex
from iite.core.disaggregation import Disaggregation
from iite.core.i18n import translated_search
from iite.core.zones import valid_zone
from iite.partners.models import Partner
from iite.programme.models import Participation
from iite.reference.models import UnescoRegion
from iite.strategy.models import TargetGroup

from .models import (
    EVENT_KINDS,
    AttendanceImport,
    AttendanceImportState,
    AttendeeStatus,
    Event,
    EventSession,
    EventStatus,
    Registration,
    RegistrationStatus,
    Speaker,
)

BROWSER_ZONE_COOKIE = "iite_tz"


@dataclass(frozen=True)
class VisitorZone:
    name: str
    source: str  # "profile", "choice" or "default"


def visitor_zone(request: HttpRequest) -> VisitorZone:
    """The zone to show times in: a ?tz= choice, else the profile's, else the browser's, else UTC.

    The browser's zone arrives in the `iite_tz` cookie that static/js/platform.js sets where
    JavaScript runs; without it the visitor picks from the full IANA list.
    """
    chosen = valid_zone(request.GET.get("tz"))
    if chosen:
        return VisitorZone(chosen, "choice")
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        own = valid_zone(getattr(user, "time_zone", ""))
        if own:
            return VisitorZone(own, "profile")
    detected = valid_zone(request.COOKIES.get(BROWSER_ZONE_COOKIE))
    if detected:
        return VisitorZone(detected, "browser")
    return VisitorZone("UTC", "default")


# --- Catalogue --------------------------------------------------------------------------


@dataclass
class CatalogueFilters:
    when: str = "upcoming"  # "upcoming" or "past"
    q: str = ""
    kind: str = ""
    theme: str = ""
    language: str = ""
    region: str = ""
    target_group: str = ""
    modality: str = ""
    date_from: date | None = None
    date_to: date | None = None
    errors: dict[str, str] = field(default_factory=dict)

    def as_params(self) -> dict[str, str]:
        """The filters that are set, as query-string parameters."""
        params = {
            "when": self.when,
            "q": self.q,
            "kind": self.kind,
            "theme": self.theme,
            "language": self.language,
            "region": self.region,
            "target_group": self.target_group,
            "modality": self.modality,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
        }
        return {name: value for name, value in params.items() if value}

    def cache_key(self) -> str:
        return "|".join(
            str(value)
            for value in (
                self.when,
                self.q,
                self.kind,
                self.theme,
                self.language,
                self.region,
                self.target_group,
                self.modality,
                self.date_from,
                self.date_to,
            )
        )


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def catalogue_filters(params: Any) -> CatalogueFilters:
    """Parse the catalogue's query string; unknown values are dropped, never an error page."""
    filters = CatalogueFilters(
        when="past" if params.get("when") == "past" else "upcoming",
        q=(params.get("q") or "").strip()[:100],
        kind=params.get("kind") if params.get("kind") in EVENT_KINDS else "",
        theme=(params.get("theme") or "")[:60],
        language=params.get("language")
        if params.get("language") in settings.LANGUAGE_CODES
        else "",
        region=(params.get("region") or "")[:50],
        target_group=(params.get("target_group") or "")[:32],
        modality=params.get("modality")
        if params.get("modality") in {"online", "onsite", "hybrid"}
        else "",
        date_from=_date(params.get("date_from")),
        date_to=_date(params.get("date_to")),
    )
    if params.get("date_from") and filters.date_from is None:
        filters.errors["date_from"] = "date_from"
    if params.get("date_to") and filters.date_to is None:
        filters.errors["date_to"] = "date_to"
    return filters


def public_events() -> QuerySet[Event]:
    return Event.objects.filter(status=EventStatus.PUBLISHED, activity__is_public=True)


def catalogue(filters: CatalogueFilters, now: datetime | None = None) -> QuerySet[Event]:
    """Published events matching the filters; upcoming soonest first, past latest first."""
    now = now or timezone.now()
    events = public_events().select_related("activity").prefetch_related("themes")
    if filters.when == "past":
        events = events.filter(ends_at__lt=now).order_by("-starts_at", "pk")
    else:
        events = events.filter(ends_at__gte=now).order_by("starts_at", "pk")
    if filters.q:
        events = events.filter(
            translated_search("title", filters.q) | translated_search("summary", filters.q)
        )
    if filters.kind:
        events = events.filter(activity__kind=filters.kind)
    if filters.theme:
        events = events.filter(themes__slug=filters.theme)
    if filters.language:
        # The languages list is JSON; a quoted code matches one element on both databases.
        events = events.filter(activity__languages__icontains=f'"{filters.language}"')
    if filters.region:
        events = events.filter(activity__target_regions__code=filters.region)
    if filters.target_group:
        events = events.filter(activity__target_groups__code=filters.target_group)
    if filters.modality:
        events = events.filter(activity__modality=filters.modality)
    if filters.date_from:
        events = events.filter(
            ends_at__gte=datetime.combine(filters.date_from, time.min, tzinfo=ZoneInfo("UTC"))
        )
    if filters.date_to:
        events = events.filter(
            starts_at__lte=datetime.combine(filters.date_to, time.max, tzinfo=ZoneInfo("UTC"))
        )
    if filters.theme or filters.region or filters.target_group:
        events = events.distinct()
    return events


def event_for_page(slug: str) -> Event | None:
    """An event with everything its page shows, in a fixed number of queries."""
    return (
        Event.objects.select_related("activity", "series")
        .prefetch_related(
            "themes",
            Prefetch(
                "sessions",
                queryset=EventSession.objects.prefetch_related(
                    Prefetch("speakers", queryset=Speaker.objects.filter(consent_to_publish=True))
                ),
            ),
            Prefetch("speakers", queryset=Speaker.objects.filter(consent_to_publish=True)),
            Prefetch("activity__partners", queryset=Partner.objects.filter(is_public=True)),
            "activity__target_regions",
            "activity__target_groups",
            "questions",
        )
        .filter(slug=slug)
        .first()
    )


def sessions_by_day(event: Event, zone: str) -> list[tuple[date, list[EventSession]]]:
    """The timetable grouped by day in the visitor's zone."""
    tz = ZoneInfo(zone)
    days: dict[date, list[EventSession]] = {}
    for session in event.sessions.all():
        days.setdefault(session.starts_at.astimezone(tz).date(), []).append(session)
    return list(days.items())


def registration_of(event: Event, user: Any) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event, user=user).first()


def registration_counts(event: Event) -> dict[str, int]:
    rows = (
        Registration.objects.filter(event=event).values("status").annotate(n=Count("pk")).order_by()
    )
    counts = dict.fromkeys(RegistrationStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def registrations_for_staff(event: Event) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(event=event)
        .select_related("user", "user__country", "certificate")
        .order_by("status", "created_at", "pk")
    )


def my_registrations(user: Any) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(user=user)
        .select_related("event", "certificate")
        .order_by("-event__starts_at")
    )


# --- Figures of an event (aggregates of its activity's participation) -------------------------


@dataclass
class EventFigures:
    registered: int
    attended: int
    certified: int
    by_region: list[tuple[str, int, int]]
    by_sex: list[tuple[str, int, int]]
    by_target_group: list[tuple[str, int, int]]


def event_figures(event: Event) -> EventFigures:
    """Participants and attendees by UNESCO region, sex and target group; counts only."""

    queryset = (
        Participation.objects.filter(activity_id=event.activity_id, role="participant")
        .values("country__unesco_region", "sex", "person_role", "attended", "certified")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows: list[dict[str, Any]] = [dict(row) for row in queryset]
    registered = sum(r["n"] for r in rows)
    attended = sum(r["n"] for r in rows if r["attended"])
    certified = sum(r["n"] for r in rows if r["certified"])

    not_stated = _("Not stated")
    regions = {code: str(label) for code, label in UnescoRegion.choices} | {"": not_stated}
    sexes = {code: str(label) for code, label in Sex.choices} | {"": not_stated}
    groups: dict[str, str] = {"": not_stated}
    for group in TargetGroup.objects.filter(period_id=event.activity.period_id).order_by("order"):
        for role in group.person_roles or []:
            groups.setdefault(role, str(group.title))

    def labelled(column: str, labels: dict[str, str]) -> Callable[[dict[str, Any]], str]:
        return lambda row: labels.get(row[column] or "", labels[""])

    by = Disaggregation(
        {
            "region": labelled("country__unesco_region", regions),
            "sex": labelled("sex", sexes),
            "group": labelled("person_role", groups),
        }
    )
    total = by.tables(rows)
    present = by.tables(rows, amount=lambda row: row["n"] if row["attended"] else 0)

    def split(dim: str) -> list[tuple[str, int, int]]:
        found = present.get(dim, {})
        return sorted((label, n, found.get(label, 0)) for label, n in total.get(dim, {}).items())

    return EventFigures(
        registered=registered,
        attended=attended,
        certified=certified,
        by_region=split("region"),
        by_sex=split("sex"),
        by_target_group=split("group"),
    )


def attendance_imports(event: Event) -> QuerySet[AttendanceImport]:
    """The event's imported reports, newest first, with how many attendees each still has
    for staff to check (a report still being checked or written is not imported yet)."""
    return (
        AttendanceImport.objects.filter(event=event, state=AttendanceImportState.DONE)
        .select_related("imported_by", "session")
        .annotate(to_check=Count("attendees", filter=Q(attendees__status=AttendeeStatus.UNMATCHED)))
        .order_by("-created_at")
    )


def attended_count(event: Event) -> int:
    return Participation.objects.filter(
        activity_id=event.activity_id, role="participant", attended=True
    ).count()


def manage_events(user: Any) -> QuerySet[Event]:
    return (
        Event.objects.select_related("activity")
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
            waitlisted=Count("registrations", filter=Q(registrations__status="waitlisted")),
        )
        .order_by("-starts_at")
    )


def events_with_attendance() -> QuerySet[Event]:
    """Events with at least one confirmed registrant who attended, newest first."""
    return (
        Event.objects.filter(registrations__status="confirmed", registrations__attended=True)
        .distinct()
        .order_by("-starts_at", "slug")
    )


def event_attendees(event: Event) -> QuerySet[Any]:
    """The accounts of the event's confirmed registrants who attended (who get certificates)."""

    return get_user_model().objects.filter(
        event_registrations__event=event,
        event_registrations__status="confirmed",
        event_registrations__attended=True,
    )

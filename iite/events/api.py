"""Events API: the public catalogue and event details; registrations and attendance for staff."""

from datetime import date, datetime

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth

from iite.core.pagination import LazyPage, LimitOffset

from . import selectors
from .models import AttendanceImportState, Attendee, Event, EventStatus, Registration
from .permissions import can_import_attendance, can_manage_registrations

router = Router(tags=["events"])


class SessionOut(Schema):
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    room: str
    language: str
    speakers: list[str]


class EventOut(Schema):
    slug: str
    title: str
    summary: str
    kind: str
    modality: str
    languages: list[str]
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    activity_code: str
    url: str
    ics_url: str
    themes: list[str]


class EventDetailOut(EventOut):
    description: str
    venue: str
    captions: bool
    sign_language: bool
    accessible_materials: bool
    accessibility_notes: str
    partners: list[str]
    speakers: list[dict[str, str]]
    sessions: list[SessionOut]


class EventFilters(Schema):
    when: str = "upcoming"
    q: str = ""
    kind: str = ""
    theme: str = ""
    language: str = ""
    region: str = ""
    target_group: str = ""
    modality: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _event_out(event: Event) -> dict[str, object]:
    return {
        "slug": event.slug,
        "title": str(event.title),
        "summary": str(event.summary),
        "kind": event.activity.kind,
        "modality": event.activity.modality,
        "languages": list(event.activity.languages or []),
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "time_zone": event.time_zone,
        "activity_code": event.activity.code,
        "url": settings.SITE_URL + event.get_absolute_url(),
        "ics_url": settings.SITE_URL + reverse("events:ics", args=[event.slug]),
        "themes": [theme.slug for theme in event.themes.all()],
    }


@router.get("/", response=list[EventOut], summary="Public events (upcoming or past), filtered")
@paginate(LimitOffset)
def list_events(request: HttpRequest, filters: Query[EventFilters]) -> LazyPage[dict[str, object]]:
    params = {k: ("" if v is None else str(v)) for k, v in filters.dict().items()}
    parsed = selectors.catalogue_filters(params)
    return LazyPage(selectors.catalogue(parsed), _event_out)


@router.get("/{slug}", response=EventDetailOut, summary="One public event with its sessions")
def event_detail(request: HttpRequest, slug: str) -> dict[str, object]:
    event = selectors.event_for_page(slug)
    if event is None or event.status != EventStatus.PUBLISHED or not event.activity.is_public:
        raise HttpError(404, "No public event has this address.")
    data = _event_out(event)
    data.update(
        {
            "description": str(event.description),
            "venue": event.venue,
            "captions": event.captions,
            "sign_language": event.sign_language,
            "accessible_materials": event.accessible_materials,
            "accessibility_notes": str(event.accessibility_notes),
            "partners": [str(p) for p in event.activity.partners.all()],
            "speakers": [
                {"name": s.name, "affiliation": s.affiliation, "bio": str(s.bio)}
                for s in event.speakers.all()
            ],
            "sessions": [
                {
                    "id": s.pk,
                    "title": str(s.title),
                    "starts_at": s.starts_at,
                    "ends_at": s.ends_at,
                    "room": s.room,
                    "language": s.language,
                    "speakers": [sp.name for sp in s.speakers.all()],
                }
                for s in event.sessions.all()
            ],
        }
    )
    return data


class RegistrationOut(Schema):
    id: int
    name: str
    email: str
    status: str
    registered_at: datetime
    attended: bool
    minutes_attended: int
    certificate_code: str | None


class AttendeeOut(Schema):
    email: str
    name: str
    minutes: int
    joins: int
    attended: bool
    status: str
    report: str


def _staff_event(request: HttpRequest, slug: str, rule: object) -> Event:
    if not callable(rule) or not rule(request.user):
        raise HttpError(403, "You do not have permission for this event's registrations.")
    return get_object_or_404(Event, slug=slug)


@router.get(
    "/{slug}/registrations",
    response=list[RegistrationOut],
    auth=django_auth,
    summary="Registrants of an event (staff)",
)
@paginate(LimitOffset)
def event_registrations(request: HttpRequest, slug: str) -> LazyPage[dict[str, object]]:
    event = _staff_event(request, slug, can_manage_registrations)
    return LazyPage(selectors.registrations_for_staff(event), _registration_out)


def _registration_out(r: Registration) -> dict[str, object]:
    return {
        "id": r.pk,
        "name": r.user.name,
        "email": r.user.email,
        "status": r.status,
        "registered_at": r.created_at,
        "attended": r.attended,
        "minutes_attended": r.attended_minutes,
        "certificate_code": r.certificate.code if hasattr(r, "certificate") else None,
    }


@router.get(
    "/{slug}/attendance",
    response=list[AttendeeOut],
    auth=django_auth,
    summary="Attendees from imported reports (staff)",
)
@paginate(LimitOffset)
def event_attendance(request: HttpRequest, slug: str) -> LazyPage[dict[str, object]]:
    event = _staff_event(request, slug, can_import_attendance)
    attendees = Attendee.objects.filter(
        event=event, attendance_import__state=AttendanceImportState.DONE
    ).select_related("attendance_import")
    return LazyPage(attendees.order_by("pk"), _attendee_out)


def _attendee_out(a: Attendee) -> dict[str, object]:
    return {
        "email": a.email,
        "name": a.name,
        "minutes": a.minutes,
        "joins": a.joins,
        "attended": a.attended,
        "status": a.status,
        "report": a.attendance_import.file_name,
    }

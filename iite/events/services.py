"""Every write to events and registrations goes through here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from iite.accounts.models import User
from iite.core.i18n import TranslatedField, TranslatedText
from iite.core.records import records_changed_on_commit
from iite.programme.models import Activity, ActivityStatus, ParticipationSource
from iite.programme.services import (
    activity_for_delivery_save,
    participation_record,
    participation_withdraw,
)

from .models import (
    RESERVED_SLUGS,
    ConsultationQuestion,
    Event,
    EventSession,
    EventStatus,
    Registration,
    RegistrationQuestion,
    RegistrationStatus,
    Speaker,
    Theme,
)
from .tasks import send_registration_email

CHECKIN_SALT = "iite.events.checkin"


class RegistrationError(Exception):
    """A registration the rules do not allow; the message is for the person."""


# --- Events ------------------------------------------------------------------------------

_ACTIVITY_FIELDS = ("kind", "modality", "languages", "is_public")
_ACTIVITY_RELATIONS = ("partners", "target_regions", "target_groups", "pillars", "objectives")


def _local_date(moment: datetime, zone: str) -> Any:
    return moment.astimezone(ZoneInfo(zone)).date()


def _unique_slug(base: str) -> str:
    base = (slugify(base) or "event")[:70]
    slug, n = base, 2
    while (
        slug in RESERVED_SLUGS
        or Event.objects.filter(slug=slug).exists()
        or Activity.objects.filter(code=slug).exists()
    ):
        slug, n = f"{base}-{n}", n + 1
    return slug


def _activity_status(event: Event) -> str:
    """The Activity's status follows the event: cancelled, or by its dates.

    The indicators count activities that took place, so a webinar held last month
    must not stay "planned" because nobody edited it afterwards.
    """
    if event.status == EventStatus.CANCELLED:
        return ActivityStatus.CANCELLED
    now = timezone.now()
    if event.ends_at <= now:
        return ActivityStatus.COMPLETED
    if event.starts_at <= now:
        return ActivityStatus.ONGOING
    return ActivityStatus.PLANNED


def event_activity_statuses_refresh() -> int:
    """Move published events' activities to ongoing or completed as their dates pass.

    Run daily (by `send_event_reminders`) so the indicators count events once they
    have taken place, without anyone editing them. Returns how many changed.
    """
    changed = 0
    events = Event.objects.filter(status=EventStatus.PUBLISHED).exclude(
        activity__status__in=[ActivityStatus.COMPLETED, ActivityStatus.CANCELLED]
    )
    for event in events.select_related("activity").filter(starts_at__lte=timezone.now()):
        status = _activity_status(event)
        if event.activity.status != status:
            activity_for_delivery_save(activity=event.activity, values={"status": status})
            changed += 1
    if changed:
        records_changed_on_commit(sender="events", kinds={"event", "activity"})
    return changed


def _sync_activity(
    event: Event,
    activity: Activity | None,
    values: dict[str, Any],
    *,
    code: str = "",
    created_by: User | None = None,
    unit: Any = None,
    workplan_item: int | None = None,
) -> Activity:
    """Create or keep in step the event's Activity: its title, dates, visibility, status,
    and its place in the programme when the form chose one (unit, pillars, objectives,
    workplan item)."""
    start = _local_date(event.starts_at, event.time_zone)
    fields: dict[str, Any] = {
        "title": dict(event.title),
        "description": dict(event.description) or dict(event.summary),
        "original_language": event.original_language,
        "start_date": start,
        "end_date": max(start, _local_date(event.ends_at, event.time_zone)),
        **{field: values[field] for field in _ACTIVITY_FIELDS if field in values},
        "is_public": event.status == EventStatus.PUBLISHED,
        "status": _activity_status(event),
    }
    return activity_for_delivery_save(
        activity=activity,
        code=code,
        kind=values.get("kind", ""),
        created_by=created_by,
        values=fields,
        relations={
            relation: values[relation] for relation in _ACTIVITY_RELATIONS if relation in values
        },
        unit=unit,
        workplan_item=workplan_item,
    )


@transaction.atomic
def event_create(
    *,
    title: dict[str, str],
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    original_language: str = "en",
    modality: str = "online",
    languages: Iterable[str] = (),
    time_zone: str = "UTC",
    slug: str = "",
    activity: Activity | None = None,
    created_by: User | None = None,
    themes: Iterable[Any] = (),
    partners: Iterable[Any] = (),
    target_regions: Iterable[Any] = (),
    target_groups: Iterable[Any] = (),
    unit: Any = None,
    pillars: Iterable[Any] = (),
    objectives: Iterable[Any] = (),
    workplan_item: int | None = None,
    **fields: Any,
) -> Event:
    """Create an event and the Activity it is (or attach it to an existing Activity).

    A new activity goes to `unit` (by default the creator's unit) under the given pillars
    and objectives; an existing one keeps its place, so the work is counted once.
    """
    slug = slug or _unique_slug(title.get(original_language) or next(iter(title.values()), ""))
    code = ""
    if activity is None:
        code = slug if not Activity.objects.filter(code=slug).exists() else _unique_slug(slug)
    event = Event(
        slug=slug,
        title=title,
        original_language=original_language,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        **fields,
    )
    event.full_clean(exclude=["activity"])
    is_new_activity = activity is None
    values: dict[str, Any] = {"kind": kind, "modality": modality, "languages": list(languages)}
    for name, items in (
        ("partners", list(partners)),
        ("target_regions", list(target_regions)),
        ("target_groups", list(target_groups)),
        ("pillars", list(pillars)),
        ("objectives", list(objectives)),
    ):
        # An existing activity keeps what the programme recorded unless we add to it.
        if items or is_new_activity:
            values[name] = items
    event.activity = _sync_activity(
        event,
        activity,
        values,
        code=code,
        created_by=created_by,
        unit=unit if is_new_activity else None,
        workplan_item=workplan_item,
    )
    event.save()
    event.themes.set(list(themes))
    records_changed_on_commit(sender="events", kinds={"event", "activity"})
    return event


@transaction.atomic
def event_update(*, event: Event, **values: Any) -> Event:
    """Change an event; the Activity follows (dates, title, kind, modality, partners...)."""
    activity_values = {
        key: values.pop(key) for key in (*_ACTIVITY_FIELDS, *_ACTIVITY_RELATIONS) if key in values
    }
    unit = values.pop("unit", None)
    workplan_item = values.pop("workplan_item", None)
    values.pop("activity", None)  # an event stays with its activity once created
    themes = values.pop("themes", None)
    for field, value in values.items():
        if isinstance(value, dict) and isinstance(Event._meta.get_field(field), TranslatedField):
            value = TranslatedText(value, values.get("original_language", event.original_language))
        setattr(event, field, value)
    event.full_clean(exclude=["activity"])
    event.save()
    if themes is not None:
        event.themes.set(list(themes))
    _sync_activity(event, event.activity, activity_values, unit=unit, workplan_item=workplan_item)
    records_changed_on_commit(sender="events", kinds={"event", "activity"})
    return event


def event_publish(*, event: Event, published: bool = True) -> Event:
    return event_update(
        event=event, status=EventStatus.PUBLISHED if published else EventStatus.DRAFT
    )


@transaction.atomic
def session_save(*, session: EventSession) -> EventSession:
    session.full_clean()
    session.save()
    records_changed_on_commit(sender="events", kinds={"event"})
    return session


# --- Registrations ---------------------------------------------------------------------


def _notify(registration: Registration, kind: str) -> None:

    registration_id = registration.pk
    transaction.on_commit(lambda: send_registration_email.enqueue(registration_id, kind))


def _confirmed_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()


def _has_room(event: Event) -> bool:
    return event.capacity is None or _confirmed_count(event) < event.capacity


@transaction.atomic
def registration_create(
    *, event: Event, user: User, answers: dict[str, str] | None = None
) -> Registration:
    """Register a person: confirmed while places remain, otherwise on the waiting list.

    The event row is locked for the count and the insert, so when many people take the
    last places at once each sees the count the previous one left: no overbooking.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != EventStatus.PUBLISHED or not event.registration_open:
        raise RegistrationError(_("Registration for this event is closed."))
    if event.ends_at < timezone.now():
        raise RegistrationError(_("This event has already taken place."))
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is not None and registration.status != RegistrationStatus.CANCELLED:
        raise RegistrationError(_("You are already registered for this event."))
    status = RegistrationStatus.CONFIRMED if _has_room(event) else RegistrationStatus.WAITLISTED
    if registration is None:
        registration = Registration.objects.create(
            event=event, user=user, status=status, answers=answers or {}
        )
    else:
        registration.status = status
        registration.answers = answers or {}
        registration.created_at = timezone.now()  # back of the queue
        registration.save()
    if status == RegistrationStatus.CONFIRMED:
        participation_record(
            activity=event.activity, person=user, source=ParticipationSource.REGISTRATION
        )
    _notify(registration, status)
    return registration


def _promote_next(event: Event) -> Registration | None:
    if not _has_room(event):
        return None
    waiting = (
        Registration.objects.select_for_update()
        .filter(event=event, status=RegistrationStatus.WAITLISTED)
        .select_related("user")
        .order_by("created_at", "pk")
        .first()
    )
    if waiting is None:
        return None
    return _confirm(event, waiting, kind="promoted")


def _confirm(event: Event, registration: Registration, *, kind: str) -> Registration:
    registration.status = RegistrationStatus.CONFIRMED
    registration.save(update_fields=["status", "updated_at"])
    participation_record(
        activity=event.activity, person=registration.user, source=ParticipationSource.REGISTRATION
    )
    _notify(registration, kind)
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration) -> Registration | None:
    """Cancel a registration; the first person waiting takes the freed place.

    Returns the registration promoted from the waiting list, if any.
    """
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_related("user", "event").get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return None
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    if not registration.attended:
        # A cancelled registrant who never attended no longer counts as reached.
        participation_withdraw(
            activity=registration.event.activity,
            person=registration.user,
            source=ParticipationSource.REGISTRATION,
        )
    _notify(registration, "cancelled")
    return _promote_next(event)


@transaction.atomic
def registration_promote(*, registration: Registration) -> Registration:
    """Staff confirm someone from the waiting list, even beyond the capacity."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_related("user").get(pk=registration.pk)
    if registration.status == RegistrationStatus.CONFIRMED:
        return registration
    return _confirm(event, registration, kind="promoted")


@transaction.atomic
def registration_mark_attended(
    *, registration: Registration, minutes: int | None = None, checked_in: bool = False
) -> Registration:
    """Record that a registrant attended (onsite check-in or a resolved report row)."""
    registration = Registration.objects.select_related("user", "event__activity").get(
        pk=registration.pk
    )
    changed = []
    if not registration.attended:
        registration.attended = True
        changed.append("attended")
    if minutes is not None and minutes > registration.attended_minutes:
        registration.attended_minutes = minutes
        changed.append("attended_minutes")
    if checked_in and registration.checked_in_at is None:
        registration.checked_in_at = timezone.now()
        changed.append("checked_in_at")
    if changed:
        registration.save(update_fields=[*changed, "updated_at"])
    participation_record(
        activity=registration.event.activity,
        person=registration.user,
        attended=True,
        source=ParticipationSource.ATTENDANCE,
    )
    return registration


# --- Onsite check-in ----------------------------------------------------------------------


def checkin_token(registration: Registration) -> str:
    return signing.dumps(registration.checkin_code, salt=CHECKIN_SALT, compress=False)


def checkin_code_from_token(token: str) -> str | None:
    try:
        return str(signing.loads(token, salt=CHECKIN_SALT))
    except signing.BadSignature:
        return None


@dataclass(frozen=True)
class CheckinResult:
    registration: Registration | None
    message: str
    ok: bool


def registration_check_in(*, event: Event, code: str) -> CheckinResult:
    """Mark the registrant whose QR code (or typed code) this is as attended."""
    code = (code or "").strip().upper()
    registration = (
        Registration.objects.select_related("user")
        .filter(event=event, checkin_code=code)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
    if registration is None:
        return CheckinResult(None, _("No registration for this event has that code."), False)
    already = registration.checked_in_at is not None
    registration = registration_mark_attended(registration=registration, checked_in=True)
    name = registration.user.name or registration.user.email
    if already:
        return CheckinResult(
            registration, _("%(name)s was already checked in.") % {"name": name}, True
        )
    return CheckinResult(registration, _("%(name)s is checked in.") % {"name": name}, True)


# --- Records that arrive as data (the demo data set, lists kept by staff) ---------------------


@transaction.atomic
def theme_ensure(*, slug: str, name: dict[str, str]) -> Theme:
    """The theme with this address, created with `name` when it does not exist yet."""
    theme, created = Theme.objects.get_or_create(slug=slug, defaults={"name": name})
    if created:
        records_changed_on_commit(sender="events", kinds={"event"})
    return theme


@transaction.atomic
def event_item_add(
    *, event: Event, item: Speaker | RegistrationQuestion | ConsultationQuestion
) -> Speaker | RegistrationQuestion | ConsultationQuestion:
    """Add a speaker, a registration question or a consultation question to an event,
    validated as the staff pages validate it."""
    item.event = event
    item.full_clean()
    item.save()
    records_changed_on_commit(sender="events", kinds={"event"})
    return item


@transaction.atomic
def registration_record(
    *, event: Event, user: User, attended_minutes: int | None = None
) -> Registration:
    """Record a confirmed registration that staff already hold (a partner's list of
    registrants, a past event's attendance, the demo data set); idempotent.

    Unlike `registration_create` the person is not asking: no rule on open registration,
    dates or capacity applies and no email is sent. With `attended_minutes` the person
    attended; otherwise they count as registered, as after `registration_create`.
    """
    registration, created = Registration.objects.get_or_create(
        event=event, user=user, defaults={"status": RegistrationStatus.CONFIRMED}
    )
    if not created and registration.status != RegistrationStatus.CONFIRMED:
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
    if attended_minutes is not None:
        return registration_mark_attended(registration=registration, minutes=attended_minutes)
    participation_record(
        activity=event.activity, person=user, source=ParticipationSource.REGISTRATION
    )
    return registration

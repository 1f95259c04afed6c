"""Calendar files (RFC 5545): one per event and a subscribable feed of upcoming events."""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone, translation
from icalendar import Calendar
from icalendar import Event as VEvent

from .models import Event

PRODID = "-//UNESCO IITE//IITE Platform Events//EN"
UID_DOMAIN = "events.iite.unesco.org"


def event_uid(event: Event) -> str:
    """Stable across edits and exports: the event's database id, never its title."""
    return f"event-{event.pk}@{UID_DOMAIN}"


def _vevent(event: Event, joining_url: str = "") -> VEvent:
    zone = ZoneInfo(event.time_zone)
    item = VEvent()
    item.add("uid", event_uid(event))
    item.add("dtstamp", event.updated_at or timezone.now())
    item.add("last-modified", event.updated_at or timezone.now())
    item.add("dtstart", event.starts_at.astimezone(zone))
    item.add("dtend", event.ends_at.astimezone(zone))
    item.add("summary", str(event.title))
    description = str(event.summary) or ""
    url = settings.SITE_URL + event.get_absolute_url()
    if joining_url:
        # RFC 7986's CONFERENCE lets calendar apps show a "Join" button; the description
        # carries it too for the apps that ignore the property.
        item.add("conference", joining_url, parameters={"VALUE": "URI", "FEATURE": "VIDEO"})
        joining = translation.gettext("Joining link: %(url)s") % {"url": joining_url}
        description = f"{description}\n\n{joining}"
    item.add("description", f"{description}\n\n{url}".strip())
    item.add("url", url)
    if event.venue:
        item.add("location", event.venue)
    item.add("status", "CANCELLED" if event.status == "cancelled" else "CONFIRMED")
    return item


def calendar_for(events: Iterable[Event], name: str, joining_url: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_vevent(event, joining_url))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def event_ics(event: Event, *, for_registrant: bool = False) -> bytes:
    """One event's calendar file; a confirmed registrant's copy carries the joining link."""
    joining_url = event.joining_url if for_registrant else ""
    return calendar_for([event], str(event.title), joining_url)


def feed_ics(events: Iterable[Event], language: str | None = None) -> bytes:
    with translation.override(language or translation.get_language()):
        name = str(translation.gettext("UNESCO IITE events"))
        return calendar_for(events, name)

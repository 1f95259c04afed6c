"""Background work: the e-mails registrants receive, in their own language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from iite.core.zones import valid_zone

from .models import Registration

EMAIL_KINDS = ("confirmed", "waitlisted", "promoted", "cancelled", "reminder")


def registrant_language(registration: Registration) -> str:
    """The registrant's preferred language, else the event's own language."""
    preferred = (registration.user.preferred_language or "").lower()
    if preferred.startswith("zh"):
        preferred = "zh-hans"
    if preferred in settings.LANGUAGE_CODES:
        return preferred
    return registration.event.original_language


def _recipient_zone(registration: Registration) -> str:
    zone = valid_zone(registration.user.time_zone)
    return zone if zone and zone != registration.event.time_zone else ""


@task()
def send_registration_email(registration_id: int, kind: str) -> bool:
    """Send one registration e-mail (confirmation, waiting list, promotion, reminder)."""
    registration = (
        Registration.objects.select_related("user", "event").filter(pk=registration_id).first()
    )
    if registration is None or kind not in EMAIL_KINDS:
        return False
    with translation.override(registrant_language(registration)):
        context = {
            "registration": registration,
            "event": registration.event,
            "user": registration.user,
            "kind": kind,
            # The reader's own zone beside the venue's, when they differ.
            "recipient_zone": _recipient_zone(registration),
            "site_url": settings.SITE_URL,
            "event_url": settings.SITE_URL + registration.event.get_absolute_url(),
        }
        subject = render_to_string("events/email/subject.txt", context).strip()
        body = render_to_string("events/email/body.txt", context)
    send_mail(subject, body, None, [registration.user.email])
    return True

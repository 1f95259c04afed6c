"""Certificates of attendance: issued in bulk, rendered to PDF in the holder's language.

The public verification page shows the holder's name. The code is unguessable and only
the holder receives it: showing it to someone is how they choose to share the
certificate, and a certificate that did not name its holder would prove nothing.

Every certificate is also an Open Badges 3.0 credential of the event's achievement
(kind Certificate), with the credentials' public page, JSON, PDF and verification, so a
teacher's certificates all live in "My learning" and are shared the same way. One at a
time it is signed at once; in bulk the signing is a credential batch whose progress staff
follow on the credentials' batch page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import segno
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from iite.accounts.models import User
from iite.credentials.achievements import achievement_ensure
from iite.credentials.models import Achievement, CredentialBatch
from iite.credentials.selectors import recipient_ids_with_credential
from iite.credentials.services import credential_issue, credential_issue_batch
from iite.programme.models import ParticipationSource
from iite.programme.services import participation_record

from .models import Certificate, Event, Registration, RegistrationStatus
from .selectors import event_attendees, events_with_attendance
from .tasks import registrant_language


@dataclass(frozen=True)
class IssueResult:
    issued: int
    already: int
    batch: CredentialBatch | None = None


def event_achievement_code(event: Event) -> str:
    return f"event-{event.pk}-{event.slug}"[:80]


def event_achievement(event: Event) -> Achievement:
    """The achievement a certificate of this event attests, in every language of its title.

    It names no programme activity: the events domain records attendance itself (as
    attended and certified), so issuing the credential must not count it a second time.
    """
    titles = {code: text for code, text in dict(event.title).items() if text}
    kind = event.activity.get_kind_display()
    name, description, criteria = {}, {}, {}
    for code, title in titles.items():
        with translation.override(code):
            name[code] = _("Certificate of attendance: %(title)s") % {"title": title}
            description[code] = _("Attended “%(title)s” (%(kind)s), organised by UNESCO IITE.") % {
                "title": title,
                "kind": kind,
            }
            criteria[code] = _("Registration confirmed and attendance recorded by the institute.")
    return achievement_ensure(
        code=event_achievement_code(event),
        kind=Achievement.Kind.CERTIFICATE,
        name=name,
        description=description,
        criteria=criteria,
        original_language=event.original_language
        if event.original_language in titles
        else next(iter(titles), event.original_language),
    )


def certificate_credentials_queue(
    *, event: Event, requested_by: User | None = None
) -> CredentialBatch | None:
    """Queue the credentials of the event's certificate holders who have none yet."""
    holders = set(
        Certificate.objects.filter(registration__event=event).values_list(
            "registration__user_id", flat=True
        )
    )
    if not holders:
        return None
    achievement = event_achievement(event)
    missing = holders - recipient_ids_with_credential(achievement=achievement, candidates=holders)
    if not missing:
        return None
    return credential_issue_batch(
        achievement=achievement,
        recipients=User.objects.filter(pk__in=missing),
        requested_by=requested_by,
    )


def certificate_credentials_ensure() -> str:
    """setup_platform's step: certificates issued before they were credentials become ones."""
    events = Event.objects.filter(registrations__certificate__isnull=False).distinct()
    queued = [certificate_credentials_queue(event=event) for event in events]
    return f"{sum(batch.total for batch in queued if batch)} queued"


def verification_url(certificate: Certificate) -> str:
    with translation.override(certificate.language):
        return settings.SITE_URL + certificate.get_absolute_url()


def qr_svg(url: str, scale: int = 3) -> str:
    """An SVG QR code, without the XML declaration, ready to inline in HTML."""
    return str(segno.make(url, error="m").svg_inline(scale=scale, dark="#000", omitsize=False))


@transaction.atomic
def certificates_issue(*, event: Event, issued_by: User | None = None) -> IssueResult:
    """Issue a certificate to every confirmed registrant who attended and has none yet."""
    registrations = (
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED, attended=True)
        .select_related("user", "event")
        .filter(certificate__isnull=True)
    )
    issued = 0
    for registration in registrations:
        _certificate_create(registration=registration, issued_by=issued_by)
        issued += 1
    already = Certificate.objects.filter(registration__event=event).count() - issued
    batch = certificate_credentials_queue(event=event, requested_by=issued_by)
    return IssueResult(issued=issued, already=already, batch=batch)


@transaction.atomic
def certificate_issue(*, registration: Registration, issued_by: User | None = None) -> Certificate:
    """One certificate of attendance and its credential, signed at once (idempotent)."""
    certificate = _certificate_create(registration=registration, issued_by=issued_by)
    credential_issue(achievement=event_achievement(registration.event), recipient=registration.user)
    return certificate


def _certificate_create(*, registration: Registration, issued_by: User | None) -> Certificate:
    existing = Certificate.objects.filter(registration=registration).first()
    if existing is not None:
        return existing
    certificate = Certificate.objects.create(
        registration=registration,
        holder_name=registration.user.name or registration.user.email,
        language=registrant_language(registration),
        issued_by=issued_by,
    )
    participation_record(
        activity=registration.event.activity,
        person=registration.user,
        attended=True,
        certified=True,
        source=ParticipationSource.ATTENDANCE,
    )
    return certificate


def certificate_html(certificate: Certificate) -> str:
    """The certificate's page for WeasyPrint, in its holder's language (right to left in Arabic)."""
    event = certificate.registration.event
    url = verification_url(certificate)
    with translation.override(certificate.language):
        return render_to_string(
            "events/certificate_pdf.html",
            {
                "certificate": certificate,
                "event": event,
                "verification_url": url,
                "qr_data_uri": segno.make(url, error="m").svg_data_uri(scale=4),
                "direction": "rtl" if translation.get_language_bidi() else "ltr",
                "language": certificate.language,
            },
        )


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as a PDF, in its holder's language (right to left in Arabic)."""
    from weasyprint import HTML  # noqa: PLC0415 - heavy: loaded when a PDF is made

    html = certificate_html(certificate)
    return bytes(HTML(string=html, base_url=settings.SITE_URL).write_pdf())


# --- Issuing from the credentials' batch page (registered as its "event" provider) -----------


def batch_sources() -> list[tuple[str, str, Event]]:
    """Events with attendees, for staff issuing their certificates with credentials."""
    return [(event.slug, str(event.title), event) for event in events_with_attendance()]


def batch_qualifies(event: Event) -> tuple[Achievement | None, Any]:
    """The event's achievement (None before its first certificate) and its attendees."""
    achievement = Achievement.objects.filter(code=event_achievement_code(event)).first()
    return achievement, event_attendees(event)


def batch_issue(event: Event, by: User | None) -> CredentialBatch | None:
    """Certificates of attendance for everyone who qualifies, their credentials in a batch."""
    return certificates_issue(event=event, issued_by=by).batch

"""Certificates of attendance: issued in bulk, rendered to PDF in the holder's language.

The public verification page shows the holder's name. The code is unguessable and only
the holder receives it: showing it to someone is how they choose to share the
certificate, and a certificate that did not name its holder would prove nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import segno
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from iite.accounts.models import User
from iite.programme.models import ParticipationSource
from iite.programme.services import participation_record

from .models import Certificate, Event, Registration, RegistrationStatus
from .tasks import registrant_language


@dataclass(frozen=True)
class IssueResult:
    issued: int
    already: int


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
        certificate_issue(registration=registration, issued_by=issued_by)
        issued += 1
    already = Certificate.objects.filter(registration__event=event).count() - issued
    return IssueResult(issued=issued, already=already)


@transaction.atomic
def certificate_issue(*, registration: Registration, issued_by: User | None = None) -> Certificate:
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


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as a PDF, in its holder's language (right to left in Arabic)."""
    from weasyprint import HTML

    event = certificate.registration.event
    url = verification_url(certificate)
    with translation.override(certificate.language):
        html = render_to_string(
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
    return bytes(HTML(string=html, base_url=settings.SITE_URL).write_pdf())

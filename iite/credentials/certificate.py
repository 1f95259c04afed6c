"""The printable certificate: a PDF in the learner's language with a QR code to the public page."""

from __future__ import annotations

import segno
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from . import documents
from .models import Credential
from .services import translated


def qr_svg(url: str) -> str:
    """An inline SVG QR code (no XML declaration) for `url`."""
    qr = segno.make(url, error="m")
    return qr.svg_inline(scale=4, dark="#1a1a1a", light="#ffffff")


def certificate_html(credential: Credential, holder_name: str = "") -> str:
    """The certificate page; it names the holder when the credential shows their name.

    `holder_name` is for the learner's own download: the name is theirs to print even
    when they chose not to show it on the public page.
    """
    language = credential.language or credential.achievement.original_language
    public_url = documents.stable_url("credentials:detail", [credential.uuid])
    with translation.override(language):
        return render_to_string(
            "credentials/certificate.html",
            {
                "credential": credential,
                "holder_name": credential.display_name or holder_name,
                "achievement_name": translated(credential.achievement, "name").resolve(language),
                "achievement_description": translated(
                    credential.achievement, "description"
                ).resolve(language),
                "issuer_name": documents.issuer_name(language),
                "public_url": public_url,
                "qr": mark_safe(qr_svg(public_url)),
                "language": language,
                "direction": "rtl" if translation.get_language_bidi() else "ltr",
            },
        )


def certificate_pdf(credential: Credential, holder_name: str = "") -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 - heavy: loaded when a PDF is made

    return bytes(HTML(string=certificate_html(credential, holder_name)).write_pdf())

"""The registrant list staff download (as CSV or XLSX through iite.core.exports)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from .models import Event
from .selectors import registrations_for_staff


def registrant_rows(event: Event) -> tuple[list[str], Iterable[list[object]]]:

    questions = list(event.questions.all())
    header = [
        _("Name"),
        _("Email"),
        _("Country"),
        _("Status"),
        _("Registered"),
        _("Attended"),
        _("Minutes attended"),
        _("Certificate"),
    ] + [str(q.label) for q in questions]

    def rows() -> Iterable[list[object]]:
        for registration in registrations_for_staff(event).iterator(chunk_size=1000):
            user = registration.user
            certificate = getattr(registration, "certificate", None)
            yield [
                user.name,
                user.email,
                str(user.country) if user.country_id else "",
                registration.get_status_display(),
                registration.created_at.strftime("%Y-%m-%d %H:%M"),
                _("yes") if registration.attended else _("no"),
                registration.attended_minutes,
                certificate.code if certificate else "",
            ] + [registration.answers.get(str(q.pk), "") for q in questions]

    return header, rows()

"""Tables staff download: registrant lists and consultation responses, as CSV or XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .models import Event


def _safe(value: object) -> str:
    """Neutralise spreadsheet formulas in text people typed (CSV injection)."""
    text = "" if value is None else str(value)
    if text[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + text
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterable[str]:
        yield "\ufeff"
        yield writer.writerow([_safe(cell) for cell in header])
        for row in rows:
            yield writer.writerow([_safe(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(filename[:31])
    sheet.append([_safe(cell) for cell in header])
    for row in rows:
        sheet.append([_safe(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def registrant_rows(event: Event) -> tuple[list[str], Iterable[list[object]]]:
    from .selectors import registrations_for_staff

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

"""What the events domain holds about a person, for export and erasure."""

from __future__ import annotations

from typing import Any

from .models import Attendee, ConsultationResponse, Registration


def export_personal_data(user: Any) -> dict[str, Any]:
    registrations = Registration.objects.filter(user=user).select_related("event", "certificate")
    answers = ConsultationResponse.objects.filter(respondent=user).prefetch_related(
        "answers__question"
    )
    return {
        "registrations": [
            {
                "event": str(r.event.title),
                "event_slug": r.event.slug,
                "status": r.status,
                "registered_at": r.created_at.isoformat(),
                "answers": r.answers,
                "attended": r.attended,
                "minutes_attended": r.attended_minutes,
                "checked_in_at": r.checked_in_at.isoformat() if r.checked_in_at else None,
                "certificate": (
                    {
                        "code": r.certificate.code,
                        "holder_name": r.certificate.holder_name,
                        "issued_at": r.certificate.issued_at.isoformat(),
                    }
                    if hasattr(r, "certificate")
                    else None
                ),
            }
            for r in registrations
        ],
        # The rows of Zoom and Teams attendance reports that carry the person's address,
        # matched to a registration or not: the same rows the eraser removes.
        "attendance_report_rows": [
            {
                "event": str(row.event.title),
                "event_slug": row.event.slug,
                "report": str(row.attendance_import.get_source_display()),
                "imported_at": row.attendance_import.created_at.isoformat(),
                "email": row.email,
                "name": row.name,
                "minutes": row.minutes,
                "joins": row.joins,
                "attended": row.attended,
                "status": row.status,
            }
            for row in Attendee.objects.filter(email__iexact=user.email)
            .select_related("event", "attendance_import")
            .order_by("attendance_import__created_at", "pk")
        ],
        # Anonymous answers are not linked to anyone, so they cannot be exported.
        "consultation_answers": [
            {
                "event": str(response.event.title),
                "submitted_on": response.submitted_on.isoformat(),
                "answers": {str(a.question.text): a.value for a in response.answers.all()},
            }
            for response in answers.select_related("event")
        ],
    }


def erase_personal_data(user: Any) -> None:
    """Remove the person's answers and attendee rows; participation keeps its person_key."""
    Registration.objects.filter(user=user).update(answers={})
    ConsultationResponse.objects.filter(respondent=user).delete()
    Attendee.objects.filter(email__iexact=user.email).delete()


def attendee_rows_erase(sender: Any, email: str = "", name_key: str = "", **kwargs: Any) -> None:
    """A person record was erased (programme's `person_erased`): the report rows that
    name the person go too; what they counted stays in the participation records."""
    if email:
        Attendee.objects.filter(email=email).delete()
    elif name_key:
        Attendee.objects.filter(email=f"name:{name_key}").delete()

"""What the programme domain holds about a person, for export and erasure."""

from __future__ import annotations

from typing import Any

from iite.core.i18n import TranslatedText

from .models import Participation


def participation_export(user: Any) -> list[dict[str, Any]]:
    """The person's participation records: activity code, title, role and flags."""
    records = (
        Participation.objects.filter(person_key=user.person_key)
        .select_related("activity")
        .order_by("activity__start_date", "activity__code", "role")
    )
    return [
        {
            "activity_code": record.activity.code,
            "activity_title": TranslatedText(
                dict(record.activity.title), record.activity.original_language
            ).resolve(),
            "activity_start_date": record.activity.start_date.isoformat(),
            "role": record.role,
            "attended": record.attended,
            "completed": record.completed,
            "certified": record.certified,
            "source": record.source,
            "recorded_at": record.created_at.isoformat(),
        }
        for record in records
    ]


def participation_erase(user: Any) -> None:
    """Detach the records from the account; they stay, anonymised, for the indicators.

    The records keep `person_key` (a random UUID with no link to the person once the
    account is gone) and the copied country, sex, age band and role, so that each
    record still counts once in the key indicators. The foreign key to the account is
    SET_NULL on deletion anyway; doing it here makes erasure explicit and complete even
    if the account is kept (deactivated) rather than deleted.
    """
    Participation.objects.filter(person_key=user.person_key).update(person=None)

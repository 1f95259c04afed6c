"""What the competitions domain holds about a person: entries, team invitations, reviews."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from .models import Assignment, Entry, TeamMember


def export_entrant_data(user: Any) -> dict[str, Any]:
    entries = Entry.objects.filter(owner=user).select_related("edition").order_by("pk")
    return {
        "entries": [
            {
                "edition": str(entry.edition.title),
                "number": entry.number,
                "title": entry.title,
                "summary": entry.summary,
                "team_name": entry.team_name,
                "answers": entry.answers,
                "links": entry.links,
                "supervisor_name": entry.supervisor_name,
                "supervisor_email": entry.supervisor_email,
                "status": entry.status,
                "result": entry.result,
                "submitted_at": entry.submitted_at.isoformat() if entry.submitted_at else None,
            }
            for entry in entries
        ],
        "team_memberships": [
            {"entry": member.entry_id, "email": member.email, "role": member.role}
            for member in TeamMember.objects.filter(Q(user=user) | Q(email__iexact=user.email))
        ],
        "reviews": [
            {
                "entry": assignment.entry_id,
                "confidence": assignment.confidence,
                "comment": assignment.comment,
                "scores": {str(s.criterion_id): s.value for s in assignment.scores.all()},
            }
            for assignment in Assignment.objects.filter(judge__user=user).prefetch_related("scores")
        ],
    }


@transaction.atomic
def erase_entrant_data(user: Any) -> None:
    """Entries, invitations and reviews go with the account; participation records stay
    (pseudonymous, through the programme domain) so the indicators still count them."""
    TeamMember.objects.filter(Q(user=user) | Q(email__iexact=user.email)).delete()
    Entry.objects.filter(owner=user).delete()

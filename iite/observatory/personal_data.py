"""What the observatory holds about a person: tools they proposed, their declarations of
interests and their reviews. Reviews stay (the published assessment rests on them) but
lose the reviewer's name; proposals lose their proposer."""

from __future__ import annotations

from typing import Any

from .models import ConflictDeclaration, Evidence, ReviewerAssignment, Tool


def export_observatory_data(user: Any) -> dict[str, Any]:
    return {
        "tools_proposed": [
            {"tool": tool.slug, "note": tool.proposal_note, "at": tool.created_at.isoformat()}
            for tool in Tool.objects.filter(proposed_by=user).order_by("created_at")
        ],
        "declarations_of_interests": [
            {
                "assessment": declaration.assessment_id,
                "has_conflict": declaration.has_conflict,
                "statement": declaration.statement,
            }
            for declaration in ConflictDeclaration.objects.filter(reviewer=user)
        ],
        "reviews": [
            {
                "assessment": review.assessment_id,
                "due_on": review.due_on.isoformat() if review.due_on else None,
                "submitted_at": review.submitted_at.isoformat() if review.submitted_at else None,
                "ratings": {rating.principle: rating.rating for rating in review.ratings.all()},
            }
            for review in ReviewerAssignment.objects.filter(reviewer=user).prefetch_related(
                "ratings"
            )
        ],
    }


def erase_observatory_data(user: Any) -> None:
    Tool.objects.filter(proposed_by=user).update(proposed_by=None)
    ConflictDeclaration.objects.filter(reviewer=user).delete()
    ReviewerAssignment.objects.filter(reviewer=user).update(reviewer=None)
    ReviewerAssignment.objects.filter(assigned_by=user).update(assigned_by=None)
    Evidence.objects.filter(added_by=user).update(added_by=None)

"""Who may do what in the observatory, in one place.

Anyone signed in may propose a tool (staff, a partner's focal point, a teacher). Programme
staff triage proposals, open assessments and assign reviewers; reviewers (the
Reviewer/Judge role) declare their interests and rate independently; a third person with
the reconcile permission reconciles the two reviews; a publisher sends the result to the
provider for a right of reply and publishes it. Nobody reconciles or publishes a
review of their own, and nobody reviews a tool they declared a conflict about.
"""

from __future__ import annotations

from typing import Any

from .models import Assessment, AssessmentStatus, ReviewerAssignment, Tool, ToolStatus

TRIAGE = "observatory.triage_tool"
ASSIGN = "observatory.assign_reviewers"
REVIEW = "observatory.review_tool"
RECONCILE = "observatory.reconcile_assessment"
PUBLISH = "observatory.publish_assessment"
EDIT = "observatory.change_tool"
WORK_PERMISSIONS = (TRIAGE, ASSIGN, REVIEW, RECONCILE, PUBLISH, EDIT)


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_propose(user: Any) -> bool:
    return _signed_in(user)


def can_use_workspace(user: Any) -> bool:
    return _signed_in(user) and any(user.has_perm(perm) for perm in WORK_PERMISSIONS)


def can_triage(user: Any, tool: Tool) -> bool:
    return _signed_in(user) and user.has_perm(TRIAGE) and tool.status == ToolStatus.PROPOSED


def can_edit_tool(user: Any) -> bool:
    """Change a tool's catalogue record, add its bias audits and environmental figures."""
    return _signed_in(user) and user.has_perm(EDIT)


def can_start_assessment(user: Any, tool: Tool) -> bool:
    return _signed_in(user) and user.has_perm(TRIAGE) and tool.status == ToolStatus.ACCEPTED


def is_reviewer(user: Any) -> bool:
    return _signed_in(user) and user.has_perm(REVIEW)


def can_declare(user: Any, assessment: Assessment) -> bool:
    """A reviewer declares interests on an assessment still looking for reviewers."""
    return (
        is_reviewer(user)
        and assessment.status == AssessmentStatus.REVIEW
        and not _assigned(user, assessment)
    )


def can_assign(user: Any, assessment: Assessment) -> bool:
    return (
        _signed_in(user)
        and user.has_perm(ASSIGN)
        and assessment.status == AssessmentStatus.REVIEW
        and assessment.reviews.count() < 2
    )


def _assigned(user: Any, assessment: Assessment) -> bool:
    return assessment.reviews.filter(reviewer_id=user.pk).exists()


def can_review(user: Any, review: ReviewerAssignment) -> bool:
    """Only the assigned reviewer writes their review, until it is submitted."""
    return (
        is_reviewer(user)
        and review.reviewer_id == user.pk
        and review.submitted_at is None
        and review.assessment.status == AssessmentStatus.REVIEW
    )


def can_reconcile(user: Any, assessment: Assessment) -> bool:
    """A third person reconciles: not one of the assessment's reviewers."""
    return (
        _signed_in(user)
        and user.has_perm(RECONCILE)
        and assessment.status == AssessmentStatus.REVIEW
        and not _assigned(user, assessment)
    )


def can_request_reply(user: Any, assessment: Assessment) -> bool:
    return (
        _signed_in(user)
        and user.has_perm(PUBLISH)
        and assessment.status == AssessmentStatus.RECONCILED
    )


def can_record_reply(user: Any, assessment: Assessment) -> bool:
    return (
        _signed_in(user) and user.has_perm(PUBLISH) and assessment.status == AssessmentStatus.REPLY
    )


def can_publish(user: Any, assessment: Assessment) -> bool:
    return (
        _signed_in(user)
        and user.has_perm(PUBLISH)
        and assessment.status == AssessmentStatus.REPLY
        and not _assigned(user, assessment)
    )

"""Who may do what with courses, in one place.

Content editors write courses; a reviewer (Reviewer/Judge role, or anyone with
learning.publish_course) approves them before learners see them, and never approves a
course they wrote or submitted themselves. A course in review is frozen so that what
was reviewed is what gets published.
"""

from __future__ import annotations

from typing import Any

from .models import Course, Status

AUTHOR_PERMISSIONS = ("learning.add_course", "learning.change_course")
PUBLISH_PERMISSION = "learning.publish_course"


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_author(user: Any) -> bool:
    """Write courses: create them and edit their content."""
    return _signed_in(user) and any(user.has_perm(perm) for perm in AUTHOR_PERMISSIONS)


def can_publish(user: Any) -> bool:
    return _signed_in(user) and user.has_perm(PUBLISH_PERMISSION)


def can_use_studio(user: Any) -> bool:
    return can_author(user) or can_publish(user)


def can_create_course(user: Any) -> bool:
    return _signed_in(user) and user.has_perm("learning.add_course")


def can_edit_course(user: Any, course: Course) -> bool:
    """Editors change drafts and published courses; nobody changes a course in review."""
    return (
        _signed_in(user)
        and user.has_perm("learning.change_course")
        and course.status != Status.IN_REVIEW
    )


def can_submit(user: Any, course: Course) -> bool:
    return can_edit_course(user, course) and course.status == Status.DRAFT


def _is_own(user: Any, course: Course) -> bool:
    return user.pk in {course.created_by_id, course.submitted_by_id}


def can_review(user: Any, course: Course) -> bool:
    """Approve or return a course in review: a publisher who did not write or submit it."""
    return can_publish(user) and course.status == Status.IN_REVIEW and not _is_own(user, course)


def can_unpublish(user: Any, course: Course) -> bool:
    return can_publish(user) and course.status == Status.PUBLISHED


def can_view_course(user: Any, course: Course) -> bool:
    """Published courses are open to everyone; drafts to the studio's people (preview)."""
    return course.status == Status.PUBLISHED or can_use_studio(user)


def can_learn(user: Any, course: Course) -> bool:
    """Enrol, record progress and take quizzes."""
    return _signed_in(user) and course.status == Status.PUBLISHED


def can_manage_platforms(user: Any) -> bool:
    return _signed_in(user) and user.has_perm("learning.change_platform")

"""Who may read, post and moderate, and how trust grows, in one place.

Trust follows Discourse's idea in three steps: a new member's posts wait for a moderator;
a member with enough approved posts (one suffices after a month on the platform), holding
the micro-credential of the space's course, or moderating posts directly; a suspended
member cannot post. Members under 18
see only youth spaces, where every post waits for a moderator.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from iite.accounts.models import AgeBand
from iite.credentials.selectors import credentials_for_user

from .models import Space, Suspension, Visibility

APPROVED_POSTS_FOR_TRUST = 3
# A member known for this long needs only one approved post to post directly.
SEASONED_AFTER = datetime.timedelta(days=30)


def is_minor(user: Any) -> bool:
    return bool(user.is_authenticated and user.age_band == AgeBand.UNDER_18)


def can_moderate(user: Any, space: Space) -> bool:
    if not user.is_authenticated:
        return False
    if user.has_perm("community.moderate_space"):
        return True
    return space.moderators.filter(pk=user.pk).exists()


def can_read(user: Any, space: Space) -> bool:
    if space.youth:
        # Youth spaces are for young members and the adults who moderate them.
        return is_minor(user) or can_moderate(user, space)
    if is_minor(user):
        return False
    if space.visibility == Visibility.PUBLIC:
        return True
    return bool(
        user.is_authenticated
        and (space.members.filter(pk=user.pk).exists() or can_moderate(user, space))
    )


def suspended_until(user: Any) -> Any:
    found = (
        Suspension.objects.filter(user=user, until__gt=timezone.now()).order_by("-until").first()
    )
    return found.until if found else None


def can_post(user: Any, space: Space) -> bool:
    return bool(
        user.is_authenticated
        and space.archived_at is None
        and can_read(user, space)
        and suspended_until(user) is None
    )


def _holds_course_credential(user: Any, space: Space) -> bool:
    course = space.course
    if course is None or course.achievement_id is None:
        return False
    return (
        credentials_for_user(user)
        .filter(achievement_id=course.achievement_id, revoked_at__isnull=True)
        .exists()
    )


def posts_directly(user: Any, space: Space, approved_posts: int) -> bool:
    """Whether a post by this member is shown at once (else it waits for a moderator)."""
    if space.youth:
        return can_moderate(user, space)
    if can_moderate(user, space):
        return True
    if approved_posts >= APPROVED_POSTS_FOR_TRUST:
        return True
    if approved_posts >= 1 and timezone.now() - user.date_joined >= SEASONED_AFTER:
        return True
    return _holds_course_credential(user, space)


def can_manage_spaces(user: Any) -> bool:
    """Create, edit and archive spaces and choose their moderators and members."""
    return bool(user.is_authenticated and user.has_perm("community.change_space"))


def can_manage_words(user: Any) -> bool:
    """The watched words hold or refuse posts in every space: the community's moderators."""
    return bool(user.is_authenticated and user.has_perm("community.moderate_space"))

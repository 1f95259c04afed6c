"""Who may see and change activities and participation.

- The public sees public activities and aggregate figures, never a person.
- Governing Board members (programme.view_* permissions) read everything, change nothing.
- Programme officers (programme.add/change_activity) edit the activities of the
  programme units they belong to (UnitMembership), and record participation in them.
- Administrators (programme.change_any_activity) edit every activity and manage who
  belongs to which unit (programme.add/delete_unitmembership).
"""

from __future__ import annotations

from typing import Any

from .models import Activity, UnitMembership

_UNITS_CACHE = "_programme_unit_ids"


def user_unit_ids(user: Any) -> frozenset[int]:
    """The programme units a staff member belongs to (cached on the user object)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _UNITS_CACHE, None)
    if cached is None:
        cached = frozenset(
            UnitMembership.objects.filter(user=user).values_list("unit_id", flat=True)
        )
        setattr(user, _UNITS_CACHE, cached)
    return cached


def can_view_staff_area(user: Any) -> bool:
    """Staff lists and records with their non-public parts: officers, admins, the Board."""
    return bool(user.is_authenticated and user.has_perm("programme.view_activity"))


def can_view_activity(user: Any, activity: Activity) -> bool:
    return activity.is_public or can_view_staff_area(user)


def can_edit_all_activities(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("programme.change_any_activity"))


def can_add_activity(user: Any) -> bool:
    if not (user.is_authenticated and user.has_perm("programme.add_activity")):
        return False
    return can_edit_all_activities(user) or bool(user_unit_ids(user))


def can_edit_activity_in_unit(user: Any, unit_id: int | None) -> bool:
    """Whether the user may create or change an activity of this unit."""
    if can_edit_all_activities(user):
        return True
    if not (user.is_authenticated and user.has_perm("programme.change_activity")):
        return False
    return unit_id is not None and unit_id in user_unit_ids(user)


def can_change_activity(user: Any, activity: Activity) -> bool:
    return can_edit_activity_in_unit(user, activity.unit_id)


def can_record_participation(user: Any, activity: Activity) -> bool:
    """Entering individual or aggregate participation is editing the activity."""
    return can_change_activity(user, activity) and bool(
        user.has_perm("programme.add_participation")
        or user.has_perm("programme.add_aggregateparticipation")
    )


def can_view_participants(user: Any) -> bool:
    """Individual participation records (who took part) are for staff only."""
    return bool(user.is_authenticated and user.has_perm("programme.view_participation"))


def can_import(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("programme.import_activities")) and (
        can_edit_all_activities(user) or bool(user_unit_ids(user))
    )


def can_manage_units(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and user.has_perm("programme.add_unitmembership")
        and user.has_perm("programme.delete_unitmembership")
    )

"""Who may see and change what in readiness, in one place.

A campaign's report belongs to its coordinator: institute staff see a school only
through the anonymised aggregates (and by name only if it chose to share).
"""

from __future__ import annotations

from typing import Any

from .models import Campaign


def can_manage_campaign(user: Any, campaign: Campaign) -> bool:
    return bool(user.is_authenticated and campaign.coordinator_id == user.pk)


def can_view_aggregates(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("readiness.view_aggregates"))


def can_record_support(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("readiness.change_campaign"))

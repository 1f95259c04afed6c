"""Who may do what in competitions, in one place."""

from __future__ import annotations

from typing import Any

from .models import Edition, Entry


def can_manage(user: Any) -> bool:
    """Staff who run calls and juries."""
    return bool(user.is_authenticated and user.has_perm("competitions.change_edition"))


def can_edit_entry(user: Any, entry: Entry) -> bool:
    """Only the owner edits, submits or withdraws an entry."""
    return bool(user.is_authenticated and entry.owner_id == user.pk)


def is_judge(user: Any, edition: Edition) -> bool:
    return bool(user.is_authenticated and edition.judges.filter(user=user).exists())

"""Achievements other domains award: found by code, created once, kept up to date."""

from __future__ import annotations

from typing import Any

from .models import Achievement


def achievement_ensure(
    *,
    code: str,
    kind: str,
    name: dict[str, str],
    description: dict[str, str],
    criteria: dict[str, str],
    original_language: str,
    activity: Any = None,
) -> Achievement:
    """The achievement with `code`, created or updated to these texts (idempotent).

    Updating changes what credentials issued from now on say; credentials already issued
    keep the texts they were signed with.
    """
    values = {
        "kind": kind,
        "name": name,
        "description": description,
        "criteria": criteria,
        "original_language": original_language,
        "activity": activity,
    }
    achievement, created = Achievement.objects.get_or_create(code=code[:80], defaults=values)
    if not created:
        changed = [
            field
            for field, value in values.items()
            if (
                dict(getattr(achievement, field))
                if isinstance(value, dict)
                else getattr(achievement, field)
            )
            != value
        ]
        if changed:
            for field in changed:
                setattr(achievement, field, values[field])
            achievement.save(update_fields=changed)
    return achievement

"""Background work: deleting conversations past the retention period."""

from __future__ import annotations

from django_tasks import task

from .services import conversations_expire


@task()
def expire_conversations() -> int:
    """Delete conversations quiet for longer than the staff-set retention (escalated ones stay)."""
    return conversations_expire()

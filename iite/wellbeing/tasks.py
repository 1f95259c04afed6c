"""Background work: deleting conversations past the retention period, and recording each
complete month's anonymous use toward the platform's indicators."""

from __future__ import annotations

from django_tasks import task

from .reporting import usage_months_record
from .services import conversations_expire


@task()
def expire_conversations() -> int:
    """Delete conversations quiet for longer than the staff-set retention (escalated ones stay)."""
    return conversations_expire()


@task()
def record_usage() -> int:
    """Record the complete months' anonymous conversations on the assistant's Activity."""
    return usage_months_record()

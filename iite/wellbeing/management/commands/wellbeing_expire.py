"""Daily: delete well-being conversations older than the retention period (30 days by
default, set by staff); conversations a counsellor escalated are kept."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from iite.wellbeing.services import conversations_expire


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = conversations_expire()
        self.stdout.write(f"{deleted} conversation(s) deleted.")

"""Daily: delete well-being conversations older than the retention period (30 days by
default, set by staff); conversations a counsellor escalated are kept. Then record each
complete month's anonymous use toward the platform's indicators (`reporting.py`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from iite.wellbeing.reporting import usage_months_record
from iite.wellbeing.services import conversations_expire


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = conversations_expire()
        self.stdout.write(f"{deleted} conversation(s) deleted.")
        months = usage_months_record()
        self.stdout.write(f"{months} month(s) of use recorded toward the indicators.")

"""Enqueue renewal reminders for agreements that end soon."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from iite.partners.services import DEFAULT_REMINDER_DAYS, agreements_send_reminders


class Command(BaseCommand):
    help = (
        "Enqueues a renewal reminder to the responsible staff member (or, if none, the "
        "Administrators) of every signed or active agreement that ends within the given "
        "thresholds (default 90, 30 and 7 days), and marks agreements past their end date "
        "as expired. Each agreement gets one reminder per threshold and end date, however "
        "often the command runs. In production run it daily from cron, for example "
        "`15 6 * * * cd /srv/iite && .venv/bin/python manage.py send_agreement_reminders`; "
        "the emails are sent by the task worker (`manage.py db_worker`)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--days",
            default=",".join(str(days) for days in DEFAULT_REMINDER_DAYS),
            help="Comma-separated thresholds in days before the end date (default 90,30,7).",
        )
        parser.add_argument(
            "--today", default="", help="Run as if today were this date (YYYY-MM-DD)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            thresholds = tuple(int(part) for part in options["days"].split(",") if part.strip())
        except ValueError as exc:
            raise CommandError("--days takes whole numbers separated by commas.") from exc
        if not thresholds or min(thresholds) < 0:
            raise CommandError("--days needs at least one threshold of 0 days or more.")
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today takes a date as YYYY-MM-DD.") from exc
        run = agreements_send_reminders(today=today, thresholds=thresholds)
        self.stdout.write(
            f"{len(run.enqueued)} reminder(s) enqueued, {len(run.expired)} agreement(s) expired."
        )

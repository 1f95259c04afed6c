"""Daily: enqueue reminder e-mails for events starting soon (a second run sends nothing
twice) and mark the activities of events that have begun or ended as ongoing or completed."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from iite.events.models import EventStatus, Registration, RegistrationStatus
from iite.events.services import event_activity_statuses_refresh
from iite.events.tasks import send_registration_email


def enqueue_reminders(hours: int = 24) -> int:
    """Each confirmed registrant of a published event starting within `hours` gets one
    reminder; the claim (reminder_sent_at) is set before enqueueing, so runs that overlap
    cannot both send."""
    now = timezone.now()
    due = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__status=EventStatus.PUBLISHED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + timedelta(hours=hours),
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if claimed:
                transaction.on_commit(partial(send_registration_email.enqueue, pk, "reminder"))
                count += 1
    return count


class Command(BaseCommand):
    help = (
        "Run daily (cron): enqueue reminder e-mails to confirmed registrants of events "
        "starting soon, and mark activities of events that have taken place as completed."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--hours", type=int, default=24, help="How far ahead to look.")

    def handle(self, *args: Any, **options: Any) -> None:
        count = enqueue_reminders(options["hours"])
        self.stdout.write(f"{count} reminders enqueued")
        changed = event_activity_statuses_refresh()
        self.stdout.write(f"{changed} event activities moved on to ongoing or completed")

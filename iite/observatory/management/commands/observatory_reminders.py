"""Daily: remind reviewers whose review is due soon and tell providers whose time to reply
has closed without a reply. Each is sent once: a second run the same day sends nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from iite.observatory.notifications import reminders_enqueue, reply_closed_enqueue


class Command(BaseCommand):
    help = (
        "Run daily (systemd timer iite-observatory-reminders): enqueue one reminder per "
        "review due soon and one notice per right of reply that closed without a reply."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        reminders = reminders_enqueue()
        closed = reply_closed_enqueue()
        self.stdout.write(f"{reminders} review reminders enqueued")
        self.stdout.write(f"{closed} notices of a closed right of reply enqueued")

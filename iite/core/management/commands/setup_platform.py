"""Load reference data, the strategy and (optionally) the demo data set; idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from iite.core.demo_admin import ensure_demo_admin
from iite.core.records import records_changed_on_commit
from iite.core.registry import registry

# The loaders write in bulk, not only through the domains' services: once they have
# committed, every cache built from the records is rebuilt.
_LOADED = frozenset(
    {
        "activity",
        "aggregate",
        "course",
        "event",
        "participation",
        "partner",
        "platform",
        "reported_value",
    }
)


class Command(BaseCommand):
    help = (
        "Loads reference data and the strategy, then the demo data set. "
        "A second run changes nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-demo", action="store_true", help="Skip the demo data set.")
        parser.add_argument("--admin-email", default="admin@iite.example.org")
        parser.add_argument(
            "--admin-password-file", default="", help="Where the demo admin password is kept."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for name, loader in registry.reference_loaders:
            with transaction.atomic():
                result = loader()
            self.stdout.write(f"reference: {name}: {result or 'ok'}")
        if options["no_demo"]:
            records_changed_on_commit(sender="setup_platform", kinds=_LOADED)
            return
        for name, loader in registry.demo_loaders:
            with transaction.atomic():
                result = loader()
            self.stdout.write(f"demo: {name}: {result or 'ok'}")
        records_changed_on_commit(sender="setup_platform", kinds=_LOADED)

        email, password, created = ensure_demo_admin(
            options["admin_email"], options["admin_password_file"] or None
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo administrator: {email} / password: {password}"
                + (" (created)" if created else "")
            )
        )

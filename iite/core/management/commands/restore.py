"""`manage.py restore <archive>`: put a backup back and prove it is what was saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from iite.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Replaces the database, uploaded files and signing keys with a backup's, then "
        "compares every table's row count and the indicators with the backup's manifest."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", help="A file written by `manage.py backup`.")
        parser.add_argument(
            "--noinput", "--no-input", action="store_true", help="Do not ask for confirmation."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"No such file: {archive}")
        if not options["noinput"]:
            answer = input(
                f"Replace this platform's database and files with {archive.name}? [y/N] "
            )
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            verification = backup_restore(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not verification.ok:
            for table, (rows_saved, rows_now) in verification.tables.items():
                self.stderr.write(f"{table}: {rows_saved} rows saved, {rows_now} now")
            for name, (digest_saved, digest_now) in verification.checks.items():
                self.stderr.write(f"{name}: {digest_saved} saved, {digest_now} now")
            raise CommandError("The restored platform differs from the backup (see above).")
        self.stdout.write(f"Restored {archive.name}; every table and indicator matches.")

"""`manage.py backup`: the database, uploaded files and signing keys in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from iite.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Writes a backup archive (database, uploaded files, credential signing keys and a "
        "manifest of row counts and indicator digests) readable by its owner only."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--output",
            default=str(Path(settings.VAR_DIR) / "backups"),
            help="Directory to write the archive into (default: var/backups).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            archive = backup_create(Path(options["output"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(archive))

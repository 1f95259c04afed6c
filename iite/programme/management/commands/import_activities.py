"""manage.py import_activities FILE: the same import as the staff upload page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from iite.programme.importer import import_activities_file


class Command(BaseCommand):
    help = (
        "Imports activities, aggregate participation or individual participation from a CSV "
        "or XLSX file (the kind is told by the header row). Nothing is written unless every "
        "row is valid; errors are listed by file, row and column."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        with path.open("rb") as handle:
            report = import_activities_file(name=path.name, handle=handle, user=None)
        if not report.ok:
            for error in report.errors:
                column = f", column {error.column}" if error.column else ""
                self.stderr.write(f"{error.file}: row {error.row}{column}: {error.message}")
            hidden = report.error_count - len(report.errors)
            if hidden:
                self.stderr.write(f"... and {hidden} more errors.")
            raise CommandError(f"{report.error_count} errors; nothing was imported.")
        summary = ", ".join(f"{n} {label}" for label, n in report.created.items())
        self.stdout.write(
            self.style.SUCCESS(f"{path.name}: {report.rows} rows ({report.kind}): {summary}.")
        )

"""Re-sign every credential signed in an older document version (same id, new proof).

setup_platform runs this too, so `make run` brings an existing database up to date. A
credential keeps its id, subject, dates and revocation entry; only its proof is new.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from iite.credentials.reissue import credentials_reissue_outdated


class Command(BaseCommand):
    help = "Re-sign credentials issued in an older document version; a second run does nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        count = credentials_reissue_outdated()
        self.stdout.write(self.style.SUCCESS(f"{count} credentials re-signed."))

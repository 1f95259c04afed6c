"""Create a new credential signing key and retire the current one.

The retired key's public half stays published on the issuer profile, so every
credential it signed remains verifiable; new credentials and status lists are signed
with the new key. When CREDENTIAL_SIGNING_KEY is set the key comes from the
environment: rotate by changing that variable instead.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from iite.credentials.keys import ENV_VAR, environment_key_set
from iite.credentials.services import signing_key_rotate


class Command(BaseCommand):
    help = "Create a new credential signing key; the old one is retired but stays published."

    def handle(self, *args: Any, **options: Any) -> None:
        if environment_key_set():
            raise CommandError(
                f"{ENV_VAR} is set: put the new private key in that variable instead."
            )
        old, new = signing_key_rotate()
        if old is not None:
            self.stdout.write(f"Retired {old.key_id} ({old.public_key_multibase}).")
        self.stdout.write(
            self.style.SUCCESS(f"New signing key {new.key_id} ({new.public_key_multibase}).")
        )

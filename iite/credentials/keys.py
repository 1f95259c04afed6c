"""The institute's Ed25519 signing keys: private halves outside the database.

A private key is read from the CREDENTIAL_SIGNING_KEY environment variable when it is
set (multibase 'z…' or base64 of the 32-byte seed), otherwise from a file
``<CREDENTIAL_KEY_DIR>/<key_id>.key`` (mode 0600, in a directory of mode 0700 that is
never served). Only the public key is stored in the database (SigningKey) and
published on the issuer profile. Nothing here logs or returns a private key's text.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .integrity import (
    IntegrityError,
    private_key_from_multibase,
    private_key_multibase,
    public_key_from_multibase,
    public_key_multibase,
)
from .models import SigningKey

ENV_VAR = "CREDENTIAL_SIGNING_KEY"


class KeyUnavailable(Exception):
    """The current signing key's private half cannot be found."""


def key_dir() -> Path:
    return Path(settings.CREDENTIAL_KEY_DIR)


def _key_path(key_id: str) -> Path:
    return key_dir() / f"{key_id}.key"


def _environment_key() -> Ed25519PrivateKey | None:
    value = os.environ.get(ENV_VAR, "").strip()
    if not value:
        return None
    try:
        return private_key_from_multibase(value)
    except IntegrityError:
        pass
    try:
        raw = base64.b64decode(value + "=" * (-len(value) % 4), validate=False)
    except (binascii.Error, ValueError) as exc:
        raise KeyUnavailable(f"{ENV_VAR} is neither multibase nor base64.") from exc
    if len(raw) != 32:
        raise KeyUnavailable(f"{ENV_VAR} must hold a 32-byte Ed25519 private key.")
    return Ed25519PrivateKey.from_private_bytes(raw)


def _write_private_key(key_id: str, private_key: Ed25519PrivateKey) -> None:
    directory = key_dir()
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    path = _key_path(key_id)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(private_key_multibase(private_key) + "\n")


def _new_key_id() -> str:
    return "key-" + timezone.now().strftime("%Y%m%d%H%M%S%f")


def _retire_current(now: object) -> None:
    SigningKey.objects.filter(retired_at__isnull=True).update(retired_at=now)


@transaction.atomic
def signing_key_create() -> SigningKey:
    """Generate a new key (file under CREDENTIAL_KEY_DIR), make it current, retire the old."""
    private_key = Ed25519PrivateKey.generate()
    key_id = _new_key_id()
    _write_private_key(key_id, private_key)
    now = timezone.now()
    _retire_current(now)
    return SigningKey.objects.create(
        key_id=key_id,
        public_key_multibase=public_key_multibase(private_key.public_key()),
        created_at=now,
    )


@transaction.atomic
def signing_key_ensure() -> SigningKey:
    """The current key, creating one when there is none (idempotent; run at set-up).

    When CREDENTIAL_SIGNING_KEY is set, its key is the current one: it is registered
    (public half only) the first time it is seen and any other key is retired.
    """
    environment_key = _environment_key()
    if environment_key is not None:
        multibase = public_key_multibase(environment_key.public_key())
        existing = SigningKey.objects.filter(public_key_multibase=multibase).first()
        if existing and existing.retired_at is None:
            return existing
        now = timezone.now()
        _retire_current(now)
        if existing:
            existing.retired_at = None
            existing.save(update_fields=["retired_at"])
            return existing
        return SigningKey.objects.create(
            key_id=_new_key_id(),
            public_key_multibase=multibase,
            created_at=now,
            from_environment=True,
        )
    current = SigningKey.objects.filter(retired_at__isnull=True).first()
    if current is not None:
        return current
    return signing_key_create()


def environment_key_set() -> bool:
    return bool(os.environ.get(ENV_VAR, "").strip())


def private_key_for(key: SigningKey) -> Ed25519PrivateKey:
    """The private half of `key`, from the environment or its file."""
    environment_key = _environment_key()
    if environment_key is not None and key.public_key_multibase == public_key_multibase(
        environment_key.public_key()
    ):
        return environment_key
    path = _key_path(key.key_id)
    try:
        text = path.read_text().strip()
    except OSError as exc:
        raise KeyUnavailable(
            f"The private key of {key.key_id} is not in {key_dir()} (nor in {ENV_VAR})."
        ) from exc
    private_key = private_key_from_multibase(text)
    if public_key_multibase(private_key.public_key()) != key.public_key_multibase:
        raise KeyUnavailable(f"The key file of {key.key_id} does not match its public key.")
    return private_key


def current_signing_key() -> tuple[SigningKey, Ed25519PrivateKey]:
    key = signing_key_ensure()
    return key, private_key_for(key)


def public_key_of(key: SigningKey) -> Ed25519PublicKey:
    return public_key_from_multibase(key.public_key_multibase)

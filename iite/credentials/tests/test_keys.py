"""Signing keys live outside the database; the environment variable takes precedence."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from django.core.management import CommandError, call_command

from iite.credentials import keys, services
from iite.credentials.integrity import private_key_multibase, public_key_multibase
from iite.credentials.models import SigningKey
from iite.credentials.verification import verify_document

pytestmark = pytest.mark.django_db


def _raw(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def test_environment_key_takes_precedence(monkeypatch, achievement, learner, settings):
    """With CREDENTIAL_SIGNING_KEY set, credentials are signed with it and no file is written."""
    private_key = Ed25519PrivateKey.generate()
    monkeypatch.setenv("CREDENTIAL_SIGNING_KEY", base64.b64encode(_raw(private_key)).decode())
    credential = services.credential_issue(achievement=achievement, recipient=learner)
    expected = public_key_multibase(private_key.public_key())
    assert credential.signing_key.public_key_multibase == expected
    assert credential.signing_key.from_environment
    assert not settings.CREDENTIAL_KEY_DIR.exists()
    assert verify_document(credential.document).valid


def test_environment_key_in_multibase_replaces_a_file_key(monkeypatch):
    """A file key exists; setting the variable (multibase form) makes its key current."""
    file_key = keys.signing_key_ensure()
    private_key = Ed25519PrivateKey.generate()
    monkeypatch.setenv("CREDENTIAL_SIGNING_KEY", private_key_multibase(private_key))
    current = keys.signing_key_ensure()
    file_key.refresh_from_db()
    assert file_key.retired_at is not None
    assert current.public_key_multibase == public_key_multibase(private_key.public_key())


def test_bad_environment_key_is_refused(monkeypatch):
    """A variable that is not a 32-byte key stops signing with a clear error."""
    monkeypatch.setenv("CREDENTIAL_SIGNING_KEY", base64.b64encode(b"short").decode())
    with pytest.raises(keys.KeyUnavailable):
        keys.signing_key_ensure()


def test_missing_key_file_is_an_error_not_a_new_key(settings):
    """If the current key's file disappears, issuing fails instead of silently re-keying."""
    key = keys.signing_key_ensure()
    (settings.CREDENTIAL_KEY_DIR / f"{key.key_id}.key").unlink()
    with pytest.raises(keys.KeyUnavailable):
        keys.current_signing_key()
    assert SigningKey.objects.count() == 1


def test_private_key_is_not_in_the_database():
    """No column of SigningKey holds the private key."""
    key = keys.signing_key_ensure()
    private = keys.private_key_for(key)
    secret = private_key_multibase(private)
    row = SigningKey.objects.filter(pk=key.pk).values().get()
    assert all(secret not in str(value) for value in row.values())
    assert base64.b64encode(_raw(private)).decode() not in str(row)


def test_rotation_refused_when_key_comes_from_environment(monkeypatch):
    """rotate_credential_key tells the operator to change the variable instead."""
    monkeypatch.setenv(
        "CREDENTIAL_SIGNING_KEY", private_key_multibase(Ed25519PrivateKey.generate())
    )
    with pytest.raises(CommandError):
        call_command("rotate_credential_key")


def test_reference_loader_is_registered():
    """`setup_platform` creates the signing key through the registered reference loader."""
    from iite.core.registry import registry

    loaders = dict(registry.reference_loaders)
    assert "credentials.signing_key" in loaders
    loaders["credentials.signing_key"]()
    assert SigningKey.objects.filter(retired_at__isnull=True).count() == 1


def test_key_dir_inside_media_is_an_error(settings, tmp_path):
    """The system check refuses a key directory the site would serve."""
    from iite.credentials.checks import key_dir_not_served

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CREDENTIAL_KEY_DIR = tmp_path / "media" / "keys"
    assert [error.id for error in key_dir_not_served()] == ["credentials.E001"]
    settings.CREDENTIAL_KEY_DIR = tmp_path / "keys"
    assert key_dir_not_served() == []


def test_private_key_never_shown(client):
    """Neither the issuer page, its JSON-LD nor the API contain the private key."""
    key = keys.signing_key_ensure()
    secret = private_key_multibase(keys.private_key_for(key))
    raw = base64.b64encode(_raw(keys.private_key_for(key))).decode()
    for url in (
        "/en/credentials/issuer/",
        "/en/credentials/issuer/?format=json",
        "/api/credentials/issuer",
    ):
        body = client.get(url).content.decode()
        assert key.public_key_multibase in body
        assert secret not in body
        assert raw not in body

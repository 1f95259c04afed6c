"""Every kind of tampering fails verification; key rotation keeps old credentials valid."""

from __future__ import annotations

import copy
import datetime
import io
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.utils import timezone

from iite.accounts.tests.factories import UserFactory
from iite.credentials import documents, services
from iite.credentials.integrity import add_proof
from iite.credentials.keys import signing_key_ensure
from iite.credentials.models import SigningKey
from iite.credentials.verification import (
    InputError,
    parse_json,
    verify_document,
    verify_input,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(achievement, learner):
    return services.credential_issue(achievement=achievement, recipient=learner)


def _failed(document) -> list[str]:
    return [check.code for check in verify_document(document).checks if not check.passed]


def test_untouched_credential_passes_every_check(issued):
    """A credential as issued passes format, issuer, signature, dates and status."""
    result = verify_document(copy.deepcopy(issued.document))
    assert result.valid
    assert [check.code for check in result.checks] == [
        "format",
        "issuer",
        "signature",
        "dates",
        "status",
    ]
    assert result.credential == issued


def test_changed_field_fails(issued):
    """Changing the achievement's name after signing breaks the signature."""
    document = copy.deepcopy(issued.document)
    document["credentialSubject"]["achievement"]["name"] = "Doctor of Everything"
    assert _failed(document) == ["signature"]


def test_changed_date_fails(issued):
    """Moving validFrom breaks the signature."""
    document = copy.deepcopy(issued.document)
    document["validFrom"] = "2020-01-01T00:00:00Z"
    assert "signature" in _failed(document)


def test_added_undefined_property_fails(issued):
    """A property no context defines, added after signing, is caught even if canonical form ignores it."""
    document = copy.deepcopy(issued.document)
    document["credentialSubject"]["achievement"]["grade"] = "A+"
    assert "integrity" in _failed(document)


def test_added_null_property_fails(issued):
    """A property added with a null value (dropped by JSON-LD) is caught too."""
    document = copy.deepcopy(issued.document)
    document["credentialSubject"]["score"] = None
    failed = _failed(document)
    assert "integrity" in failed
    assert "signature" not in failed  # the canonical form really is unchanged


def test_added_defined_property_fails(issued):
    """Adding a property the contexts do define (a description) breaks the signature."""
    document = copy.deepcopy(issued.document)
    document["description"] = "Awarded with distinction"
    assert _failed(document) == ["signature"]


def test_removed_property_fails(issued):
    """Removing the credential status entry breaks the signature."""
    document = copy.deepcopy(issued.document)
    del document["credentialStatus"]
    assert _failed(document) == ["signature"]


def test_wrong_key_fails(issued):
    """A credential re-signed with a key that is not ours fails, whatever it claims."""
    document = {k: v for k, v in issued.document.items() if k != "proof"}
    forged = add_proof(
        document,
        private_key=Ed25519PrivateKey.generate(),
        verification_method=issued.document["proof"]["verificationMethod"],
        created=issued.document["proof"]["created"],
    )
    assert _failed(forged) == ["signature"]


def test_proof_from_another_credential_fails(issued, achievement):
    """Moving a valid proof onto another credential fails."""
    other = services.credential_issue(achievement=achievement, recipient=UserFactory())
    document = copy.deepcopy(issued.document)
    document["proof"] = copy.deepcopy(other.document["proof"])
    assert _failed(document) == ["signature"]


def test_foreign_issuer_fails(issued):
    """A credential claiming another issuer fails the issuer check."""
    document = copy.deepcopy(issued.document)
    document["issuer"]["id"] = "https://fake.example/issuer"
    failed = _failed(document)
    assert "issuer" in failed
    assert "signature" in failed


def test_expired_credential_fails(achievement, learner):
    """After validUntil the dates check fails (and only it)."""
    achievement.validity_months = 12
    achievement.save()
    credential = services.credential_issue(achievement=achievement, recipient=learner)
    later = timezone.now() + datetime.timedelta(days=400)
    checks = verify_document(credential.document, now=later).checks
    assert [c.code for c in checks if not c.passed] == ["dates"]
    assert "expired" in str(next(c.message for c in checks if c.code == "dates"))


def test_not_yet_valid_credential_fails(issued):
    """Before validFrom the dates check fails."""
    earlier = timezone.now() - datetime.timedelta(days=1)
    checks = verify_document(issued.document, now=earlier).checks
    assert [c.code for c in checks if not c.passed] == ["dates"]


def test_revoked_credential_fails(issued):
    """A revoked credential fails on status only."""
    from django.contrib.auth.models import Permission

    officer = UserFactory(is_staff=True)
    officer.user_permissions.add(Permission.objects.get(codename="revoke_credential"))
    services.credential_revoke(credential=issued, by=officer, reason="Obtained by fraud")
    assert _failed(issued.document) == ["status"]


def test_key_rotation_keeps_old_credentials_valid(achievement, issued):
    """After rotate_credential_key, old credentials verify and new ones use the new key."""
    old_key = issued.signing_key
    out = io.StringIO()
    call_command("rotate_credential_key", stdout=out)
    assert "New signing key" in out.getvalue()
    assert "z" in out.getvalue()
    old_key.refresh_from_db()
    assert old_key.retired_at is not None
    assert verify_document(issued.document).valid
    newer = services.credential_issue(achievement=achievement, recipient=UserFactory())
    assert newer.signing_key != old_key
    assert newer.signing_key.retired_at is None
    assert verify_document(newer.document).valid
    # Both keys are published on the issuer profile.
    keys = {key.public_key_multibase for key in SigningKey.objects.all()}
    assert len(keys) == 2


def test_unpublished_key_fails_even_if_signature_matches(issued):
    """A key we no longer publish (deleted row) is not trusted."""
    document = copy.deepcopy(issued.document)
    SigningKey.objects.filter(pk=issued.signing_key_id).update(public_key_multibase="z6MkNOTOURKEY")
    assert _failed(document) == ["signature"]


def test_status_list_round_trips():
    """Encoding then decoding a status list gives back exactly the set bits (spec bit order)."""
    bits = {0, 7, 8, 4095, 131071}
    encoded = documents.bitstring_encode(bits, 131072)
    assert encoded.startswith("u")
    decoded = documents.bitstring_decode(encoded)
    assert len(decoded) == 16384
    assert {i for i in range(131072) if documents.bit_is_set(decoded, i)} == bits
    assert decoded[0] == 0b10000001  # index 0 is the left-most bit


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "Give a credential"),
        (b"not json", "not valid JSON"),
        (b"[1, 2]", "not one"),
        (b'{"a": 1, "a": 2}', "repeats"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b"{" * 30 + b"}" * 30, "not valid JSON"),
        (b'{"x": ' + b"[" * 30 + b"]" * 30 + b"}", "nested too deeply"),
    ],
)
def test_malformed_input_is_refused_with_a_reason(raw, message):
    """Garbage gets a clear reason, never an exception other than InputError."""
    with pytest.raises(InputError) as caught:
        parse_json(raw)
    assert message in str(caught.value.message)


def test_huge_input_is_refused():
    """More than 256 KB is refused before parsing."""
    with pytest.raises(InputError, match="too large"):
        parse_json(b'{"x": "' + b"a" * 300_000 + b'"}')


def test_wrong_shape_fails_format(db):
    """A JSON object that is not a credential fails the format check with the fields named."""
    result = verify_document({"hello": "world"})
    assert not result.valid
    assert result.checks[0].code == "format"
    assert "@context" in str(result.checks[0].message)


def test_reference_lookup(issued):
    """A link to the public page, the id or the bare UUID all find the credential."""
    for reference in (
        issued.document["id"],
        f"/ar/credentials/{issued.uuid}/",
        str(issued.uuid),
    ):
        assert verify_input(reference=reference).valid
    with pytest.raises(InputError):
        verify_input(reference="https://elsewhere.example/credentials/1")
    with pytest.raises(InputError):
        verify_input(reference="00000000-0000-0000-0000-000000000000")


def test_text_input(issued):
    """Pasted JSON verifies like the stored document."""
    assert verify_input(text=json.dumps(issued.document)).valid


def test_signing_key_is_created_once(settings):
    """signing_key_ensure creates one key, then returns it; its file is private."""
    first = signing_key_ensure()
    second = signing_key_ensure()
    assert first == second
    path = settings.CREDENTIAL_KEY_DIR / f"{first.key_id}.key"
    assert path.stat().st_mode & 0o777 == 0o600
    assert settings.CREDENTIAL_KEY_DIR.stat().st_mode & 0o777 == 0o700


def test_embedded_context_fails(issued):
    """An inline context (which could define terms the signature never sees) is refused."""
    document = copy.deepcopy(issued.document)
    document["@context"] = [*document["@context"], {"grade": "https://example.org/grade"}]
    document["grade"] = "A+"
    assert "format" in _failed(document)
    nested = copy.deepcopy(issued.document)
    nested["credentialSubject"]["@context"] = {"note": "https://example.org/note"}
    nested["credentialSubject"]["note"] = "x"
    assert "integrity" in _failed(nested)


def test_undefined_property_inside_the_proof_fails(issued):
    """A property added inside the proof (dropped from the proof options) is caught."""
    document = copy.deepcopy(issued.document)
    document["proof"]["comment"] = "looks official"
    assert "integrity" in _failed(document)

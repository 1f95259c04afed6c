"""Data Integrity (eddsa-rdfc-2022) against the W3C test vectors, and offline canonicalisation."""

from __future__ import annotations

import copy
import json
import socket
from pathlib import Path

import pytest

from iite.credentials import integrity
from iite.credentials.integrity import (
    IntegrityError,
    add_proof,
    canonicalize,
    hash_data,
    private_key_from_multibase,
    public_key_from_multibase,
    public_key_multibase,
    undefined_terms,
    verify_proof,
)

VECTORS = Path(__file__).parent / "vectors"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"
LOADER = integrity.default_loader.with_documents({EXAMPLES_V2: VECTORS / "examples-v2.jsonld"})


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a network connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def _vector():
    signed = json.loads((VECTORS / "eddsa-rdfc-2022-signed.json").read_text())
    keys = json.loads((VECTORS / "eddsa-rdfc-2022-keypair.json").read_text())
    return signed, keys


def test_w3c_vector_verifies_with_its_published_key(no_network):
    """The vc-di-eddsa eddsa-rdfc-2022 example verifies with the spec's public key, offline."""
    signed, keys = _vector()
    public_key = public_key_from_multibase(keys["publicKeyMultibase"])
    check = verify_proof(signed, lambda method: public_key, LOADER)
    assert check.valid, check.reason


def test_w3c_vector_is_reproduced_byte_for_byte():
    """Re-signing the example with the spec's private key gives the published proofValue."""
    signed, keys = _vector()
    private_key = private_key_from_multibase(keys["privateKeyMultibase"])
    assert public_key_multibase(private_key.public_key()) == keys["publicKeyMultibase"]
    unsigned = {key: value for key, value in signed.items() if key != "proof"}
    again = add_proof(
        unsigned,
        private_key=private_key,
        verification_method=signed["proof"]["verificationMethod"],
        created=signed["proof"]["created"],
        loader=LOADER,
    )
    assert again["proof"] == signed["proof"]


def test_w3c_vector_intermediate_values():
    """The canonical proof options and the combined hash equal the spec's intermediate values."""
    signed, _keys = _vector()
    options = {key: value for key, value in signed["proof"].items() if key != "proofValue"}
    options["@context"] = signed["@context"]
    assert (
        canonicalize(options, LOADER) == (VECTORS / "eddsa-rdfc-2022-proof-canon.txt").read_text()
    )
    expected = (VECTORS / "eddsa-rdfc-2022-combined-hash.txt").read_text().strip()
    assert hash_data(signed, options, LOADER).hex() == expected


def test_w3c_vector_fails_when_changed():
    """Changing one character of the example breaks its signature."""
    signed, keys = _vector()
    public_key = public_key_from_multibase(keys["publicKeyMultibase"])
    changed = copy.deepcopy(signed)
    changed["credentialSubject"]["alumniOf"] = "The School of Exampels"
    assert verify_proof(changed, lambda method: public_key, LOADER).reason == "bad-signature"


def test_open_badges_example_signs_and_verifies(no_network):
    """An OB 3.0 credential (OB 3.0.3 context) signed with the spec's test key verifies offline."""
    _signed, keys = _vector()
    unsigned = json.loads((VECTORS / "ob-example-unsigned.json").read_text())
    private_key = private_key_from_multibase(keys["privateKeyMultibase"])
    method = "https://example.org/issuers/565049#" + keys["publicKeyMultibase"]
    signed = add_proof(
        unsigned,
        private_key=private_key,
        verification_method=method,
        created="2024-01-01T00:00:00Z",
    )
    public_key = public_key_from_multibase(keys["publicKeyMultibase"])
    assert verify_proof(signed, lambda m: public_key if m == method else None).valid
    assert undefined_terms(signed) == []
    canonical = canonicalize(unsigned)
    assert "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#AchievementSubject>" in canonical
    assert "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#Profile>" in canonical


def test_loader_refuses_any_other_context():
    """A document naming a context we do not hold cannot be canonicalised (no fetching)."""
    document = {"@context": ["https://evil.example/context.json"], "name": "x"}
    with pytest.raises(IntegrityError):
        canonicalize(document)


def test_undefined_properties_are_found():
    """A property no context defines is reported, at the top level and nested, as is a null."""
    unsigned = json.loads((VECTORS / "ob-example-unsigned.json").read_text())
    assert undefined_terms(unsigned) == []
    unsigned["grade"] = "A+"
    unsigned["credentialSubject"]["achievement"]["level"] = "expert"
    unsigned["credentialSubject"]["note"] = None
    found = undefined_terms(unsigned)
    assert "grade" in found
    assert "level" in found
    assert "credentialSubject.note" in found


def test_multibase_round_trips():
    """base58btc keeps leading zero bytes; Multikey encoding starts with z6Mk."""
    data = b"\x00\x00\x01\x02\xff"
    assert integrity.base58btc_decode(integrity.base58btc_encode(data)) == data
    _signed, keys = _vector()
    assert keys["publicKeyMultibase"].startswith("z6Mk")
    with pytest.raises(IntegrityError):
        integrity.multibase_decode("x123")


def test_open_badges_vector_canonical_form():
    """Our canonicalisation of the OB 3.0 sample credential equals 1EdTech's published N-Quads.

    The published 3.0.3 context maps `achievement` to `…vocab.html#achievement`, as the
    vector does, so the canonical form matches it byte for byte.
    """
    unsigned = json.loads((VECTORS / "ob-example-unsigned.json").read_text())
    expected = (VECTORS / "ob-document-canon.txt").read_text()
    assert canonicalize(unsigned) == expected

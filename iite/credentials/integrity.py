"""Data Integrity proofs with the eddsa-rdfc-2022 cryptosuite (W3C vc-di-eddsa).

Everything here is pure: no database, no settings. A proof is made by canonicalising
the proof options (with the document's @context) and the document without its proof
using RDFC-1.0 (pyld's URDNA2015, identical for these inputs), hashing each with
SHA-256, concatenating proof hash then document hash, and signing that with Ed25519.

JSON-LD contexts come only from files held in this app (``contexts/``): the document
loader refuses every other URL, so signing and verifying never touch the network, and
a document cannot smuggle in a context of its own.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from pyld import jsonld

CONTEXT_DIR = Path(__file__).resolve().parent / "contexts"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CREDENTIAL_CONTEXT = [VC_V2, OB_V3]
CRYPTOSUITE = "eddsa-rdfc-2022"
ISSUER_DEPENDENT = "https://www.w3.org/ns/credentials/issuer-dependent#"

LOCAL_CONTEXTS: dict[str, Path] = {
    VC_V2: CONTEXT_DIR / "credentials-v2.jsonld",
    OB_V3: CONTEXT_DIR / "context-3.0.3.json",
}

# Multicodec prefixes (varint) for Ed25519 public and private keys in multibase form.
ED25519_PUB_PREFIX = b"\xed\x01"
ED25519_PRIV_PREFIX = b"\x80\x26"


class IntegrityError(Exception):
    """A document cannot be canonicalised or its proof is not well formed."""


# --- Multibase ----------------------------------------------------------------------------

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {char: index for index, char in enumerate(_B58)}


def base58btc_encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = []
    while number:
        number, remainder = divmod(number, 58)
        out.append(_B58[remainder])
    leading = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading + "".join(reversed(out))


def base58btc_decode(text: str) -> bytes:
    number = 0
    for char in text:
        if char not in _B58_INDEX:
            raise IntegrityError(f"Not base58btc: {char!r}.")
        number = number * 58 + _B58_INDEX[char]
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    leading = len(text) - len(text.lstrip("1"))
    return b"\0" * leading + body


def multibase_decode(value: str) -> bytes:
    """Decode a multibase string: 'z' (base58btc) or 'u' (base64url, no padding)."""

    if not isinstance(value, str) or not value:
        raise IntegrityError("Empty multibase value.")
    if value[0] == "z":
        return base58btc_decode(value[1:])
    if value[0] == "u":
        body = value[1:]
        try:
            return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        except ValueError as exc:
            raise IntegrityError("Not base64url.") from exc
    raise IntegrityError("Unsupported multibase prefix.")


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    """Multikey encoding: 'z' + base58btc(0xed 0x01 + 32-byte key)."""
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "z" + base58btc_encode(ED25519_PUB_PREFIX + raw)


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    raw = multibase_decode(value)
    if len(raw) != 34 or not raw.startswith(ED25519_PUB_PREFIX):
        raise IntegrityError("Not an Ed25519 Multikey.")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def private_key_from_multibase(value: str) -> Ed25519PrivateKey:
    """A 32-byte Ed25519 seed, multibase with or without the 0x8026 multicodec prefix."""
    raw = multibase_decode(value)
    if len(raw) == 34 and raw.startswith(ED25519_PRIV_PREFIX):
        raw = raw[2:]
    if len(raw) != 32:
        raise IntegrityError("Not an Ed25519 private key.")
    return Ed25519PrivateKey.from_private_bytes(raw)


def private_key_multibase(private_key: Ed25519PrivateKey) -> str:

    raw = private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return "z" + base58btc_encode(ED25519_PRIV_PREFIX + raw)


# --- The document loader ------------------------------------------------------------------


class LocalDocumentLoader:
    """Serves JSON-LD contexts from local files, parsed once per process; refuses the rest."""

    def __init__(self, documents: Mapping[str, Path | dict[str, Any]]):
        self._paths = dict(documents)
        self._cache: dict[str, dict[str, Any]] = {}

    def __call__(self, url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        if url not in self._paths:
            raise jsonld.JsonLdError(
                "Refusing to load a context that is not held locally.",
                "jsonld.LoadDocumentError",
                {"url": url},
                code="loading document failed",
            )
        if url not in self._cache:
            source = self._paths[url]
            document = (
                source
                if isinstance(source, dict)
                else json.loads(source.read_text(encoding="utf-8"))
            )
            self._cache[url] = {
                "contentType": "application/ld+json",
                "contextUrl": None,
                "documentUrl": url,
                "document": document,
            }
        return self._cache[url]

    def with_documents(self, extra: Mapping[str, Path | dict[str, Any]]) -> LocalDocumentLoader:
        return LocalDocumentLoader({**self._paths, **extra})


default_loader = LocalDocumentLoader(LOCAL_CONTEXTS)


# --- Canonicalisation and strict expansion ------------------------------------------------


def _options(loader: Callable[..., Any]) -> dict[str, Any]:
    return {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": loader,
    }


def canonicalize(document: Mapping[str, Any], loader: Callable[..., Any] = default_loader) -> str:
    """RDFC-1.0 canonical N-Quads of a JSON-LD document."""
    try:
        return str(jsonld.normalize(dict(document), _options(loader)))
    except jsonld.JsonLdError as exc:
        raise IntegrityError(f"The document cannot be canonicalised: {_reason(exc)}") from exc


def _reason(exc: BaseException) -> str:
    cause: BaseException | None = exc
    messages = []
    while cause is not None:
        messages.append(str(getattr(cause, "message", None) or cause).split("\n")[0])
        cause = cause.__cause__
    return messages[-1] if messages else "unknown error"


def undefined_terms(
    document: Mapping[str, Any], loader: Callable[..., Any] = default_loader
) -> list[str]:
    """Properties of the document that no context defines.

    JSON-LD expansion drops a property its contexts do not define (and a context's
    @vocab would turn some into 'issuer-dependent' IRIs) so a canonical form, and
    therefore a signature, cannot notice them: a proof alone would accept a credential
    with such a property added after signing. This lists each, so the verifier can
    refuse it. A context embedded below the top level (which could define new terms
    invisibly to the signature) counts as one too.
    """
    return inspect(document, loader)[0]


PROOF_IRI = "https://w3id.org/security#proof"


def inspect(
    document: Mapping[str, Any], loader: Callable[..., Any] = default_loader
) -> tuple[list[str], str | None]:
    """One expansion gives both the undefined terms and the canonical unsecured document.

    The unsecured document (the document without `proof`) expands to the expanded
    document without the top-level proof IRI, so its canonical form is computed from
    the same expansion instead of expanding twice. Returns (undefined terms, canonical
    N-Quads of the unsecured document, or None if it cannot be canonicalised).
    """
    dropped: list[str] = []

    def on_dropped(term: str | None) -> None:
        dropped.append(term or "?")

    try:
        expanded = jsonld.expand(
            dict(document), {"documentLoader": loader}, on_property_dropped=on_dropped
        )
    except jsonld.JsonLdError as exc:
        raise IntegrityError(f"The document cannot be expanded: {_reason(exc)}") from exc
    dropped.extend(_issuer_dependent_terms(expanded))
    dropped.extend(_null_members(document))
    dropped.extend(_nested_contexts(document))
    dropped.extend(_unsigned_members(document))
    unsecured = [
        {key: value for key, value in node.items() if key != PROOF_IRI}
        if isinstance(node, dict)
        else node
        for node in expanded
    ]
    try:
        canonical: str | None = str(
            jsonld.normalize(unsecured, _options(loader))  # expanded input: no contexts
        )
    except jsonld.JsonLdError:
        canonical = None
    return dropped, canonical


# Keywords a credential may use directly; every other keyword (@index, @graph, @nest,
# @reverse, @included, an unknown @anything, ...) either vanishes in expansion or
# changes what is signed in ways a reader of the JSON does not see.
_SIGNED_KEYWORDS = frozenset({"@context", "@id", "@type", "@value", "@language"})


def _unsigned_members(node: Any, path: str = "") -> list[str]:
    """Members a reader sees that canonicalisation drops or relabels, so no proof covers.

    An `@index` (and any keyword outside a short list) is removed by expansion; a key
    beginning with `_:` names a blank-node property, which RDF drops; a value beginning
    with `_:` (in an id, a type or any property typed @id) is a blank-node label that
    RDFC-1.0 relabels, so its text is not signed; an empty list adds
    no statement at all. Each is reported by its path, so "valid" means every member of
    the JSON was signed.
    """
    found: list[str] = []
    stack: list[tuple[Any, str]] = [(node, path)]
    while stack:
        current, where = stack.pop()
        if isinstance(current, str):
            if current.startswith("_:"):
                found.append(where)
        elif isinstance(current, list):
            if not current and where:
                found.append(where)
            stack.extend((item, f"{where}[{index}]") for index, item in enumerate(current))
        elif isinstance(current, dict):
            for key, value in current.items():
                here = f"{where}.{key}".lstrip(".")
                if key == "@context":
                    continue
                if key.startswith("_:") or (key.startswith("@") and key not in _SIGNED_KEYWORDS):
                    found.append(here)
                else:
                    stack.append((value, here))
    return found


def _nested_contexts(node: Any, depth: int = 0) -> list[str]:
    found: list[str] = []
    if isinstance(node, list):
        for item in node:
            found.extend(_nested_contexts(item, depth))
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@context" and depth > 0:
                found.append("@context")
            elif key != "@context":
                found.extend(_nested_contexts(value, depth + 1))
    return found


def _issuer_dependent_terms(node: Any) -> list[str]:
    found: list[str] = []
    if isinstance(node, list):
        for item in node:
            found.extend(_issuer_dependent_terms(item))
    elif isinstance(node, dict):
        for key, value in node.items():
            if key.startswith(ISSUER_DEPENDENT):
                found.append(key[len(ISSUER_DEPENDENT) :])
            if key == "@type":
                types = value if isinstance(value, list) else [value]
                found.extend(
                    t[len(ISSUER_DEPENDENT) :]
                    for t in types
                    if isinstance(t, str) and t.startswith(ISSUER_DEPENDENT)
                )
            found.extend(_issuer_dependent_terms(value))
    return found


def _null_members(node: Any, path: str = "") -> list[str]:
    """JSON nulls vanish in expansion, so a property added as null must be caught here."""
    found: list[str] = []
    if isinstance(node, list):
        for index, item in enumerate(node):
            found.extend(_null_members(item, f"{path}[{index}]"))
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                continue
            if value is None:
                found.append(f"{path}.{key}".lstrip("."))
            else:
                found.extend(_null_members(value, f"{path}.{key}"))
    return found


# --- Proofs -------------------------------------------------------------------------------


def proof_config(
    *, context: Any, verification_method: str, created: str, proof_purpose: str = "assertionMethod"
) -> dict[str, Any]:
    return {
        "@context": context,
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }


def proof_config_hash(config: Mapping[str, Any], loader: Callable[..., Any]) -> bytes:
    return hashlib.sha256(canonicalize(config, loader).encode("utf-8")).digest()


_CONFIG_HASHES: dict[tuple[int, str], bytes] = {}


def proof_config_hash_cached(config: Mapping[str, Any], loader: Callable[..., Any]) -> bytes:
    """proof_config_hash, remembered: many credentials share their proof options."""
    key = (id(loader), json.dumps(config, sort_keys=True))
    if key not in _CONFIG_HASHES:
        if len(_CONFIG_HASHES) > 1024:
            _CONFIG_HASHES.clear()
        _CONFIG_HASHES[key] = proof_config_hash(config, loader)
    return _CONFIG_HASHES[key]


def hash_data(
    document: Mapping[str, Any],
    config: Mapping[str, Any],
    loader: Callable[..., Any],
    config_hash: bytes | None = None,
) -> bytes:
    """SHA-256(canonical proof config) || SHA-256(canonical document).

    `config_hash` lets a batch reuse the proof-config hash: every credential of a batch
    shares the same proof options (same key, same `created`), so it is computed once.
    """
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    proof_hash = config_hash if config_hash is not None else proof_config_hash(config, loader)
    document_hash = hashlib.sha256(canonicalize(unsecured, loader).encode("utf-8")).digest()
    return proof_hash + document_hash


def add_proof(
    document: Mapping[str, Any],
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: str,
    loader: Callable[..., Any] = default_loader,
    config_hash: bytes | None = None,
) -> dict[str, Any]:
    """The document with a DataIntegrityProof (eddsa-rdfc-2022) added."""
    config = proof_config(
        context=document["@context"], verification_method=verification_method, created=created
    )
    signature = private_key.sign(hash_data(document, config, loader, config_hash))
    proof = {key: value for key, value in config.items() if key != "@context"}
    proof["proofValue"] = "z" + base58btc_encode(signature)
    secured = copy.deepcopy(dict(document))
    secured["proof"] = proof
    return secured


@dataclass(frozen=True)
class ProofCheck:
    valid: bool
    verification_method: str = ""
    reason: str = ""


def verify_proof(
    document: Mapping[str, Any],
    resolve_key: Callable[[str], Ed25519PublicKey | None],
    loader: Callable[..., Any] = default_loader,
    canonical_document: str | None = None,
) -> ProofCheck:
    """Check the document's single eddsa-rdfc-2022 proof with the key `resolve_key` returns.

    `canonical_document`, when the caller already has it (see inspect), is the canonical
    form of the document without its proof.
    """
    proof = document.get("proof")
    if not isinstance(proof, dict):
        return ProofCheck(False, reason="no-proof")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        return ProofCheck(False, reason="unsupported-proof")
    if proof.get("proofPurpose") != "assertionMethod":
        return ProofCheck(False, reason="wrong-purpose")
    method = proof.get("verificationMethod")
    value = proof.get("proofValue")
    if not isinstance(method, str) or not isinstance(value, str):
        return ProofCheck(False, reason="malformed-proof")
    public_key = resolve_key(method)
    if public_key is None:
        return ProofCheck(False, method, reason="unknown-key")
    try:
        signature = multibase_decode(value)
    except IntegrityError:
        return ProofCheck(False, method, reason="malformed-proof")
    if value[0] != "z" or len(signature) != 64:
        return ProofCheck(False, method, reason="malformed-proof")
    options = {key: item for key, item in proof.items() if key != "proofValue"}
    options["@context"] = document.get("@context")
    try:
        config_hash = proof_config_hash_cached(options, loader)
        if canonical_document is None:
            data = hash_data(document, options, loader, config_hash)
        else:
            data = config_hash + hashlib.sha256(canonical_document.encode("utf-8")).digest()
    except IntegrityError:
        return ProofCheck(False, method, reason="not-canonicalisable")
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return ProofCheck(False, method, reason="bad-signature")
    return ProofCheck(True, method)


# --- Canonical templates for batches -------------------------------------------------------

_SAFE_IRI = re.compile(r"^[A-Za-z0-9:/._#~%+=@!$&'()*,;?-]+$")
_SAFE_NUMBER = re.compile(r"^[0-9]{1,10}$")


class CanonicalTemplate:
    """The canonical N-Quads of one document shape, filled in for many documents.

    A batch signs thousands of credentials that differ only in a few identifiers (the
    credential's URL, the subject's urn:uuid, the status index). When the shape has at
    most one blank node, RDFC-1.0 labels it _:c14n0 whatever those values are, and the
    canonical form is just the sorted N-Quads; so the canonical form of each credential
    is the template's quads with the identifiers substituted, sorted again. This is the
    same text the full algorithm produces (checked against it when the template is
    built, and in the tests), at a small fraction of the cost.

    `sentinels` maps each placeholder used in the template document to its kind
    ("iri" or "number"); values substituted must be safe for that kind so no escaping
    in N-Quads can differ.
    """

    def __init__(
        self,
        document: Mapping[str, Any],
        sentinels: Mapping[str, str],
        loader: Callable[..., Any] = default_loader,
    ):
        self.text = canonicalize(document, loader)
        self.sentinels = dict(sentinels)
        self.usable = "_:c14n1" not in self.text and all(
            sentinel in self.text for sentinel in self.sentinels
        )
        self.loader = loader

    def render(self, values: Mapping[str, str]) -> str | None:
        """Canonical N-Quads with `values` substituted, or None if a value is not safe."""
        if not self.usable:
            return None
        text = self.text
        for sentinel, kind in self.sentinels.items():
            value = values[sentinel]
            pattern = _SAFE_NUMBER if kind == "number" else _SAFE_IRI
            if not pattern.match(value) or any(s in value for s in self.sentinels):
                return None
            text = text.replace(sentinel, value)
        lines = text.splitlines(keepends=True)
        lines.sort()
        return "".join(lines)


def add_proof_from_canonical(
    document: Mapping[str, Any],
    canonical_document: str,
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: str,
    config_hash: bytes,
) -> dict[str, Any]:
    """Like add_proof, with the document's canonical form already known (batches)."""
    document_hash = hashlib.sha256(canonical_document.encode("utf-8")).digest()
    signature = private_key.sign(config_hash + document_hash)
    secured = dict(document)
    secured["proof"] = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
        "proofValue": "z" + base58btc_encode(signature),
    }
    return secured

"""Verifying a credential the institute issued: signature, dates, revocation, issuer.

Anyone can hand us a credential (its URL, a file, pasted JSON). We check it only
against what we publish ourselves: our issuer profile, our current and retired keys,
our status lists. Nothing is fetched from the network, so a verification cannot be
pointed at another server and always gives the same answer offline.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from iite.core.ratelimit import Limit

from . import documents
from .integrity import IntegrityError, inspect, public_key_from_multibase, verify_proof
from .models import Credential, SigningKey, StatusList

MAX_BYTES = 256 * 1024
MAX_DEPTH = 20
# What a verification may cost, checked on the parsed JSON before any JSON-LD work.
# Canonicalisation grows faster than linearly with the number of objects (each object
# without an id is a blank node RDFC-1.0 must label): 1,000 small objects took 0.4 s and
# 10,000 took 45 s. The credentials we issue have about 20 objects and 150 values.
MAX_NODES = 2_000
MAX_OBJECTS = 200
# Anyone may verify, without an account: an address gets this many a minute, counted in
# the shared cache so that every worker agrees.
VERIFY_LIMIT = Limit("credentials-verify", hits=30, window=60)
# A multipart form around a 256 KB file: the rest of the body is the form's own framing.
_FORM_OVERHEAD = 16 * 1024


class InputError(ValueError):
    """The input is not a credential we can read; the message says why, for a person.

    `status` is the HTTP status that fits: 400 for what is not a credential, 413 for
    too many bytes, 422 for JSON too costly to check.
    """

    def __init__(self, message: str | Promise, status: int = 400):
        super().__init__(str(message))
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Check:
    code: str
    passed: bool
    message: str | Promise


@dataclass
class VerificationResult:
    checks: list[Check] = field(default_factory=list)
    document: dict[str, Any] | None = None
    credential: Credential | None = None

    @property
    def valid(self) -> bool:
        return bool(self.checks) and all(check.passed for check in self.checks)

    def as_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "checks": [
                {"check": check.code, "passed": check.passed, "message": str(check.message)}
                for check in self.checks
            ],
            "credential": self.document.get("id") if self.document else None,
        }


# --- Reading the input ----------------------------------------------------------------------


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InputError(_("The JSON repeats the property “%(key)s”.") % {"key": key[:60]})
        result[key] = value
    return result


def cost_check(data: Any) -> None:
    """Refuse JSON too deep or with too many values or objects to verify cheaply (422).

    Walks the parsed JSON once without recursion, stopping as soon as a bound is passed,
    so the check itself costs at most MAX_NODES steps.
    """
    nodes = objects = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        node, level = stack.pop()
        nodes += 1
        if level > MAX_DEPTH:
            raise InputError(_("The JSON is nested too deeply to be a credential."), 422)
        if nodes > MAX_NODES:
            raise InputError(
                _("The JSON has more than %(count)s values: too many for a credential.")
                % {"count": f"{MAX_NODES:,}"},
                422,
            )
        if isinstance(node, dict):
            objects += 1
            if objects > MAX_OBJECTS:
                raise InputError(
                    _("The JSON has more than %(count)s objects: too many for a credential.")
                    % {"count": MAX_OBJECTS},
                    422,
                )
            stack.extend((value, level + 1) for value in node.values())
        elif isinstance(node, list):
            stack.extend((value, level + 1) for value in node)


def too_large() -> InputError:
    return InputError(
        _("The credential is too large (more than %(size)s KB).") % {"size": MAX_BYTES // 1024},
        413,
    )


def request_too_large(request: HttpRequest) -> bool:
    """The request declares a body too big to hold a credential, so it is not read."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > MAX_BYTES + _FORM_OVERHEAD


def parse_json(raw: bytes | str) -> dict[str, Any]:
    """Parse a credential from text; refuse what is too big, not JSON or not an object."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", errors="replace")
    if len(raw) > MAX_BYTES:
        raise too_large()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(_("The file is not UTF-8 text.")) from exc
    if not text.strip():
        raise InputError(_("Give a credential: its link, a file or its JSON text."))
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except InputError:
        raise
    except (ValueError, RecursionError) as exc:
        raise InputError(_("This is not valid JSON.")) from exc
    if not isinstance(data, dict):
        raise InputError(_("A credential is a JSON object; this is not one."))
    cost_check(data)
    return data


_UUID_RE = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)


def credential_from_reference(reference: str) -> Credential:
    """Our credential for a URL of its public page, its id, or its UUID."""
    reference = reference.strip()
    if len(reference) > 500:
        raise InputError(_("This link is too long."))
    site = settings.SITE_URL
    is_ours = reference.startswith((site + "/", "/")) or bool(_UUID_RE.fullmatch(reference))
    if not is_ours:
        raise InputError(
            _(
                "Only credentials issued on this platform can be checked by link; "
                "upload the file instead."
            )
        )
    match = _UUID_RE.search(reference)
    credential = None
    if match:
        credential = Credential.objects.filter(uuid=UUID(match.group(0))).first()
    if credential is None:
        raise InputError(_("No credential of ours has this link."))
    return credential


# --- The checks ------------------------------------------------------------------------------


def _published_key(method: str) -> Ed25519PublicKey | None:
    """Resolve a verification method only among our own keys, current or retired."""
    prefix = documents.issuer_url() + "#"
    if not method.startswith(prefix):
        return None
    key = SigningKey.objects.filter(public_key_multibase=method[len(prefix) :]).first()
    if key is None:
        return None
    return public_key_from_multibase(key.public_key_multibase)


def _shape_problems(document: dict[str, Any]) -> list[str]:
    problems = []
    context = document.get("@context")
    if (
        not isinstance(context, list)
        or context[:1] != ["https://www.w3.org/ns/credentials/v2"]
        or not all(isinstance(entry, str) for entry in context)
    ):
        # Only contexts we hold, named by URL: an embedded context could define terms
        # that change nothing a signature covers.
        problems.append("@context")
    types = document.get("type")
    if not isinstance(types, list) or "VerifiableCredential" not in types:
        problems.append("type")
    for name in ("id", "validFrom"):
        if not isinstance(document.get(name), str):
            problems.append(name)
    if not isinstance(document.get("credentialSubject"), dict | list):
        problems.append("credentialSubject")
    if not isinstance(document.get("proof"), dict):
        problems.append("proof")
    return problems


def _issuer_id(document: dict[str, Any]) -> str | None:
    issuer = document.get("issuer")
    if isinstance(issuer, str):
        return issuer
    if isinstance(issuer, dict) and isinstance(issuer.get("id"), str):
        return str(issuer["id"])
    return None


def _status_check(document: dict[str, Any], now: datetime) -> Check:
    entry = document.get("credentialStatus")
    if entry is None:
        return Check("status", True, _("The credential has no revocation status to check."))
    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
        return Check("status", False, _("The revocation status entry is not one we can read."))
    list_url = entry.get("statusListCredential")
    prefix = documents.stable_url("credentials:status_list", [0])[: -len("0/")]
    try:
        index = int(entry.get("statusListIndex", ""))
        list_pk = (
            int(str(list_url)[len(prefix) :].rstrip("/"))
            if str(list_url).startswith(prefix)
            else None
        )
    except (TypeError, ValueError):
        return Check("status", False, _("The revocation status entry is malformed."))
    status_list = StatusList.objects.filter(pk=list_pk).first() if list_pk else None
    if status_list is None or not status_list.document:
        return Check(
            "status", False, _("The revocation status list named in the credential is not ours.")
        )
    try:
        bitstring = documents.bitstring_decode(
            status_list.document["credentialSubject"]["encodedList"]
        )
        revoked = documents.bit_is_set(bitstring, index)
    except (KeyError, TypeError, IndexError, IntegrityError):
        return Check("status", False, _("The revocation status could not be read."))
    if revoked:
        return Check("status", False, _("The credential has been revoked by the issuer."))
    return Check("status", True, _("The credential has not been revoked."))


def verify_document(document: dict[str, Any], now: datetime | None = None) -> VerificationResult:
    """Run every check on a parsed credential; each check says what it found in plain words."""
    now = now or timezone.now()
    result = VerificationResult(document=document)
    checks = result.checks
    problems = _shape_problems(document)
    if problems:
        checks.append(
            Check(
                "format",
                False,
                _("This is not a verifiable credential: missing or wrong %(fields)s.")
                % {"fields": ", ".join(problems)},
            )
        )
        return result
    checks.append(
        Check("format", True, _("The document has the shape of a verifiable credential."))
    )

    issuer = _issuer_id(document)
    if issuer == documents.issuer_url():
        checks.append(
            Check("issuer", True, _("Issued by %(name)s.") % {"name": documents.issuer_name()})
        )
    else:
        checks.append(Check("issuer", False, _("The credential was not issued by this institute.")))

    try:
        undefined, canonical = inspect(document)
    except IntegrityError:
        undefined, canonical = ["?"], None
    if undefined:
        checks.append(
            Check(
                "integrity",
                False,
                _(
                    "The credential contains properties that no vocabulary defines "
                    "(%(terms)s): it was altered."
                )
                % {"terms": ", ".join(sorted(set(undefined))[:5])},
            )
        )
    proof = verify_proof(document, _published_key, canonical_document=canonical)
    if proof.valid:
        checks.append(
            Check(
                "signature",
                True,
                _("The signature is valid: the content is unchanged since it was signed."),
            )
        )
    elif proof.reason == "unknown-key":
        checks.append(
            Check(
                "signature",
                False,
                _("The signature was not made with one of the institute's keys."),
            )
        )
    elif proof.reason in {"no-proof", "unsupported-proof", "malformed-proof", "wrong-purpose"}:
        checks.append(
            Check(
                "signature",
                False,
                _("The credential's proof is missing or not of a kind we accept."),
            )
        )
    else:
        checks.append(
            Check(
                "signature",
                False,
                _("The signature does not match: the credential was altered after it was signed."),
            )
        )

    valid_from = documents.parse_iso(document.get("validFrom"))
    valid_until_raw = document.get("validUntil")
    valid_until = documents.parse_iso(valid_until_raw) if valid_until_raw is not None else None
    if valid_from is None or (valid_until_raw is not None and valid_until is None):
        checks.append(Check("dates", False, _("The validity dates cannot be read.")))
    elif valid_from > now:
        checks.append(Check("dates", False, _("The credential is not valid yet.")))
    elif valid_until is not None and valid_until <= now:
        checks.append(Check("dates", False, _("The credential has expired.")))
    else:
        checks.append(Check("dates", True, _("The credential is within its validity dates.")))

    checks.append(_status_check(document, now))
    match = _UUID_RE.search(str(document.get("id", "")))
    if match and str(document["id"]).startswith(settings.SITE_URL):
        result.credential = Credential.objects.filter(uuid=UUID(match.group(0))).first()
    return result


def verify_input(
    *, reference: str = "", text: str = "", upload: bytes | None = None
) -> VerificationResult:
    """Verify from whichever input was given: a file, pasted JSON, or a link. Raises InputError."""
    if upload is not None:
        return verify_document(parse_json(upload))
    if text.strip():
        return verify_document(parse_json(text))
    if reference.strip():
        credential = credential_from_reference(reference)
        return verify_document(dict(credential.document))
    raise InputError(_("Give a credential: its link, a file or its JSON text."))

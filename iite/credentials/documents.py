"""The JSON-LD documents the institute signs: OB 3.0 credentials and status lists.

Identifiers are stable URLs of ours without a language prefix (settings.SITE_URL +
/credentials/...): the site redirects them to the reader's language, so a credential's
id never depends on the language it was viewed in.
"""

from __future__ import annotations

import base64
import gzip
import html
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from .integrity import CREDENTIAL_CONTEXT, VC_V2, IntegrityError, multibase_decode

ISSUER_NAME = "UNESCO Institute for Information Technologies in Education"

# The institute's name in the six UN languages, as UNESCO's documents (General Conference
# resolutions, the institute's statutes) give it. These are official names, not the
# platform's translation. The signed JSON-LD keeps ISSUER_NAME: the Open Badges 3.0
# JSON Schema types Profile.name as a plain string, so a language map would make every
# credential fail validation; the page and the PDF show the name in their language.
ISSUER_NAMES: dict[str, str] = {
    "en": ISSUER_NAME,
    "fr": "Institut de l'UNESCO pour l'application des technologies de l'information à l'éducation",
    "es": "Instituto de la UNESCO para la Utilización de las Tecnologías de la Información "
    "en la Educación",
    "ar": "معهد اليونسكو لتكنولوجيات المعلومات في التعليم",
    "ru": "Институт ЮНЕСКО по информационным технологиям в образовании",
    "zh-hans": "教科文组织教育信息技术研究所",
}


def issuer_name(language: str | None = None) -> str:
    """The issuer's official name in `language` (default: the active one), else English."""
    code = (language or translation.get_language() or settings.LANGUAGE_CODE).lower()
    if code.startswith("zh"):
        code = "zh-hans"
    return ISSUER_NAMES.get(code) or ISSUER_NAMES.get(code.split("-")[0]) or ISSUER_NAME


# The shape and contexts every credential is signed in. A credential whose
# `document_version` is lower was signed before a change (2: the OB 3.0.3 context as its
# URL serves it today; 3: the achievement's badge image) and is re-signed by
# `manage.py credentials_reissue`.
DOCUMENT_VERSION = 3


def current_document_version() -> int:
    """The version new credentials are made in (the model field's default)."""
    return DOCUMENT_VERSION


def stable_url(viewname: str, args: list[Any] | None = None) -> str:
    """SITE_URL + the view's path without its /<language>/ prefix."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(viewname, args=args)
    prefix = f"/{settings.LANGUAGE_CODE}/"
    if path.startswith(prefix):
        path = path[len(prefix) - 1 :]
    return settings.SITE_URL + path


def issuer_url() -> str:
    return stable_url("credentials:issuer")


def verification_method_id(public_key_multibase: str) -> str:
    return f"{issuer_url()}#{public_key_multibase}"


def iso(moment: datetime) -> str:
    """XSD dateTime in UTC with second precision, as the examples of the specs write it."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return None
    return parsed


def plain_text(value: str) -> str:
    return html.unescape(strip_tags(value)).strip()


def issuer_profile(keys: list[tuple[str, bool]] | None = None) -> dict[str, Any]:
    """The issuer's Profile; with `keys` [(publicKeyMultibase, current)] its Multikeys too.

    The profile is the controller document of our verification methods: a verifier
    frames it to find `assertionMethod`. Neither the VC 2.0 nor the multikey context
    defines `verificationMethod` and `assertionMethod` at the top level (a verifier in
    safe mode refuses the profile without them), so the security vocabulary's context
    names them; it maps them to the same IRIs as the controller-document spec.
    """
    url = issuer_url()
    profile: dict[str, Any] = {
        "@context": [
            *CREDENTIAL_CONTEXT,
            "https://w3id.org/security/multikey/v1",
            "https://w3id.org/security/v2",
        ],
        "id": url,
        "type": ["Profile"],
        "name": ISSUER_NAME,
        "url": settings.SITE_URL + "/",
    }
    if keys is not None:
        methods = [
            {
                "id": verification_method_id(multibase),
                "type": "Multikey",
                "controller": url,
                "publicKeyMultibase": multibase,
            }
            for multibase, _current in keys
        ]
        profile["verificationMethod"] = methods
        profile["assertionMethod"] = [method["id"] for method in methods]
    return profile


def achievement_image(achievement_url: str, caption: str) -> dict[str, Any]:
    """The OB Image of an achievement: its badge SVG, next to the achievement's page."""
    return {"id": achievement_url.rstrip("/") + "/badge.svg", "type": "Image", "caption": caption}


def credential_document(
    *,
    credential_url: str,
    subject_id: str,
    subject_name: str,
    achievement_url: str,
    achievement_name: str,
    achievement_description: str,
    criteria_narrative: str,
    achievement_type: str,
    valid_from: datetime,
    valid_until: datetime | None,
    status_list_url: str,
    status_index: int | str,
) -> dict[str, Any]:
    """An unsigned OpenBadgeCredential (VC 2.0) with a BitstringStatusListEntry."""
    subject: dict[str, Any] = {"id": subject_id, "type": ["AchievementSubject"]}
    if subject_name:
        subject["name"] = subject_name
    subject["achievement"] = {
        "id": achievement_url,
        "type": ["Achievement"],
        "name": achievement_name,
        "description": achievement_description,
        "criteria": {"narrative": criteria_narrative},
        "achievementType": achievement_type,
        "image": achievement_image(achievement_url, achievement_name),
    }
    document: dict[str, Any] = {
        "@context": list(CREDENTIAL_CONTEXT),
        "id": credential_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": issuer_url(),
            "type": ["Profile"],
            "name": ISSUER_NAME,
            "url": settings.SITE_URL + "/",
        },
        "validFrom": iso(valid_from),
    }
    if valid_until is not None:
        document["validUntil"] = iso(valid_until)
    document["name"] = achievement_name
    document["credentialSubject"] = subject
    document["credentialStatus"] = {
        "id": f"{status_list_url}#{status_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(status_index),
        "statusListCredential": status_list_url,
    }
    return document


def credential_document_upgrade(document: dict[str, Any]) -> dict[str, Any]:
    """An issued credential's unsigned document in the current shape: same id, subject, dates.

    Only what later versions add is filled in (version 3: the achievement's badge image);
    nothing the holder was given changes meaning.
    """
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    subject = unsigned.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    if (
        isinstance(subject, dict)
        and isinstance(achievement, dict)
        and "image" not in achievement
        and "id" in achievement
    ):
        achievement = {
            **achievement,
            "image": achievement_image(str(achievement["id"]), str(achievement.get("name", ""))),
        }
        unsigned["credentialSubject"] = {**subject, "achievement": achievement}
    return unsigned


# --- Bitstring Status List ----------------------------------------------------------------


def bitstring_encode(set_bits: set[int] | list[int], size: int) -> str:
    """GZIP-compressed bitstring, base64url without padding, multibase 'u' prefix.

    Index 0 is the left-most (most significant) bit of the first byte, as the Bitstring
    Status List spec defines it.
    """
    data = bytearray(size // 8)
    for index in set_bits:
        if not 0 <= index < size:
            raise ValueError(f"Status index {index} is outside the list.")
        data[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(data), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def bitstring_decode(encoded: str) -> bytes:
    try:
        return gzip.decompress(multibase_decode(encoded))
    except (OSError, EOFError) as exc:
        raise IntegrityError("The status list is not GZIP data.") from exc


def bit_is_set(bitstring: bytes, index: int) -> bool:
    if not 0 <= index < len(bitstring) * 8:
        raise IndexError(index)
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


def status_list_document(
    *, url: str, purpose: str, encoded_list: str, valid_from: datetime
) -> dict[str, Any]:
    return {
        "@context": [VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_url(),
        "validFrom": iso(valid_from),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encoded_list,
        },
    }

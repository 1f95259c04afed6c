"""Credentials API: verify a credential (anyone), the issuer profile, revocation (staff)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.security import django_auth

from . import documents, permissions, selectors, services
from .verification import (
    MAX_BYTES,
    InputError,
    parse_json,
    too_large,
    verify_document,
    verify_input,
)

router = Router(tags=["Credentials"])


class CheckOut(Schema):
    check: str
    passed: bool
    message: str


class VerificationOut(Schema):
    valid: bool
    checks: list[CheckOut]
    credential: str | None = None


class ErrorOut(Schema):
    detail: str


class RevokeIn(Schema):
    reason: str


class RevokedOut(Schema):
    credential: str
    revoked_at: str
    status_list: str


@router.post(
    "/verify",
    response={200: VerificationOut, 400: ErrorOut},
    summary="Verify a credential",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "description": (
                            "The credential itself (a JSON-LD object), or "
                            '{"credential": <object or JSON text>}, or '
                            '{"url": "<link or id of one of our credentials>"}. '
                            "A multipart upload with a `file` field also works."
                        ),
                    }
                }
            }
        }
    },
)
def verify(request: HttpRequest) -> Any:
    """Checks signature, validity dates, revocation status and issuer; each with a message.

    `valid` is true only when every check passes. Messages follow the Accept-Language
    header. Input that is not a credential gets a 400 with the reason.
    """
    try:
        upload = request.FILES.get("file")
        if isinstance(upload, UploadedFile):
            if upload.size is not None and upload.size > MAX_BYTES:
                raise too_large()
            result = verify_input(upload=upload.read(MAX_BYTES + 1))
        else:
            body = parse_json(request.body)
            if "@context" in body or "proof" in body:
                result = verify_document(body)
            elif isinstance(body.get("credential"), dict):
                result = verify_document(body["credential"])
            elif isinstance(body.get("credential"), str):
                result = verify_input(text=body["credential"])
            elif isinstance(body.get("url"), str):
                result = verify_input(reference=body["url"])
            else:
                raise InputError(_('Send the credential itself, {"credential": …} or {"url": …}.'))
    except InputError as exc:
        return Status(400, {"detail": str(exc.message)})
    return Status(200, result.as_dict())


@router.get("/issuer", summary="The issuer profile with its verification keys (JSON-LD)")
def issuer(request: HttpRequest) -> dict[str, Any]:
    keys = selectors.published_keys()
    return documents.issuer_profile(
        [(key.public_key_multibase, key.retired_at is None) for key in keys]
    )


@router.get(
    "/{uuid}",
    response={200: dict[str, Any], 404: ErrorOut},
    summary="A credential's signed document",
)
def credential(request: HttpRequest, uuid: UUID) -> Any:
    found = selectors.credential_by_uuid(uuid)
    if found is None:
        return Status(404, {"detail": _("No such credential.")})
    return Status(200, dict(found.document))


@router.post(
    "/{uuid}/revoke",
    auth=django_auth,
    response={200: RevokedOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Revoke a credential (staff)",
)
def revoke(request: HttpRequest, uuid: UUID, payload: RevokeIn) -> Any:
    if not permissions.can_revoke(request.user):
        return Status(403, {"detail": _("You may not revoke credentials.")})
    found = selectors.credential_by_uuid(uuid)
    if found is None:
        return Status(404, {"detail": _("No such credential.")})
    try:
        revoked = services.credential_revoke(
            credential=found, by=request.user, reason=payload.reason
        )
    except PermissionDenied:
        return Status(403, {"detail": _("You may not revoke credentials.")})
    except ValidationError as exc:
        return Status(400, {"detail": " ".join(exc.messages)})
    return Status(
        200,
        {
            "credential": revoked.document["id"],
            "revoked_at": documents.iso(revoked.revoked_at) if revoked.revoked_at else "",
            "status_list": revoked.document["credentialStatus"]["statusListCredential"],
        },
    )

"""Credentials API: verify a credential (anyone), the issuer profile, revocation (staff)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.security import django_auth

from iite.core.ratelimit import request_allowed

from . import documents, permissions, selectors, services
from .batching import credential_batch_resume
from .models import Achievement, CredentialBatch
from .verification import (
    MAX_BYTES,
    VERIFY_LIMIT,
    InputError,
    parse_json,
    request_too_large,
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


class BatchIn(Schema):
    achievement: str
    recipients: list[str]


class BatchOut(Schema):
    id: int
    achievement: str
    status: str
    total: int
    done: int
    issued: int
    progress_percent: int
    error: str


class RevokeIn(Schema):
    reason: str


class RevokedOut(Schema):
    credential: str
    revoked_at: str
    status_list: str


@router.post(
    "/verify",
    response={200: VerificationOut, 400: ErrorOut, 413: ErrorOut, 422: ErrorOut, 429: ErrorOut},
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
    header. Input that is not a credential gets a 400 with the reason; more than 256 KB
    a 413; JSON too deep or with too many values to check cheaply a 422. Each address
    may verify a limited number of credentials a minute (429 beyond).
    """
    if not request_allowed(request, VERIFY_LIMIT):
        detail = _("Too many verifications from your address; wait a minute.")
        return Status(429, {"detail": detail})
    try:
        if request_too_large(request):
            raise too_large()
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
        return Status(exc.status, {"detail": str(exc.message)})
    return Status(200, result.as_dict())


@router.get("/issuer", summary="The issuer profile with its verification keys (JSON-LD)")
def issuer(request: HttpRequest) -> dict[str, Any]:
    keys = selectors.published_keys()
    return documents.issuer_profile(
        [(key.public_key_multibase, key.retired_at is None) for key in keys]
    )


@router.get(
    "/{uuid:uuid}",
    response={200: dict[str, Any], 404: ErrorOut},
    summary="A credential's signed document",
)
def credential(request: HttpRequest, uuid: UUID) -> Any:
    found = selectors.credential_by_uuid(uuid)
    if found is None:
        return Status(404, {"detail": _("No such credential.")})
    return Status(200, dict(found.document))


@router.post(
    "/{uuid:uuid}/revoke",
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


def _batch_out(batch: CredentialBatch) -> dict[str, Any]:
    return {
        "id": batch.pk,
        "achievement": batch.achievement.code,
        "status": batch.status,
        "total": batch.total,
        "done": batch.done,
        "issued": batch.issued,
        "progress_percent": batch.progress_percent,
        "error": batch.error,
    }


@router.post(
    "/batches",
    auth=django_auth,
    response={202: BatchOut, 400: ErrorOut, 403: ErrorOut},
    summary="Issue an achievement to many people in the background (staff)",
)
def batch_create(request: HttpRequest, payload: BatchIn) -> Any:
    """Recipients by account email; nothing is queued if any email is unknown."""
    if not permissions.can_issue_batch(request.user):
        return Status(403, {"detail": _("You may not issue credentials.")})
    achievement = Achievement.objects.filter(code=payload.achievement).first()
    if achievement is None:
        return Status(400, {"detail": _("No achievement has this code.")})
    emails = {email.strip().lower() for email in payload.recipients if email.strip()}
    if not emails or len(emails) > 100_000:
        return Status(400, {"detail": _("Give between 1 and 100,000 recipients.")})
    User = get_user_model()
    people = list(User.objects.filter(email__in=emails))
    unknown = sorted(emails - {person.email for person in people})
    if unknown:
        return Status(
            400,
            {
                "detail": _("No account has these emails: %(emails)s")
                % {"emails": ", ".join(unknown[:20])}
            },
        )
    batch = services.credential_issue_batch(
        achievement=achievement, recipients=people, requested_by=request.user
    )
    batch.refresh_from_db()
    return Status(202, _batch_out(batch))


@router.get(
    "/batches/{batch_id}",
    auth=django_auth,
    response={200: BatchOut, 403: ErrorOut, 404: ErrorOut},
    summary="Progress of a batch (staff)",
)
def batch_progress(request: HttpRequest, batch_id: int) -> Any:
    if not permissions.can_issue_batch(request.user):
        return Status(403, {"detail": _("You may not issue credentials.")})
    batch = CredentialBatch.objects.select_related("achievement").filter(pk=batch_id).first()
    if batch is None:
        return Status(404, {"detail": _("No such batch.")})
    return Status(200, _batch_out(batch))


@router.post(
    "/batches/{batch_id}/resume",
    auth=django_auth,
    response={202: BatchOut, 403: ErrorOut, 404: ErrorOut},
    summary="Resume a failed batch where it stopped (staff)",
)
def batch_resume(request: HttpRequest, batch_id: int) -> Any:
    """Queues a failed batch again; everyone already holding the credential is skipped."""
    if not permissions.can_issue_batch(request.user):
        return Status(403, {"detail": _("You may not issue credentials.")})
    batch = CredentialBatch.objects.select_related("achievement").filter(pk=batch_id).first()
    if batch is None:
        return Status(404, {"detail": _("No such batch.")})
    resumed = credential_batch_resume(batch=batch, by=request.user)
    return Status(202, _batch_out(resumed))

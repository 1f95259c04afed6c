"""Reads of the credentials domain."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet

from .models import Credential, SigningKey, StatusList


def credentials_for_user(user: Any) -> QuerySet[Credential]:
    """The learner's credentials, newest first, with their achievement."""
    if not getattr(user, "is_authenticated", False):
        return Credential.objects.none()
    return Credential.objects.filter(recipient=user).select_related("achievement")


def recipient_ids_with_credential(*, achievement: Any, candidates: Iterable[int]) -> set[int]:
    """Which of the `candidates` (user ids) already hold a credential of `achievement`."""
    return set(
        Credential.objects.filter(
            achievement=achievement, recipient_id__in=list(candidates)
        ).values_list("recipient_id", flat=True)
    )


def credential_by_uuid(value: UUID | str) -> Credential | None:
    try:
        key = value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        return None
    return (
        Credential.objects.select_related("achievement", "recipient", "signing_key")
        .filter(uuid=key)
        .first()
    )


def credentials_for_staff(*, search: str = "", state: str = "") -> QuerySet[Credential]:
    queryset = Credential.objects.select_related("achievement", "recipient", "revoked_by")
    if search:
        query = Q(recipient__email__icontains=search) | Q(recipient__name__icontains=search)
        query |= Q(achievement__code__icontains=search)
        with contextlib.suppress(ValueError):
            query |= Q(uuid=UUID(search))
        queryset = queryset.filter(query)
    if state == "revoked":
        queryset = queryset.filter(revoked_at__isnull=False)
    elif state == "valid":
        queryset = queryset.filter(revoked_at__isnull=True)
    return queryset


def published_keys() -> list[SigningKey]:
    """Every key the issuer profile publishes: the current one first, then retired ones."""
    return sorted(SigningKey.objects.all(), key=lambda key: (key.retired_at is not None, -key.pk))


def status_list_by_pk(pk: int) -> StatusList | None:
    return StatusList.objects.filter(pk=pk).first()

"""Who may do what with credentials."""

from __future__ import annotations

from typing import Any

REVOKE = "credentials.revoke_credential"


def can_revoke(user: Any) -> bool:
    """Revoking needs credentials.revoke_credential (Administrator, Programme officer)."""
    return bool(user and user.is_authenticated and user.has_perm(REVOKE))


def can_manage(user: Any) -> bool:
    """The staff list of credentials is for those who may revoke them."""
    return can_revoke(user)


def can_change_display(user: Any, credential: Any) -> bool:
    """Only the learner decides whether their name is shown on the public page."""
    return bool(
        user
        and user.is_authenticated
        and credential.recipient_id is not None
        and credential.recipient_id == user.pk
    )


ISSUE_BATCH = "credentials.add_credentialbatch"


def can_issue_batch(user: Any) -> bool:
    """Issuing to many people at once needs credentials.add_credentialbatch."""
    return bool(user and user.is_authenticated and user.has_perm(ISSUE_BATCH))

"""Who may do what in accounts, in one place."""

from __future__ import annotations

from typing import Any


def requires_mfa(user: Any) -> bool:
    """Staff and superusers must use TOTP; holding a staff role makes a person staff."""
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser))


def can_delete_own_account(user: Any) -> bool:
    """Anyone signed in may delete their own account, except a superuser: the platform
    must keep an administrator, so a superuser is first demoted by another one."""
    return bool(user.is_authenticated and not user.is_superuser)

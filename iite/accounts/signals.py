"""Receivers connected in AccountsConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal

from .middleware import forget_staff_totp, mark_mfa_passed

# Sent inside the transaction that saves a person's profile, with `user` and `fields` (the
# names that changed), so the domains that copy profile fields (participation records)
# follow it in the same transaction. Higher apps connect to it in their AppConfig.ready().
profile_changed = Signal()


def on_authenticator_removed(sender: Any, request: Any = None, **kwargs: Any) -> None:
    """Removing TOTP drops the session's remembered flags, so staff must set it up again."""
    forget_staff_totp(request)


def on_authenticator_added(
    sender: Any, request: Any = None, user: Any = None, authenticator: Any = None, **kwargs: Any
) -> None:
    """Activating TOTP takes a valid code from the app: this session has passed it."""
    if user is not None and authenticator is not None and authenticator.type == "totp":
        mark_mfa_passed(request, user)

"""Receivers connected in AccountsConfig.ready()."""

from __future__ import annotations

from typing import Any

from .middleware import forget_staff_totp


def on_authenticator_removed(sender: Any, request: Any = None, **kwargs: Any) -> None:
    """Removing TOTP drops the session's remembered flag, so staff must set it up again."""
    forget_staff_totp(request)

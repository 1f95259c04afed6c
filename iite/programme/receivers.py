"""Signal receivers of the programme domain, connected in apps.py."""

from __future__ import annotations

from typing import Any

from .services import person_adopt


def person_adopt_on_confirmation(sender: Any, email_address: Any, **kwargs: Any) -> None:
    """An address confirmed on sign-up (allauth's `email_confirmed`): the account becomes
    the person record of that address, if the institute had one."""
    user = email_address.user
    if user.email.strip().lower() == email_address.email.strip().lower():
        person_adopt(user=user)

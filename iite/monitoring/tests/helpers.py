from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Permission

from iite.accounts.tests.factories import UserFactory
from iite.monitoring import permissions


def user_with(perms: list[str], **kwargs) -> Any:
    """A user holding `perms`; staff get a TOTP authenticator, as the MFA rule demands."""
    from allauth.mfa.models import Authenticator

    user: Any = UserFactory(**kwargs)
    if user.is_staff:
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def board_member():
    return user_with(permissions.VIEW, is_staff=True)


def programme_officer():
    return user_with(permissions.VIEW + permissions.EDIT, is_staff=True)


def administrator():
    return user_with(
        [*permissions.VIEW, *permissions.EDIT, "monitoring.approve_workplan"], is_staff=True
    )

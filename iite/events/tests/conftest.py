from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache

from iite.accounts.tests.factories import UserFactory
from iite.events.permissions import ROLE_PERMISSIONS
from iite.programme.models import UnitMembership
from iite.strategy.tests.factories import UnitFactory

from .factories import current_period


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def period(db: Any) -> Any:
    return current_period()


def role_user(role: str, **kwargs: Any) -> Any:
    """A staff member holding `role`'s events permissions, with TOTP set up (staff need MFA)."""
    group, _created = Group.objects.get_or_create(name=role)
    for perm in ROLE_PERMISSIONS[role]:
        app_label, codename = perm.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(group)  # type: ignore[attr-defined]
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return user


@pytest.fixture
def officer(db: Any) -> Any:
    """A programme officer of the unit the factories' activities are in (the form's default)."""
    user = role_user("Programme officer")
    unit: Any = UnitFactory(period=current_period(), code="UA")
    UnitMembership.objects.create(user=user, unit=unit)
    return user


@pytest.fixture
def editor(db: Any) -> Any:
    return role_user("Content editor")


@pytest.fixture
def board(db: Any) -> Any:
    return role_user("Governing Board member")


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Any:
    """`with commit(): service(...)` runs what the service deferred to on_commit (e-mails)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)

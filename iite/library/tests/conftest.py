from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache

from iite.accounts.tests.factories import UserFactory
from iite.library.permissions import ROLE_PERMISSIONS
from iite.programme.models import UnitMembership
from iite.strategy.tests.factories import UnitFactory

from .factories import current_period


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def role_user(role: str, **kwargs: Any) -> Any:
    """A staff member holding `role`'s library permissions, with TOTP set up."""
    group, _created = Group.objects.get_or_create(name=role)
    for perm in ROLE_PERMISSIONS[role]:
        app_label, codename = perm.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    user: Any = UserFactory(is_staff=True, **kwargs)
    user.groups.add(group)  # type: ignore[attr-defined]
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    unit: Any = UnitFactory(period=current_period(), code="UA")
    UnitMembership.objects.get_or_create(user=user, unit=unit)
    return user


@pytest.fixture
def editor(db: Any) -> Any:
    return role_user("Content editor")


@pytest.fixture
def reviewer(db: Any) -> Any:
    return role_user("Reviewer/Judge")


@pytest.fixture
def officer(db: Any) -> Any:
    return role_user("Programme officer")

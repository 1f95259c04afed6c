from __future__ import annotations

from typing import Any

import pytest

from iite.accounts.tests.factories import UserFactory


@pytest.fixture
def role_user(db: Any) -> Any:
    """make(role, **fields): a non-staff user in one of the platform's role groups."""
    from django.contrib.auth.models import Group

    from iite.accounts.services import staff_roles_sync

    staff_roles_sync()

    def make(role: str | None = None, **fields: Any) -> Any:
        # The group only, without the staff flag, so that the test client needs no TOTP.
        user: Any = UserFactory(**fields)
        if role:
            user.groups.add(Group.objects.get(name=role))
        # Permissions are cached per user object; hand back a fresh one.
        return type(user).objects.get(pk=user.pk)

    return make

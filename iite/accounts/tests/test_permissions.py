import pytest
from django.contrib.auth.models import AnonymousUser

from iite.accounts.permissions import can_delete_own_account, requires_mfa

from .factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("anonymous", False), ("person", False), ("staff", True), ("superuser", True)],
)
def test_requires_mfa(kind, expected):
    """TOTP is mandatory for staff and superusers only."""
    user = {
        "anonymous": lambda: AnonymousUser(),
        "person": lambda: UserFactory(),
        "staff": lambda: StaffFactory(),
        "superuser": lambda: UserFactory(is_superuser=True),
    }[kind]()
    assert requires_mfa(user) is expected


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("anonymous", False), ("person", True), ("staff", True), ("superuser", False)],
)
def test_can_delete_own_account(kind, expected):
    """Everyone signed in may delete their account except a superuser."""
    user = {
        "anonymous": lambda: AnonymousUser(),
        "person": lambda: UserFactory(),
        "staff": lambda: StaffFactory(),
        "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
    }[kind]()
    assert can_delete_own_account(user) is expected

"""Each rule of permissions.py, for each kind of person."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from iite.accounts.tests.factories import UserFactory
from iite.core.registry import role_permissions
from iite.monitoring import permissions as perms

from .helpers import administrator, board_member, programme_officer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", (False, False, False, False, False)),
        ("member", (False, False, False, False, False)),
        ("board", (True, False, False, False, False)),
        ("officer", (True, True, True, True, False)),
        ("admin", (True, True, True, True, True)),
    ],
)
def test_rules(who, expected):
    """Board members read and change nothing; officers edit; only administrators approve."""
    user = {
        "anonymous": AnonymousUser,
        "member": UserFactory,
        "board": board_member,
        "officer": programme_officer,
        "admin": administrator,
    }[who]()
    assert (
        perms.can_view_staff_pages(user),
        perms.can_edit_reported_values(user),
        perms.can_edit_workplans(user),
        perms.can_edit_risks(user),
        perms.can_approve_workplans(user),
    ) == expected


def test_roles_are_registered():
    """The staff role groups get monitoring's permissions: board read-only, officers edit."""
    assert "monitoring.view_results_dashboard" in role_permissions["Governing Board member"]
    assert not {
        p
        for p in role_permissions["Governing Board member"]
        if "change_" in p and p.startswith("monitoring.")
    }
    assert "monitoring.change_workplan" in role_permissions["Programme officer"]
    assert "monitoring.approve_workplan" not in role_permissions["Programme officer"]
    assert "monitoring.approve_workplan" in role_permissions["Administrator"]

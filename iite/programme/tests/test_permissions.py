import pytest
from django.contrib.auth.models import AnonymousUser

from iite.programme import permissions
from iite.programme.tests.factories import ActivityFactory, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(framework, units):
    return ActivityFactory(period=framework, unit=units["TPDN"])


@pytest.fixture
def other(framework, units):
    return ActivityFactory(period=framework, unit=units["ICTHE"], is_public=False)


def test_officer_edits_own_unit_only(officer, own, other):
    """A programme officer changes and records participation for their unit's activities only."""
    assert permissions.can_change_activity(officer, own)
    assert permissions.can_record_participation(officer, own)
    assert not permissions.can_change_activity(officer, other)
    assert not permissions.can_record_participation(officer, other)
    assert permissions.can_add_activity(officer)
    assert permissions.can_import(officer)
    assert not permissions.can_manage_units(officer)


def test_officer_without_a_unit_cannot_add(framework):
    """Holding the permission is not enough without belonging to a unit."""
    from iite.programme.tests.factories import OFFICER_PERMS, staff

    lonely = staff("lonely@iite.example.org", *OFFICER_PERMS)
    assert not permissions.can_add_activity(lonely)
    assert not permissions.can_import(lonely)
    assert not permissions.can_edit_activity_in_unit(lonely, None)


def test_administrator_edits_everything(admin_user, own, other):
    """Administrators edit every unit's activities and manage unit members."""
    assert permissions.can_change_activity(admin_user, own)
    assert permissions.can_change_activity(admin_user, other)
    assert permissions.can_edit_activity_in_unit(admin_user, None)
    assert permissions.can_manage_units(admin_user)


def test_board_reads_everything_changes_nothing(board, own, other):
    """Governing Board members see staff pages and people, but edit and record nothing."""
    assert permissions.can_view_staff_area(board)
    assert permissions.can_view_activity(board, other)
    assert permissions.can_view_participants(board)
    assert not permissions.can_change_activity(board, own)
    assert not permissions.can_record_participation(board, own)
    assert not permissions.can_add_activity(board)
    assert not permissions.can_import(board)
    assert not permissions.can_manage_units(board)


def test_public_sees_public_activities_only(own, other):
    """Anonymous visitors and plain accounts see public activities, never people."""
    for user in (AnonymousUser(), person()):
        assert permissions.can_view_activity(user, own)
        assert not permissions.can_view_activity(user, other)
        assert not permissions.can_view_staff_area(user)
        assert not permissions.can_view_participants(user)
        assert not permissions.can_change_activity(user, own)


def test_roles_are_registered():
    """The staff roles get the programme permissions the rules above rely on."""
    from iite.core.registry import role_permissions

    assert "programme.change_any_activity" in role_permissions["Administrator"]
    assert "programme.change_activity" in role_permissions["Programme officer"]
    assert "programme.change_any_activity" not in role_permissions["Programme officer"]
    board = role_permissions["Governing Board member"]
    assert "programme.view_activity" in board
    assert not any(
        p.startswith(("programme.add_", "programme.change_", "programme.delete_")) for p in board
    )

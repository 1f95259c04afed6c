from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from iite.partners import permissions as perms
from iite.programme.tests.factories import ActivityFactory
from iite.strategy.tests.factories import UnitFactory

from .factories import FocalPointFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def test_focal_point_sees_and_updates_only_their_own_organisation(role_user):
    """A focal point (link + role) may view and update their partner, and no other."""
    user = role_user("Partner focal point")
    own, other = PartnerFactory(), PartnerFactory()
    FocalPointFactory(partner=own, user=user)
    assert perms.is_focal_point_of(user, own)
    assert perms.can_view_partner(user, own) and perms.can_update_profile(user, own)
    assert not perms.can_view_partner(user, other) and not perms.can_update_profile(user, other)
    assert not perms.can_manage_partner(user, own)  # the public face, not the relationship
    assert not perms.can_view_directory(user)
    assert perms.own_partners(user) == [own]


def test_focal_point_link_without_the_role_gives_nothing(role_user):
    """Being recorded as a contact does not by itself open the profile: the role is needed."""
    user = role_user(None)
    partner = PartnerFactory()
    FocalPointFactory(partner=partner, user=user)
    assert not perms.can_view_partner(user, partner)
    assert perms.own_partners(user) == []


def test_role_without_a_link_gives_nothing(role_user):
    """The focal point role alone opens no organisation."""
    user = role_user("Partner focal point")
    assert not perms.can_update_profile(user, PartnerFactory())


def test_programme_officer_manages_all_partners_without_unit_memberships(role_user, monkeypatch):
    """Without programme.UnitMembership, an officer with change_partner manages every partner."""
    monkeypatch.setattr(perms, "unit_membership_model", lambda: None)
    officer = role_user("Programme officer")
    partner = PartnerFactory()
    ActivityFactory(unit=UnitFactory()).partners.add(partner)
    assert perms.can_manage_partner(officer, partner)
    assert perms.can_view_directory(officer) and perms.can_add_partner(officer)


def test_programme_officer_manages_only_partners_of_their_units(role_user, monkeypatch):
    """With unit memberships, an officer manages partners of their unit's activities only;
    a partner with no unit activity yet is open to every officer."""
    mine, theirs = UnitFactory(), UnitFactory()
    monkeypatch.setattr(perms, "officer_unit_ids", lambda user: {mine.pk})
    officer = role_user("Programme officer")
    own_partner, other_partner, new_partner = PartnerFactory(), PartnerFactory(), PartnerFactory()
    ActivityFactory(unit=mine).partners.add(own_partner)
    ActivityFactory(unit=theirs).partners.add(other_partner)
    assert perms.can_manage_partner(officer, own_partner)
    assert not perms.can_manage_partner(officer, other_partner)
    assert perms.can_manage_partner(officer, new_partner)
    assert perms.can_view_partner(officer, other_partner)  # still readable in the directory


def test_officer_units_come_from_programme_unit_memberships(role_user):
    """With programme.UnitMembership rows, an officer manages the partners of their own
    unit's activities and not those of another unit."""
    model = perms.unit_membership_model()
    assert model is not None
    mine, theirs = UnitFactory(), UnitFactory()
    officer = role_user("Programme officer")
    model.objects.create(user=officer, unit=mine)
    assert perms.officer_unit_ids(officer) == {mine.pk}
    own_partner, other_partner = PartnerFactory(), PartnerFactory()
    ActivityFactory(unit=mine).partners.add(own_partner)
    ActivityFactory(unit=theirs).partners.add(other_partner)
    assert perms.can_manage_partner(officer, own_partner)
    assert not perms.can_manage_partner(officer, other_partner)


def test_administrator_manages_everything_and_merges(role_user, monkeypatch):
    """Administrators manage partners of any unit, merge duplicates and see financial figures."""
    monkeypatch.setattr(perms, "officer_unit_ids", lambda user: set())
    admin = role_user("Administrator")
    a, b = PartnerFactory(), PartnerFactory()
    ActivityFactory(unit=UnitFactory()).partners.add(a)
    assert perms.can_manage_partner(admin, a)
    assert perms.can_merge_partners(admin, a, b)
    assert perms.can_view_financials(admin)
    assert perms.can_edit_financials(admin, "budgetline")


def test_financial_figures_for_administrators_and_board_only(role_user):
    """Board members read the figures but cannot change them; officers and focal points see none."""
    board = role_user("Governing Board member")
    officer = role_user("Programme officer")
    focal = role_user("Partner focal point")
    assert perms.can_view_financials(board)
    assert not perms.can_edit_financials(board, "budgetline")
    assert not perms.can_view_financials(officer)
    assert not perms.can_view_financials(focal)
    assert not perms.can_view_financials(AnonymousUser())


def test_officer_cannot_merge(role_user):
    """Merging is an administrator's action."""
    officer = role_user("Programme officer")
    assert not perms.can_merge_partners(officer, PartnerFactory(), PartnerFactory())


def test_documents_for_managers_and_board(role_user):
    """Signed documents are open to those who manage the partner and to Board members."""
    partner = PartnerFactory()
    assert perms.can_view_agreement_documents(role_user("Programme officer"), partner)
    assert perms.can_view_agreement_documents(role_user("Governing Board member"), partner)
    focal = role_user("Partner focal point")
    FocalPointFactory(partner=partner, user=focal)
    assert not perms.can_view_agreement_documents(focal, partner)


def test_engagement_rules(role_user):
    """Officers record Member State engagement; Board members read it; others neither."""
    assert perms.can_manage_engagements(role_user("Programme officer"))
    board = role_user("Governing Board member")
    assert perms.can_view_engagements(board) and not perms.can_manage_engagements(board)
    assert not perms.can_view_engagements(role_user("Partner focal point"))


def test_anonymous_and_inactive_users_get_nothing(role_user):
    """Nobody signed out, and no deactivated account, passes any rule."""
    partner = PartnerFactory()
    inactive = role_user("Administrator", is_active=False)
    for user in (AnonymousUser(), inactive):
        assert not perms.can_view_directory(user)
        assert not perms.can_view_partner(user, partner)
        assert not perms.can_update_profile(user, partner)
        assert not perms.can_view_financials(user)

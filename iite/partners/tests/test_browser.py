from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from iite.accounts.tests.factories import PASSWORD, UserFactory
from iite.partners.models import Partner

from .factories import FocalPointFactory, PartnerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_focal_point_updates_their_organisation_profile(page, axe):
    """A partner focal point signs in, opens their organisation, updates it and sees the change;
    the public partners page has no serious accessibility violation."""
    from iite.accounts.services import staff_roles_sync

    staff_roles_sync()
    user = UserFactory(email="focal@example.org")  # verified email, not staff: no MFA asked
    user.groups.add(Group.objects.get(name="Partner focal point"))
    partner = PartnerFactory(name={"en": "Open Learning Institute"}, is_public=True)
    FocalPointFactory(partner=partner, user=user)
    PartnerFactory(name={"en": "Global Smart Education Network"}, kind="network", is_public=True)

    page.goto("/en/accounts/login/")
    page.fill('input[name="login"]', "focal@example.org")
    page.fill('input[name="password"]', PASSWORD)
    page.locator('form button[type="submit"]').last.click()
    page.wait_for_load_state()
    page.goto("/en/partners/my-organisation/")
    assert page.locator("h1").inner_text() == "Open Learning Institute"
    page.get_by_role("link", name="Update the profile").click()
    page.fill("#id_description_0", "We train teachers in AI competencies.")
    page.check("#id_publish_description")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/partners/manage/{partner.slug}/")
    assert "The profile was updated." in page.content()
    assert page.get_by_text("We train teachers in AI competencies.").is_visible()
    partner = Partner.objects.get(pk=partner.pk)
    assert partner.publish_description is True

    page.goto("/en/partners/")
    assert page.get_by_role("link", name="Open Learning Institute").is_visible()
    assert axe(page) == []

"""When a partnership began: staff date, earliest signed agreement, or first activity."""

from __future__ import annotations

import datetime

import pytest

from iite.partners import selectors
from iite.partners.models import AgreementStatus
from iite.partners.tests.factories import AgreementFactory, PartnerFactory
from iite.programme.tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

d = datetime.date


def test_partner_since_takes_the_earliest_signed_agreement():
    """Two signed agreements and a draft: the earliest signed one's start is the date."""
    partner = PartnerFactory()
    AgreementFactory(partner=partner, start_date=d(2026, 1, 1))
    AgreementFactory(partner=partner, signed_on=d(2018, 2, 1), start_date=d(2018, 3, 1))
    AgreementFactory(
        partner=partner, status=AgreementStatus.DRAFT, signed_on=None, start_date=d(2010, 1, 1)
    )
    ActivityFactory(start_date=d(2015, 5, 1), partners=[partner])
    since = selectors.partner_since(partner)
    assert (since.date, since.source, since.is_fallback) == (d(2018, 3, 1), "agreement", False)
    assert since.label == "2018-03-01 (earliest agreement)"


def test_a_date_entered_by_staff_wins_over_agreements_and_activities():
    """The staff date records a partnership older than the platform's records."""
    partner = PartnerFactory(partner_since=d(2012, 9, 1))
    AgreementFactory(partner=partner, start_date=d(2024, 5, 1))
    since = selectors.partner_since(partner)
    assert (since.date, since.source) == (d(2012, 9, 1), "staff")
    assert since.label == "2012-09-01 (entered by staff)"


def test_first_activity_is_a_fallback_shown_as_such():
    """Without a staff date or a signed agreement, the first activity under way or done
    dates the partnership, and only its year is shown, marked as a fallback; a planned
    or cancelled activity does not count."""
    partner = PartnerFactory()
    ActivityFactory(start_date=d(2025, 1, 10), status="planned", partners=[partner])
    ActivityFactory(start_date=d(2026, 4, 2), partners=[partner])
    since = selectors.partner_since(partner)
    assert (since.date, since.source, since.is_fallback) == (d(2026, 4, 2), "activity", True)
    assert since.label == "2026 (first recorded activity)"
    assert selectors.partner_since(PartnerFactory()).date is None


def test_new_partners_began_in_the_period():
    """Only partnerships that began in 2026 are new in 2026, whatever their first activity."""
    old_by_agreement = PartnerFactory(slug="bnu-like")
    AgreementFactory(partner=old_by_agreement, signed_on=d(2016, 1, 1), start_date=d(2016, 1, 1))
    old_by_staff = PartnerFactory(slug="huawei-like", partner_since=d(2019, 1, 1))
    newcomer = PartnerFactory(slug="newcomer")
    for partner in (old_by_agreement, old_by_staff, newcomer):
        ActivityFactory(start_date=d(2026, 3, 1), partners=[partner])
    new = selectors.partners_new(start=d(2026, 1, 1), end=d(2026, 12, 31))
    assert [p.slug for p in new] == ["newcomer"]
    counts = selectors.partner_counts(start=d(2026, 1, 1), end=d(2026, 12, 31))
    assert (counts.total, counts.new) == (3, 1)


def test_profile_shows_partner_since_and_staff_can_enter_it(client, role_user):
    """The staff profile says since when and from which source; the date staff enter
    on the partner form replaces the fallback."""
    partner = PartnerFactory(slug="newcomer")
    ActivityFactory(start_date=d(2026, 4, 2), partners=[partner])
    client.force_login(role_user("Administrator"))
    html = client.get("/en/partners/manage/newcomer/").content.decode()
    assert "2026 (first recorded activity)" in html
    partner.partner_since = d(2011, 6, 1)
    partner.save()
    html = client.get("/en/partners/manage/newcomer/").content.decode()
    assert "2011-06-01 (entered by staff)" in html

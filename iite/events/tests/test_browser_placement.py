"""An officer creates a webinar in their unit and opens its activity's staff record."""

import pytest
from playwright.sync_api import expect

from iite.credentials.tests.test_browser import _sign_in
from iite.events.models import Event
from iite.programme.models import AggregateParticipation
from iite.strategy.tests.factories import PillarFactory, UnitFactory

from .factories import current_period
from .test_placement import unit_officer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_creates_a_webinar_in_their_unit_and_records_its_counts(page, axe, live_server):
    """The new-event form comes with the officer's unit chosen; the webinar's activity is in
    that unit, and from the event the officer opens its staff record and records counts."""
    period = current_period()
    UnitFactory(period=period, code="DPLM", order=1, title={"en": "Digital pedagogy"})
    unit = UnitFactory(period=period, code="TPDN", order=2, title={"en": "Teacher development"})
    PillarFactory(period=period, code="P4", title={"en": "Capacity building"})
    _sign_in(page, live_server, unit_officer(unit))

    page.goto("/en/events/manage/new/")
    assert axe(page) == []
    unit_select = page.get_by_label("Programme unit")
    expect(unit_select.locator("option:checked")).to_have_text("TPDN Teacher development")
    page.locator("[name=title_en]").fill("Webinar on media literacy")
    page.get_by_label("Kind").select_option("webinar")
    page.locator("[name=starts_at]").fill("2026-12-20T15:00")
    page.locator("[name=ends_at]").fill("2026-12-20T16:30")
    page.get_by_label("P4 Capacity building").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/events/manage/webinar-on-media-literacy/")

    activity = Event.objects.select_related("activity__unit").get().activity
    assert activity.unit == unit
    assert [p.code for p in activity.pillars.all()] == ["P4"]
    page.get_by_role("link", name=activity.code).click()
    page.wait_for_url(f"**/activities/manage/{activity.code}/")
    expect(page.get_by_role("link", name="Edit", exact=True)).to_be_visible()
    assert axe(page) == []
    counts = page.locator("form", has=page.get_by_role("button", name="Record counts"))
    counts.locator("[name=total]").fill("40")
    counts.locator("[name=female]").fill("25")
    counts.locator("[name=male]").fill("15")
    page.get_by_role("button", name="Record counts").click()
    expect(page.get_by_text("The counts were recorded.")).to_be_visible()
    assert AggregateParticipation.objects.get(activity=activity).total == 40

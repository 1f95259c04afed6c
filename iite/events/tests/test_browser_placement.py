"""An officer creates a webinar in their unit and opens its activity's staff record."""

import pytest
from playwright.sync_api import expect

from iite.credentials.tests.test_browser import _sign_in
from iite.events.models import AttendanceImport, Event
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


ZOOM_REPORT = "\n".join(
    [
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants",
        "81234567890,Teachers and AI,03/10/2026 10:00:00 AM,03/10/2026 11:00:00 AM,h@x.org,60,5",
        "",
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)",
        "Wanjiru,wanjiru@example.net,03/10/2026 10:00:00 AM,03/10/2026 11:00:00 AM,60",
        "Otieno,otieno@example.net,03/10/2026 10:00:00 AM,03/10/2026 10:45:00 AM,45",
        "Chebet,chebet@example.net,03/10/2026 10:00:00 AM,03/10/2026 10:30:00 AM,30",
        "Late Joiner,late@example.net,03/10/2026 10:40:00 AM,03/10/2026 11:00:00 AM,20",
        "Brief,brief@example.net,03/10/2026 10:00:00 AM,03/10/2026 10:05:00 AM,5",
    ]
)


def test_officer_creates_a_webinar_imports_its_zoom_report_and_sees_the_indicator_rise(
    page, live_server, tmp_path
):
    """An officer creates a webinar in their unit, imports its Zoom report of five people
    without accounts, and the public results page's figure of people engaged in webinars
    (indicator 5) rises from 0 by the three who stayed long enough."""
    period = current_period()
    unit = UnitFactory(period=period, code="TPDN", order=1, title={"en": "Teacher development"})
    _sign_in(page, live_server, unit_officer(unit))
    results = "/en/results/?year=2026"
    figure = page.locator('a[href^="/en/results/figure/webinars.people/"]')
    page.goto(results)
    expect(figure).to_have_text("0")

    page.goto("/en/events/manage/new/")
    page.locator("[name=title_en]").fill("Teachers and AI")
    page.get_by_label("Kind").select_option("webinar")
    page.get_by_label("Venue's time zone").select_option("UTC")
    page.locator("[name=starts_at]").fill("2026-03-10T10:00")
    page.locator("[name=ends_at]").fill("2026-03-10T11:00")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/events/manage/teachers-and-ai/")

    report = tmp_path / "zoom.csv"
    report.write_text(ZOOM_REPORT)
    page.goto("/en/events/manage/teachers-and-ai/attendance/")
    page.locator("input[type=file]").set_input_files(str(report))
    page.get_by_role("button", name="Import").click()
    page.wait_for_load_state()
    assert page.locator("input[name=confirm]").count() == 0  # the report is of this webinar

    assert AttendanceImport.objects.get().attended == 3

    page.goto(results)
    expect(figure).to_have_text("3")

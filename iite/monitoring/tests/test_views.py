"""The results pages as a visitor, a board member and a programme officer use them."""

from __future__ import annotations

import datetime
import io
import re
import time

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from iite.accounts.tests.factories import UserFactory
from iite.monitoring.loaders import load_risks
from iite.monitoring.models import ReportedValue, Risk, Workplan, WorkplanItem
from iite.programme.services import participation_record
from iite.programme.tests.factories import ActivityFactory, ParticipationFactory
from iite.reference.tests.factories import CountryFactory
from iite.strategy.tests.factories import PillarFactory

from .factories import ReportedValueFactory, WorkplanFactory, WorkplanItemFactory
from .helpers import administrator, board_member, programme_officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    kenya = CountryFactory(iso2="KE", iso3="KEN")
    pillar = PillarFactory(code="P4")
    public = ActivityFactory(
        code="open-webinar", kind="webinar", pillars=[pillar], target_countries=[kenya]
    )
    hidden = ActivityFactory(code="closed-webinar", kind="webinar", is_public=False)
    for activity in (public, hidden):
        ParticipationFactory(activity=activity, country=kenya)
    return public, hidden


def test_public_summary_shows_aggregates_and_targets(client, records):
    """The summary shows each indicator's computed value and target, and no person."""
    response = client.get("/en/results/?year=2026")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Webinars and workshops held" in html
    assert '<svg class="chart"' in html and "<desc" in html
    assert "person0@example.org" not in html
    assert response.context["blocks"][4].measures[0].value == 2
    assert response.context["blocks"][4].measures[0].target == 30


def test_public_summary_bad_year_is_400(client):
    """A year that is not a number answers 400 with the field named."""
    response = client.get("/en/results/?year=abc")
    assert response.status_code == 400
    assert "year" in response.content.decode()


def test_public_figure_lists_public_activities_only(client, records):
    """The public page behind a figure links public activities, never hidden ones or people."""
    response = client.get("/en/results/figure/webinars.held/?year=2026")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Activity open-webinar" in html
    assert "closed-webinar" not in html


def test_staff_figure_lists_all_activities_with_people(client, records):
    """Staff see every activity behind a figure with its distinct people, narrowed by a group."""
    client.force_login(board_member())
    response = client.get("/en/results/figure/webinars.people/?year=2026&dim=country&key=KE")
    rows = list(response.context["page"])
    assert sorted(r.activity.code for r in rows) == ["closed-webinar", "open-webinar"]
    assert [r.people for r in rows] == [1, 1]


def test_staff_dashboard_needs_permission(client, records):
    """Members of the public and plain accounts cannot open the staff dashboard."""
    assert client.get("/en/results/manage/").status_code == 302
    client.force_login(UserFactory())
    assert client.get("/en/results/manage/").status_code == 403


def test_staff_dashboard_queries_do_not_grow(
    client, records, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """The dashboard's query count is the same with 2 or 22 activities (warm and cold)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(board_member())
    client.get("/en/results/manage/?year=2026")  # the session remembers the MFA check
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        assert client.get("/en/results/manage/?year=2026").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # committed: the cache moves on
        for _ in range(20):
            participation_record(
                activity=ActivityFactory(kind="course"), person=UserFactory(), completed=True
            )
    with CaptureQueriesContext(connection) as large:
        response = client.get("/en/results/manage/?year=2026")
    assert response.status_code == 200

    def shapes(context):
        # Savepoint names carry a counter; the statements themselves must be the same.
        return [re.sub(r'"s\d+_x\d+"', '"sp"', q["sql"][:60]) for q in context.captured_queries]

    assert shapes(large) == shapes(small)
    # Warm: the computation comes from the cache.
    with django_assert_max_num_queries(len(small.captured_queries) - 10):
        client.get("/en/results/manage/?year=2026")


def test_staff_dashboard_filters_and_htmx_partial(client, records):
    """Filters narrow the figures; an htmx request gets the results fragment only."""
    client.force_login(board_member())
    response = client.get("/en/results/manage/?year=2026&pillar=P4", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert response.context["blocks"][4].measures[0].value == 1
    assert client.get("/en/results/manage/?pillar=NOPE").status_code == 400
    assert client.get("/en/results/manage/?half=3").status_code == 400


def test_indicator_exports_csv_and_xlsx(client, records):
    """CSV and XLSX carry the indicator table and the disaggregation table."""
    client.force_login(board_member())
    csv_text = client.get("/en/results/manage/indicators.csv?year=2026").content.decode("utf-8-sig")
    assert "webinars.held" in csv_text
    assert (
        "webinars.people,People engaged in webinars and workshops,2026,Country,KE,Testland KE,2"
        in csv_text
    )
    workbook = load_workbook(
        io.BytesIO(client.get("/en/results/manage/indicators.xlsx?year=2026").content)
    )
    assert workbook.sheetnames == ["Indicators", "Disaggregation"]
    rows = list(workbook["Indicators"].values)
    held = next(r for r in rows if r[1] == "webinars.held")
    assert held[4] == 2 and held[7] == 30


def test_public_export_has_no_disaggregation(client, records):
    """The public download is the totals table only."""
    workbook = load_workbook(io.BytesIO(client.get("/en/results/summary.xlsx?year=2026").content))
    assert workbook.sheetnames == ["Indicators"]


def test_csv_cells_cannot_become_formulas(client, db):
    """A description starting with = is written as text."""
    officer = programme_officer()
    ReportedValueFactory(description="=HYPERLINK(1)")
    client.force_login(officer)
    text = client.get("/en/results/manage/reported/?format=csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text


def test_tab_carriage_return_and_control_characters_cannot_reach_a_spreadsheet(client, db):
    """Tab and carriage return before a formula are quoted too, and an escape character
    (which an XLSX cannot hold) is removed instead of breaking the download."""
    officer = programme_officer()
    ReportedValueFactory(description="\t=HYPERLINK(2)")
    ReportedValueFactory(description="\x1b=HYPERLINK(3)", measure="webinars.held")
    client.force_login(officer)
    text = client.get("/en/results/manage/reported/?format=csv").content.decode("utf-8-sig")
    assert "'\t=HYPERLINK(2)" in text and "'=HYPERLINK(3)" in text and "\x1b" not in text
    response = client.get("/en/results/manage/reported/?format=xlsx")
    assert response.status_code == 200
    cells = {row[6] for row in load_workbook(io.BytesIO(response.content)).active.values}
    assert {"'\t=HYPERLINK(2)", "'=HYPERLINK(3)"} <= cells


def test_reported_value_form_validates_and_records_author(client, db):
    """A reported value needs evidence; the saving officer is its author."""
    officer = programme_officer()
    client.force_login(officer)
    data = {
        "measure": "webinars.people",
        "year": "2026",
        "half": "1",
        "value": "40",
        "description": "Workshop at the ministry",
        "reported_on": "2026-07-01",
    }
    response = client.post("/en/results/manage/reported/new/", data)
    assert response.status_code == 200
    assert "Give the evidence: upload a file or enter a link." in response.content.decode()
    assert not ReportedValue.objects.exists()
    response = client.post(
        "/en/results/manage/reported/new/", {**data, "evidence_url": "https://example.org/e.pdf"}
    )
    assert response.status_code == 302
    value = ReportedValue.objects.get()
    assert value.author == officer


def test_reported_member_state_needs_a_country(client, db):
    """A reported Member State must name the country and count as 1."""
    client.force_login(programme_officer())
    response = client.post(
        "/en/results/manage/reported/new/",
        {
            "measure": "member_states.supported",
            "year": "2026",
            "value": "3",
            "description": "Advice",
            "evidence_url": "https://example.org/",
            "reported_on": "2026-07-01",
        },
    )
    html = response.content.decode()
    assert "Name the country supported, so that it is counted once." in html
    assert "A reported Member State counts as 1." in html


def test_board_member_reads_but_cannot_change(client, db):
    """Board members see workplans, risks and reported values; every edit is refused.

    Each refused request carries a valid form, which the officer at the end saves: a
    missing permission check would write, not just fail validation.
    """
    load_risks()
    pillar = PillarFactory(code="P1")
    ActivityFactory(code="gsec-2026")
    WorkplanFactory(year=2026)
    item = {
        "title_en": "Global Smart Education Conference",
        "original_language": "en",
        "pillars": [pillar.pk],
        "activity": "gsec-2026",
        "measure": "conventions.held",
        "target_value": "1",
        "planned_cost_usd": "60000",
        "progress": "on_track",
        "order": "0",
    }
    review = {"reviewed_on": "2026-07-10", "likelihood": "2", "impact": "3", "note": "New donors"}
    reported = {
        "measure": "webinars.people",
        "year": "2026",
        "half": "1",
        "value": "40",
        "description": "Workshop at the ministry",
        "reported_on": "2026-07-01",
        "evidence_url": "https://example.org/e.pdf",
    }
    submit = {"status": "submitted", "on": "2026-01-01"}
    risk_url = "/en/results/manage/risks/funding-sustainability/review/"
    before = Risk.objects.values_list("likelihood", "impact").get(code="funding-sustainability")

    client.force_login(board_member())
    assert client.get("/en/results/manage/workplans/").status_code == 200
    assert client.get("/en/results/manage/workplans/2026/").status_code == 200
    assert client.get("/en/results/manage/risks/").status_code == 200
    assert client.get("/en/results/manage/risks/funding-sustainability/").status_code == 200
    assert client.get("/en/results/manage/reported/").status_code == 200
    assert client.get("/en/results/manage/reported/new/").status_code == 403
    assert client.post("/en/results/manage/reported/new/", reported).status_code == 403
    assert client.post("/en/results/manage/workplans/2026/items/new/", item).status_code == 403
    assert client.post(risk_url, review).status_code == 403
    assert client.post("/en/results/manage/workplans/2026/status/", submit).status_code == 403
    assert not ReportedValue.objects.exists()
    assert not WorkplanItem.objects.exists()
    risk = Risk.objects.get(code="funding-sustainability")
    assert (risk.likelihood, risk.impact) == before
    assert not risk.reviews.exists()
    assert Workplan.objects.get().status == "draft"

    client.force_login(programme_officer())
    assert client.post("/en/results/manage/reported/new/", reported).status_code == 302
    assert client.post("/en/results/manage/workplans/2026/items/new/", item).status_code == 302
    assert client.post(risk_url, review).status_code == 302
    assert client.post("/en/results/manage/workplans/2026/status/", submit).status_code == 302
    assert ReportedValue.objects.count() == WorkplanItem.objects.count() == 1
    assert risk.reviews.count() == 1
    assert Workplan.objects.get().status == "submitted"


def test_workplan_item_and_status_flow(client, db):
    """An officer adds an item and submits; only an administrator records the approval."""
    pillar = PillarFactory(code="P1")
    activity = ActivityFactory(code="gsec-2026")
    WorkplanFactory(year=2026)
    officer = programme_officer()
    client.force_login(officer)
    response = client.post(
        "/en/results/manage/workplans/2026/items/new/",
        {
            "title_en": "Global Smart Education Conference",
            "original_language": "en",
            "pillars": [pillar.pk],
            "activity": "gsec-2026",
            "measure": "conventions.held",
            "target_value": "1",
            "planned_cost_usd": "-5",
            "progress": "on_track",
            "order": "0",
        },
    )
    assert response.status_code == 200
    assert not WorkplanItem.objects.exists()
    response = client.post(
        "/en/results/manage/workplans/2026/items/new/",
        {
            "title_en": "Global Smart Education Conference",
            "original_language": "en",
            "pillars": [pillar.pk],
            "activity": "gsec-2026",
            "measure": "conventions.held",
            "target_value": "1",
            "planned_cost_usd": "60000",
            "progress": "on_track",
            "order": "0",
        },
    )
    assert response.status_code == 302
    item = WorkplanItem.objects.get()
    assert item.activity == activity and list(item.pillars.all()) == [pillar]
    client.post(
        "/en/results/manage/workplans/2026/status/", {"status": "submitted", "on": "2026-01-10"}
    )
    assert Workplan.objects.get().status == "submitted"
    assert (
        client.post(
            "/en/results/manage/workplans/2026/status/", {"status": "approved", "on": "2026-02-01"}
        ).status_code
        == 403
    )
    client.force_login(administrator())
    client.post(
        "/en/results/manage/workplans/2026/status/",
        {"status": "approved", "on": "2026-02-01", "reference": "GB decision 3"},
    )
    workplan = Workplan.objects.get()
    assert (workplan.status, workplan.approved_on) == ("approved", datetime.date(2026, 2, 1))


def test_workplan_review_is_saved(client, db):
    """The half-year review records achievements, challenges and recommendations."""
    WorkplanFactory(year=2026)
    client.force_login(programme_officer())
    response = client.post(
        "/en/results/manage/workplans/2026/reviews/half_year/",
        {
            "achievements_en": "Two conferences held",
            "challenges_en": "Funding",
            "recommendations_en": "More partners",
            "original_language": "en",
            "reviewed_on": "2026-07-15",
        },
    )
    assert response.status_code == 302
    review = Workplan.objects.get().reviews.get()
    assert str(review.achievements) == "Two conferences held"
    assert client.get("/en/results/manage/workplans/2026/reviews/other/").status_code == 404


def test_risk_review_updates_scores_and_heat_map(client, db):
    """A review sets the risk's scores; the heat map and its table show it."""
    load_risks()
    client.force_login(programme_officer())
    response = client.post(
        "/en/results/manage/risks/funding-sustainability/review/",
        {"reviewed_on": "2026-07-10", "likelihood": "2", "impact": "3", "note": "New donors"},
    )
    assert response.status_code == 302
    risk = Risk.objects.get(code="funding-sustainability")
    assert (risk.likelihood, risk.impact) == (2, 3)
    bad = client.post(
        "/en/results/manage/risks/funding-sustainability/review/",
        {"reviewed_on": "2026-07-11", "likelihood": "9", "impact": "3"},
    )
    assert bad.status_code == 400
    assert risk.reviews.count() == 1
    page = client.get("/en/results/manage/risks/").content.decode()
    assert 'aria-labelledby="heat-title heat-desc"' in page and '<title id="heat-title">' in page
    assert "Funding to secure the core team and programmes remains unstable" in page


def test_workplan_and_risk_exports(client, db):
    """Workplans and risks download as CSV and XLSX."""
    load_risks()
    WorkplanItemFactory(title={"en": "Conference"}, planned_cost_usd=1500)
    client.force_login(board_member())
    text = client.get("/en/results/manage/workplans/2026/?format=csv").content.decode("utf-8-sig")
    assert "Conference" in text and "1500.0" in text
    workbook = load_workbook(
        io.BytesIO(client.get("/en/results/manage/risks/?format=xlsx").content)
    )
    assert workbook.sheetnames == ["Risks", "Mitigation actions"]
    assert len(list(workbook["Risks"].values)) == 4


def test_nav_links(client, db):
    """The header links to Results; staff see workplans and risks."""
    html = client.get("/en/results/").content.decode()
    assert reverse("monitoring:summary") in html
    client.force_login(board_member())
    html = client.get("/en/results/").content.decode()
    assert reverse("monitoring:workplan_list") in html
    assert reverse("monitoring:risk_list") in html


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("fr", "Résultats de la Stratégie à moyen terme 2026–2029"),
        ("ar", "نتائج الاستراتيجية المتوسطة الأجل 2026–2029"),
        ("zh-hans", "2026—2029年中期战略成果"),
    ],
)
def test_summary_in_other_languages(client, records, language, heading):
    """The public summary is translated; Arabic pages run right to left."""
    html = client.get(f"/{language}/results/?year=2026").content.decode()
    assert heading in html
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html


def test_workplan_item_form_takes_an_activity_code(client, db):
    """The activity is given by its code; an unknown code is a field error, nothing is saved."""
    WorkplanFactory(year=2026)
    item = WorkplanItemFactory(activity=ActivityFactory(code="gmooc-2026"))
    client.force_login(programme_officer())
    page = client.get(f"/en/results/manage/workplans/2026/items/{item.pk}/").content.decode()
    assert 'value="gmooc-2026"' in page
    response = client.post(
        "/en/results/manage/workplans/2026/items/new/",
        {
            "title_en": "X",
            "original_language": "en",
            "activity": "no-such-code",
            "planned_cost_usd": "1",
            "progress": "on_track",
            "order": "1",
        },
    )
    assert response.status_code == 200
    assert WorkplanItem.objects.count() == 1


def test_anonymous_summary_is_served_from_cache_until_records_change(
    client, records, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """The second anonymous visit is served rendered; a new participation shows as soon as
    it commits, and not before."""
    first = client.get("/en/results/?year=2026")
    assert first.context["blocks"][4].measures[0].value == 2
    with django_assert_max_num_queries(2):
        again = client.get("/en/results/?year=2026")
    assert again.content == first.content
    people = {m.measure.code: m.value for m in first.context["blocks"][4].measures}
    with django_capture_on_commit_callbacks(execute=True):
        participation_record(activity=records[0], person=UserFactory(), attended=True)
        pending = client.get("/en/results/?year=2026")
        assert pending.context is None and pending.content == first.content
    fresh = client.get("/en/results/?year=2026")
    assert fresh.context is not None  # rendered anew, not the cached page
    now = {m.measure.code: m.value for m in fresh.context["blocks"][4].measures}
    assert now["webinars.people"] == people["webinars.people"] + 1


def test_summary_page_is_served_from_the_cache_however_far_apart_the_visits(
    client, records, django_assert_num_queries, monkeypatch
):
    """Repeated anonymous visits are served from the cache without a database query, an
    hour apart as well as a moment apart: no clock decides when the records are read again,
    only a committed change does."""
    client.get("/en/results/?year=2026")
    real_monotonic = time.monotonic
    monkeypatch.setattr(time, "monotonic", lambda: real_monotonic() + 3600)
    with django_assert_num_queries(0):
        response = client.get("/en/results/?year=2026")
    assert (
        response.status_code == 200 and "Webinars and workshops held" in response.content.decode()
    )

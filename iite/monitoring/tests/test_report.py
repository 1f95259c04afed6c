"""The Board report reads well: contents, executive summary with highlights and concerns,
charts with their values, page numbers, dates; in English and in Arabic."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from iite.monitoring.loaders import load_risks
from iite.monitoring.models import Workplan
from iite.monitoring.report import annual_report_html, annual_report_pdf, year_share
from iite.monitoring.selectors import workplan_items_progress
from iite.programme.tests.factories import ActivityFactory, ParticipationFactory

from .factories import WorkplanFactory, WorkplanItemFactory

pytestmark = pytest.mark.django_db

CUT_OFF = datetime.datetime(2026, 12, 31, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def board_data():
    """35 webinars (target 30: a highlight), one competition (target 4: a concern), the risk
    register (funding rated high), and a workplan without reviews."""
    for index in range(35):
        ActivityFactory(kind="webinar", start_date=datetime.date(2026, 1 + index % 12, 1))
    competition = ActivityFactory(kind="competition", start_date=datetime.date(2026, 10, 1))
    ParticipationFactory(activity=competition)
    load_risks()
    workplan = WorkplanFactory(year=2026, title={"en": "Workplan 2026"})
    WorkplanItemFactory(
        workplan=workplan, title={"en": "Regional teacher forum"}, activity=competition
    )


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_year_share_is_the_part_of_the_year_elapsed():
    """The pro-rata share is 0 before the year, a day's fraction within it, 1 after it."""
    assert year_share(2026, datetime.date(2025, 12, 31)) == 0
    assert year_share(2026, datetime.date(2026, 1, 1)) == pytest.approx(1 / 365)
    assert year_share(2026, datetime.date(2026, 7, 2)) == pytest.approx(183 / 365)
    assert year_share(2026, datetime.date(2027, 3, 1)) == 1


def test_english_report_has_contents_summary_findings_and_page_numbers(board_data):
    """Page 1 names the date and cut-off and lists the sections with the pages they start on;
    the executive summary tables every sub-measure; every page is numbered."""
    pages = _pages(annual_report_pdf(year=2026, language="en", as_of=CUT_OFF))
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"{number} / {total}" in text, number
    first = pages[0]
    assert "Report date: December 31, 2026" in first
    assert "Data cut-off: December 31, 2026, 12:00 PM UTC" in first
    assert "Period covered: January 1, 2026 to December 31, 2026" in first
    sections = (
        "Executive summary",
        "Strategic objectives",
        "Key indicators",
        "Workplan progress",
        "Resources",
        "Risks",
    )
    for section in sections:
        found = re.search(rf"{section} \.?[ .]*(\d+)", first)
        assert found, section
        assert section in pages[int(found.group(1)) - 1], section
        assert section not in pages[int(found.group(1)) - 2] or found.group(1) == "2", section
    summary = pages[1]
    assert summary.startswith("Executive summary")
    # Webinars held: 35 against the year's 30 (117%), pro-rata target 30 at year's end.
    assert "5. Webinars and workshops held 35 30 117% 30" in summary
    assert "6. Competitions and awards organised 1 5 20% 5" in summary
    highlights = summary.split("Highlights")[1].split("Concerns")[0]
    assert "Webinars and workshops held: 35 against a pro-rata target of 30 (117%)." in highlights
    concerns = summary.split("Concerns")[1]
    assert concerns.count("against a pro-rata target") == 2
    assert "Risk “Funding to secure the core team and programmes remains unstable”, rated" in (
        concerns
    )
    workplan_page = next(page for page in pages[2:] if page.startswith("Workplan progress"))
    progress = workplan_items_progress(Workplan.objects.get(year=2026), today=CUT_OFF.date())
    (label,) = [item.label for item in progress.values()]
    assert f"Regional teacher forum 1,000 {label}" in workplan_page


def test_report_charts_are_full_width_with_values_and_axis_titles(board_data):
    """Each chart names its axes and prints each half-year's value above its column."""
    html = annual_report_html(year=2026, language="en", as_of=CUT_OFF)
    chart = re.search(r'<svg class="chart" id="r-webinars-held".*?</svg>', html, re.S).group(0)
    assert 'viewBox="0 0 640 ' in chart
    assert ">Half-year</text>" in chart and ">Activities</text>" in chart
    assert re.search(r'class="value">18</text>', chart)  # January–June: 18 webinars
    assert re.search(r'class="value">17</text>', chart)  # July–December: 17
    text = " ".join(_pages(annual_report_pdf(year=2026, language="en", as_of=CUT_OFF)))
    assert "26-H1 18 26-H2 17 Half-year Activities" in text


def test_report_rows_do_not_break_across_pages():
    """The stylesheet keeps each table row (and each chart with its tables) on one page."""
    from pathlib import Path

    template = Path(__file__).parents[1] / "templates" / "monitoring" / "report.html"
    css = template.read_text()
    assert re.search(r"tr, li, \.figure, \.totals-note \{ break-inside: avoid;", css)


def test_arabic_report_is_right_to_left_with_the_same_structure(board_data):
    """The Arabic report is right to left, numbered, with the summary's figures and the
    Arabic risk in its concerns."""
    html = annual_report_html(year=2026, language="ar", as_of=CUT_OFF)
    assert '<html lang="ar" dir="rtl">' in html
    assert html.count('<section class="section">') == 5  # with Resources
    pages = _pages(annual_report_pdf(year=2026, language="ar", as_of=CUT_OFF))
    for number, text in enumerate(pages, start=1):
        # Right to left, "page / pages" reads from the right.
        assert f"{len(pages)} / {number}" in text
    assert "الندوات الإلكترونية وحلقات العمل المعقودة" in pages[1]
    assert "117%" in pages[1]
    assert "لا يزال تمويل الفريق الأساسي والبرامج غير مستقر" in pages[1]
    # The contents give each section's page (the headings already translated).
    for section in ("الأهداف الاستراتيجية", "المؤشرات الرئيسية", "التقدم في خطة العمل", "المخاطر"):
        found = re.search(rf"{section}[ .]*(\d+)", pages[0])
        assert found, section
        assert section in pages[int(found.group(1)) - 1], section
    # The charts print each half-year's value.
    assert "26-H1 18 26-H2 17" in " ".join(pages)
    assert "Annual report to the Governing Board" not in " ".join(pages)


def test_reviews_complete_the_findings_when_the_figures_are_few(db):
    """With one sub-measure above and none below its pro-rata target and no serious risk,
    the reviews' achievements and challenges complete the lists, the annual review first."""
    from iite.monitoring.indicators import Scope, compute
    from iite.monitoring.models import WorkplanReview
    from iite.monitoring.report import report_findings, summary_rows
    from iite.monitoring.selectors import indicator_report

    from .factories import RiskFactory

    for _ in range(40):
        ActivityFactory(kind="webinar")
    workplan = WorkplanFactory(year=2026)
    reviews = [
        WorkplanReview.objects.create(
            workplan=workplan,
            kind=kind,
            achievements={"en": f"<p>{name} achievement.</p>"},
            challenges={"en": f"<p>{name} challenge.</p>"},
            reviewed_on=datetime.date(2026, 7, 15),
        )
        for kind, name in (("half_year", "Mid-year"), ("annual", "Year-end"))
    ]
    low = RiskFactory(likelihood=2, impact=2)
    blocks = indicator_report(Scope(2026), with_dims=False, computation=compute(Scope(2026)))
    # Only webinars held has a figure; every other target is zeroed so nothing is below.
    rows = [row for row in summary_rows(blocks, 1.0) if row.row.code == "webinars.held"]
    highlights, concerns = report_findings(rows, [low], reviews)
    assert highlights == [
        "Webinars and workshops held: 40 against a pro-rata target of 30 (133%).",
        "Annual review: Year-end achievement.",
        "Half-year review: Mid-year achievement.",
    ]
    assert concerns == [
        "Annual review: Year-end challenge.",
        "Half-year review: Mid-year challenge.",
    ]


def test_spanish_report_groups_numbers_from_five_digits(db):
    """CLDR's Spanish writes 1234 but 12.345: the Board report's planned costs follow it,
    as the French report follows its own grouping."""
    workplan = WorkplanFactory(year=2026, title={"en": "Workplan 2026"})
    WorkplanItemFactory(workplan=workplan, planned_cost_usd=Decimal("12345"), order=0)
    WorkplanItemFactory(workplan=workplan, planned_cost_usd=Decimal("1234"), order=1)
    spanish = annual_report_html(year=2026, language="es", as_of=CUT_OFF)
    assert '<td class="num">12.345</td>' in spanish
    assert '<td class="num">1234</td>' in spanish
    french = annual_report_html(year=2026, language="fr", as_of=CUT_OFF)
    assert '<td class="num">12\xa0345</td>' in french
    assert '<td class="num">1\xa0234</td>' in french

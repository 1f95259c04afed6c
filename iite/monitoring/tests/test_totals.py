"""Totals explain themselves: where halves or drill-down rows exceed the figure because a
person counts once per period, the page, the downloads and the PDF say so in one line."""

from __future__ import annotations

import csv
import datetime
import io
import uuid

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from iite.monitoring.report import annual_report_pdf
from iite.programme.tests.factories import ActivityFactory, ParticipationFactory

from .helpers import board_member

pytestmark = pytest.mark.django_db

PEOPLE_NOTE = (
    "January–June (2) and July–December (1) add up to more than the year (2): "
    "1 person took part in both halves and counts once in the year."
)
ROWS_NOTE = (
    "The rows add up to 3 people recorded individually, the figure counts 2: "
    "1 person took part in more than one activity and counts once."
)


@pytest.fixture
def overlap():
    """Two people at a March webinar; one of them at a September webinar too."""
    march = ActivityFactory(kind="webinar", start_date=datetime.date(2026, 3, 1))
    september = ActivityFactory(kind="webinar", start_date=datetime.date(2026, 9, 1))
    returning = uuid.uuid4()
    ParticipationFactory(activity=march, person_key=returning, sex="male")
    ParticipationFactory(activity=september, person_key=returning, sex="male")
    ParticipationFactory(activity=march, sex="male")
    return march, september


@pytest.fixture
def apart():
    """Two people, each at one webinar of a different half: the halves add up."""
    for month in (3, 9):
        ParticipationFactory(
            activity=ActivityFactory(kind="webinar", start_date=datetime.date(2026, month, 1))
        )


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _csv_rows(content: bytes) -> dict[str, dict[str, str]]:
    """The rows of the CSV's first table (the staff download adds the disaggregation after
    an empty line)."""
    first_table = content.decode("utf-8-sig").split("\r\n\r\n")[0]
    return {row["Sub-measure code"]: row for row in csv.DictReader(io.StringIO(first_table))}


def test_public_page_explains_people_counted_in_both_halves(client, overlap):
    """The public results page says why 2 + 1 is not the year's 2, next to that figure only."""
    html = client.get("/en/results/?year=2026").content.decode()
    assert html.count(PEOPLE_NOTE) == 1
    assert html.count("took part in both halves") == 1  # not under webinars held (1 + 1 = 2)


def test_pages_and_downloads_say_nothing_when_the_halves_add_up(client, apart):
    """With no one in both halves, no page, download or PDF carries the explanation."""
    assert "in both halves" not in client.get("/en/results/?year=2026").content.decode()
    client.force_login(board_member())
    assert "in both halves" not in client.get("/en/results/manage/?year=2026").content.decode()
    rows = _csv_rows(client.get("/en/results/manage/indicators.csv?year=2026").content)
    assert rows["webinars.people"]["January–June"] == "1"
    assert rows["webinars.people"]["Year"] == "2"
    assert all(row["Note"] == "" for row in rows.values())
    assert "in both halves" not in _pdf_text(annual_report_pdf(year=2026, language="en"))


def test_staff_dashboard_and_downloads_explain_the_halves(client, overlap):
    """The staff dashboard, the CSV (staff and public) and the XLSX carry the same line."""
    client.force_login(board_member())
    html = client.get("/en/results/manage/?year=2026").content.decode()
    assert html.count(PEOPLE_NOTE) == 1
    for url in ("/en/results/manage/indicators.csv?year=2026", "/en/results/summary.csv?year=2026"):
        rows = _csv_rows(client.get(url).content)
        assert rows["webinars.people"]["Note"] == PEOPLE_NOTE
        assert rows["webinars.held"]["Note"] == ""
    workbook = load_workbook(
        io.BytesIO(client.get("/en/results/manage/indicators.xlsx?year=2026").content)
    )
    sheet = list(workbook["Indicators"].values)
    note_column = sheet[0].index("Note")
    people = next(r for r in sheet if r[1] == "webinars.people")
    assert people[note_column] == PEOPLE_NOTE


def test_pdf_explains_the_halves(overlap):
    """The Board report says it under the indicator's table."""
    assert PEOPLE_NOTE in _pdf_text(annual_report_pdf(year=2026, language="en"))


def test_drill_down_shows_distinct_people_and_participations(client, overlap):
    """Staff see each activity's people and participations, the distinct people of all rows,
    and why the rows add up to more than the figure."""
    client.force_login(board_member())
    response = client.get("/en/results/figure/webinars.people/?year=2026")
    html = response.content.decode()
    assert [(r.people, r.participations) for r in response.context["page"]] == [(2, 2), (1, 1)]
    totals = response.context["totals"]
    assert (totals.people, totals.participations, totals.in_several) == (2, 3, 1)
    assert "Distinct people (each counted once)" in html
    assert ROWS_NOTE in html
    # Within one half, every row's people are distinct: nothing to explain.
    html = client.get("/en/results/figure/webinars.people/?year=2026&half=1").content.decode()
    assert "more than one activity" not in html


def test_public_drill_down_explains_its_rows_too(client, overlap):
    """A visitor sees the same columns, footer and line for the public activities."""
    response = client.get("/en/results/figure/webinars.people/?year=2026")
    html = response.content.decode()
    assert [(r.people, r.participations) for r in response.context["page"]] == [(2, 2), (1, 1)]
    assert "Distinct people (each counted once)" in html
    assert ROWS_NOTE in html

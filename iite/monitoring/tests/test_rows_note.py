"""Tables that add up to more than the total say so: a webinar in two languages is in two
rows of the language table, and so is a person who attended it; one line under the table,
on the staff dashboard, in the CSV and XLSX and in the PDF, gives how many are in more than
one row, counted from the records."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from iite.monitoring import indicators as ind
from iite.monitoring.report import annual_report_pdf
from iite.monitoring.selectors import indicator_report
from iite.programme.tests.factories import ActivityFactory, ParticipationFactory

from .helpers import board_member

pytestmark = pytest.mark.django_db

PEOPLE_NOTE = (
    "The rows add up to 3, more than the total (2): 1 person is in more than one row and "
    "counts once in the total."
)
ACTIVITIES_NOTE = (
    "The rows add up to 3, more than the total (2): 1 activity is in more than one row and "
    "counts once in the total."
)


def _webinars(first_languages: list[str]) -> None:
    """Two June webinars with one participant each; the first in `first_languages`."""
    for languages in (first_languages, ["en"]):
        activity = ActivityFactory(
            kind="webinar", start_date=datetime.date(2026, 6, 1), languages=languages
        )
        ParticipationFactory(activity=activity, sex="female")


def _tables() -> dict[tuple[str, str], object]:
    blocks = indicator_report(
        ind.Scope(2026), with_dims=True, computation=ind.compute(ind.Scope(2026))
    )
    return {
        (row.code, table.dim): (row, table)
        for block in blocks
        for row in block.measures
        for table in row.dims
    }


def _detail_rows(content: bytes) -> list[dict[str, str]]:
    """The disaggregation table of the staff CSV (after the first table's empty line)."""
    second = content.decode("utf-8-sig").split("\r\n\r\n")[1]
    return list(csv.DictReader(io.StringIO(second)))


def test_a_line_exactly_where_the_rows_exceed_the_total():
    """Every table carries the line if and only if its rows add up to more than the figure;
    the language tables name the one webinar and the one person in two languages."""
    _webinars(["en", "ru"])
    tables = _tables()
    for (code, dim), (row, table) in tables.items():
        exceeds = sum(item.value for item in table.rows) > row.value
        assert bool(table.note) == exceeds, (code, dim)
    row, table = tables[("webinars.held", "language")]
    assert (row.value, table.several, table.note) == (2, 1, ACTIVITIES_NOTE)
    row, table = tables[("webinars.people", "language")]
    assert (row.value, table.several, table.note) == (2, 1, PEOPLE_NOTE)


def test_no_line_when_the_rows_add_up():
    """Both webinars in one language: the language tables add up and carry no line."""
    _webinars(["en"])
    tables = _tables()
    for key in (("webinars.held", "language"), ("webinars.people", "language")):
        row, table = tables[key]
        assert sum(item.value for item in table.rows) == row.value == 2
        assert (table.several, table.note) == (0, "")


def test_dashboard_csv_xlsx_and_pdf_carry_the_line(client):
    """The same line under the language table on the dashboard, as a row of the
    disaggregation in the CSV and XLSX (with the number counted in several rows), and in
    the Board report."""
    _webinars(["en", "ru"])
    client.force_login(board_member())
    html = client.get("/en/results/manage/?year=2026").content.decode()
    assert f'<p class="meta totals-note">{PEOPLE_NOTE}</p>' in html
    assert f'<p class="meta totals-note">{ACTIVITIES_NOTE}</p>' in html
    rows = _detail_rows(client.get("/en/results/manage/indicators.csv?year=2026").content)
    notes = {(r["Sub-measure code"], r["Group"]): r for r in rows if r["Key"] == ""}
    assert notes[("webinars.people", PEOPLE_NOTE)]["Value"] == "1"
    assert notes[("webinars.held", ACTIVITIES_NOTE)]["Value"] == "1"
    assert notes[("webinars.held", ACTIVITIES_NOTE)]["Disaggregated by"] == "Language"
    workbook = load_workbook(
        io.BytesIO(client.get("/en/results/manage/indicators.xlsx?year=2026").content)
    )
    sheet = list(workbook["Disaggregation"].values)
    assert ("webinars.people", PEOPLE_NOTE, 1) in {(r[0], r[5], r[6]) for r in sheet}
    reader = PdfReader(io.BytesIO(annual_report_pdf(year=2026, language="en")))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert PEOPLE_NOTE in text and ACTIVITIES_NOTE in text


def test_downloads_and_pdf_say_nothing_when_the_rows_add_up(client):
    """One language for both webinars: no line in the language rows anywhere."""
    _webinars(["en"])
    client.force_login(board_member())
    html = client.get("/en/results/manage/?year=2026").content.decode()
    assert PEOPLE_NOTE not in html and ACTIVITIES_NOTE not in html
    rows = _detail_rows(client.get("/en/results/manage/indicators.csv?year=2026").content)
    assert not [r for r in rows if r["Disaggregated by"] == "Language" and r["Key"] == ""]
    reader = PdfReader(io.BytesIO(annual_report_pdf(year=2026, language="en")))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert PEOPLE_NOTE not in text and ACTIVITIES_NOTE not in text

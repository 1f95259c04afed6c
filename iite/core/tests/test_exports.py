import csv
import io
from decimal import Decimal

import pytest
from django.http import Http404, HttpResponse, StreamingHttpResponse
from openpyxl import load_workbook

from iite.core.exports import (
    Sheet,
    cell_value,
    table_csv,
    table_response,
    table_xlsx,
    tables_response,
)

DANGEROUS = ["=HYPERLINK(1)", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_a_spreadsheet_would_run_is_quoted(text):
    """Cells starting with = + - @ tab or carriage return are neutralised with a quote (OWASP)."""
    assert cell_value(text) == "'" + text


def test_numbers_stay_numbers_and_none_is_blank():
    """Numbers (negative ones too) are not quoted; None is an empty cell; the rest is text."""
    assert cell_value(-5) == -5 and cell_value(2.5) == 2.5
    assert cell_value(Decimal("-1.50")) == Decimal("-1.50")
    assert cell_value(None) == "" and cell_value("plain") == "plain"
    assert cell_value(2026) == 2026


def test_control_characters_xlsx_cannot_hold_are_removed_before_the_guard():
    """ESC and other control characters go (an XLSX cannot store them); a formula behind one
    is still quoted; tab and newline inside a cell are kept."""
    assert cell_value("a\x1bb\x00c\x0b") == "abc"
    assert cell_value("\x1b=cmd") == "'=cmd"
    assert cell_value("two\nlines\tand tab") == "two\nlines\tand tab"


def _sheets():
    return [
        Sheet("Indicators", ["Code", "Value"], [["=1+1", 3], ["ok\x1b", Decimal("2.5")]]),
        Sheet("Second table with a very long title indeed", ["A"], iter([["x"]])),
    ]


def test_csv_has_a_bom_and_tables_a_blank_row_apart():
    """Excel reads the UTF-8 BOM; tables follow one another with a blank row between them."""
    text = "".join(table_csv(_sheets()))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["Code", "Value"], ["'=1+1", "3"], ["ok", "2.5"], [], ["A"], ["x"]]


def test_xlsx_has_one_sheet_per_table_with_safe_cells():
    """Each table is a sheet (titles cut to 31 characters); numbers are number cells."""
    workbook = load_workbook(io.BytesIO(table_xlsx(_sheets())))
    assert workbook.sheetnames == ["Indicators", "Second table with a very long t"]
    assert list(workbook["Indicators"].values) == [
        ("Code", "Value"),
        ("'=1+1", 3),
        ("ok", 2.5),
    ]


def test_responses_are_attachments_in_the_asked_format():
    """CSV and XLSX come as named attachments; a CSV may be streamed; other formats are 404."""
    response = table_response(fmt="csv", filename="partners", headers=["A"], rows=[["-x"]])
    assert isinstance(response, HttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="partners.csv"'
    assert response.content.decode("utf-8-sig") == "A\r\n'-x\r\n"
    streamed = tables_response(
        fmt="csv", filename="people", sheets=[Sheet("people", ["A"], iter([["b"]]))], stream=True
    )
    assert isinstance(streamed, StreamingHttpResponse)
    assert b"".join(streamed.streaming_content).decode("utf-8-sig") == "A\r\nb\r\n"
    xlsx = tables_response(fmt="xlsx", filename="book", sheets=_sheets())
    assert xlsx["Content-Disposition"] == 'attachment; filename="book.xlsx"'
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames[0] == "Indicators"
    sheet = load_workbook(
        io.BytesIO(table_response(fmt="xlsx", filename="partners", headers=["A"], rows=[]).content)
    ).active
    assert sheet.title == "partners"
    with pytest.raises(Http404):
        tables_response(fmt="pdf", filename="x", sheets=_sheets())

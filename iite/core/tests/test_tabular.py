import datetime
import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from iite.core.tabular import (
    MAX_ERRORS,
    CellValueError,
    TableError,
    TableErrors,
    TableFile,
    TableProblem,
    cell_number,
    normalise_header,
    text_encoding,
)


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


ROWS = [["code", "title"], ["cafe-2026", "Café “IA” – 5 €"], ["ru", "Вебинар"]]


def _csv(rows, delimiter=","):
    return "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"


def _rows(data, name="table.csv", **kwargs):
    return list(TableFile(io.BytesIO(data), name=name, **kwargs).rows())


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (_csv(ROWS).encode("utf-8"), "utf-8-sig"),
        (_csv(ROWS).encode("utf-8-sig"), "utf-8-sig"),
        (_csv(ROWS, "\t").encode("utf-16"), "utf-16"),
        (_csv(ROWS, "\t").encode("utf-16-le"), "utf-16-le"),
        (_csv(ROWS, "\t").encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_unicode_files_are_read_in_their_encoding(data, encoding):
    """UTF-8 with or without Excel's BOM, and UTF-16 with or without one, give the same rows."""
    assert text_encoding(io.BytesIO(data)) == encoding
    assert _rows(data) == ROWS


def test_windows_1252_and_latin1_are_the_fallbacks():
    """Text that is not UTF-8 is Windows-1252; a byte cp1252 leaves undefined makes it Latin-1."""
    western = ROWS[:2]
    data = _csv(western).encode("cp1252")
    assert text_encoding(io.BytesIO(data)) == "cp1252"
    assert _rows(data) == western
    latin = _csv([["code"], ["caf\xe9\x81"]]).encode("latin-1")
    assert text_encoding(io.BytesIO(latin)) == "latin-1"
    assert _rows(latin) == [["code"], ["caf\xe9\x81"]]


def test_utf8_is_checked_to_the_end_of_the_file():
    """A file whose first 64 KB are ASCII and whose end is cp1252 is read as cp1252, not cut short."""
    rows = [["code", "title"]] + [[f"row-{n}", "plain"] for n in range(8000)] + [["last", "Café"]]
    data = _csv(rows).encode("cp1252")
    assert len(data) > 1 << 16
    assert _rows(data)[-1] == ["last", "Café"]


def test_binary_file_is_not_text():
    """Zero bytes in a file that is not UTF-16 (an .xls renamed .csv) are refused with a message."""
    with pytest.raises(TableProblem) as problem:
        _rows(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00\x00code,title\n")
    assert problem.value.message == "The file's text encoding is not readable."


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_is_the_commonest_on_the_first_line(delimiter):
    """Comma, semicolon (Excel in much of Europe) and tab separated files are read alike."""
    assert _rows(_csv(ROWS, delimiter).encode()) == ROWS


def test_a_given_delimiter_is_used_and_a_single_column_defaults_to_comma():
    """A caller that knows the delimiter gives it; a first line without any reads as comma."""
    assert _rows(b"1. Summary\r\na\tb,c\r\n", delimiter="\t") == [["1. Summary"], ["a", "b,c"]]
    assert _rows(b"Attendee Report\r\na,b\r\n") == [["Attendee Report"], ["a", "b"]]


def test_quoted_cells_keep_delimiters_and_newlines():
    """Quoted cells may hold the delimiter and line breaks, as spreadsheets write them."""
    data = b'code,title\r\nx,"Two, lines\r\nhere"\r\n'
    assert _rows(data) == [["code", "title"], ["x", "Two, lines\r\nhere"]]


def test_xlsx_first_sheet_keeps_cell_types():
    """An XLSX file is read from its first sheet; numbers and dates stay typed, blanks are ""."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Code", "Start date", "Total"])
    sheet.append(["x", datetime.datetime(2026, 6, 1), 10])
    sheet.append(["y", None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = _rows(buffer.getvalue(), name="Book.XLSX")
    assert rows == [
        ["Code", "Start date", "Total"],
        ["x", datetime.datetime(2026, 6, 1), 10],
        ["y", "", ""],
    ]


def test_damaged_xlsx_is_a_problem_of_the_file():
    """A file named .xlsx that is no workbook is refused with a message."""
    with pytest.raises(TableProblem) as problem:
        _rows(b"not a zip", name="broken.xlsx")
    assert problem.value.message == "The file is not a readable Excel workbook (.xlsx)."


def test_the_format_can_be_given_whatever_the_name():
    """fmt="csv" reads a file as text even when its name ends in .xlsx."""
    assert _rows(b"a,b\r\n", name="report.xlsx", fmt="csv") == [["a", "b"]]


def test_work_is_bounded_by_rows_and_size():
    """More rows than max_rows, or more bytes than max_bytes, stop the reading with a message."""
    data = _csv([["n"]] + [[str(n)] for n in range(10)]).encode()
    assert len(_rows(data, max_rows=11)) == 11
    with pytest.raises(TableProblem) as problem:
        _rows(data, max_rows=10)
    assert problem.value.message == "The file has more than 10 rows; split it into smaller files."
    with pytest.raises(TableProblem) as problem:
        _rows(b"x" * (1024 * 1024 + 1), max_bytes=1024 * 1024)
    assert problem.value.message == "The file is larger than 1 MB; split it into smaller files."


def test_rows_can_be_read_again_from_the_start():
    """Each call of rows() is a fresh pass (the importer reads the header, then every row)."""
    table = TableFile(io.BytesIO(_csv(ROWS).encode()), name="t.csv")
    assert next(table.rows()) == ROWS[0]
    assert list(table.rows()) == ROWS


def test_headers_are_normalised_as_people_type_them():
    """Case, asterisks marking required columns, spaces and hyphens do not matter."""
    assert normalise_header(" Start date* ") == "start_date"
    assert normalise_header("In-Meeting  Duration") == "in_meeting_duration"
    assert normalise_header(None) == ""


def test_errors_are_all_counted_and_the_first_ones_kept():
    """One limit for every import: all errors counted, MAX_ERRORS kept to show."""
    errors = TableErrors("people.csv")
    assert not errors and not errors.full
    for row in range(MAX_ERRORS + 5):
        errors.add(row, "email", "No account uses this email address.")
    assert errors.count == MAX_ERRORS + 5 and len(errors.items) == MAX_ERRORS and errors.full
    assert errors.items[0] == TableError(
        "people.csv", 0, "email", "No account uses this email address."
    )


def test_an_error_reads_as_a_sentence_in_the_users_language():
    """str() of an error names file, row and column, translated."""
    error = TableError("report.csv", 8, "Join Time", "x")
    assert str(error) == "report.csv, row 8, column “Join Time”: x"
    with translation.override("fr"):
        assert (
            "report.csv" in str(error)
            and "8" in str(error)
            and str(error) != ("report.csv, row 8, column “Join Time”: x")
        )


@pytest.mark.parametrize("language", ["ar", "es", "fr", "ru", "zh-hans"])
def test_problems_of_the_file_are_in_the_users_language(language):
    """The reader's messages are translated in every language of the platform."""
    data = _csv([["n"], ["1"], ["2"]]).encode()
    with translation.override(language):
        with pytest.raises(TableProblem) as rows:
            _rows(data, max_rows=2)
        with pytest.raises(TableProblem) as size:
            _rows(data, max_bytes=1)
        with pytest.raises(TableProblem) as workbook:
            _rows(b"not a zip", name="broken.xlsx")
        with pytest.raises(TableProblem) as encoding:
            _rows(b"\x00\x01\x02\x00\x00\x00abc")
    assert "2" in rows.value.message
    assert rows.value.message != "The file has more than 2 rows; split it into smaller files."
    assert size.value.message != "The file is larger than 0 MB; split it into smaller files."
    assert workbook.value.message != "The file is not a readable Excel workbook (.xlsx)."
    assert encoding.value.message != "The file's text encoding is not readable."


def _xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_with_number_text(text: bytes) -> bytes:
    """A workbook whose number cell holds `text` as written in its XML (openpyxl cannot write inf)."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(_xlsx([["code", "minutes"], ["a", 5], ["b", 987654]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for member in source.infolist():
            content = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"987654", text)
            archive.writestr(member, content)
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        _xlsx_with_number_text(b"1e309"),
        _xlsx([["code", "minutes"], ["a", 5], ["b", 1e30]]),
        _xlsx([["code", "minutes"], ["a", 5], ["b", -1e16]]),
        _xlsx([["code", "minutes"], ["a", 5], ["b", 10**20]]),
    ],
    ids=["1e309", "1e30", "-1e16", "10**20"],
)
def test_xlsx_numbers_beyond_every_bound_stop_the_reading_with_row_and_column(data):
    """A number cell that is not finite or past MAX_NUMBER is refused where it is read."""
    with pytest.raises(TableProblem) as caught:
        _rows(data, name="report.xlsx")
    assert caught.value.message.startswith("report.xlsx, row 3, column “minutes”: ")
    assert "is not a finite number within ±1,000,000,000,000,000." in caught.value.message


def test_xlsx_number_cell_that_is_not_a_number_is_a_problem_of_the_file():
    """<v>inf</v> makes openpyxl fail mid-sheet: a TableProblem with a message, never a crash."""
    with pytest.raises(TableProblem, match="not a readable Excel workbook"):
        _rows(_xlsx_with_number_text(b"inf"), name="report.xlsx")


@pytest.mark.parametrize("value", ["1e309", "1e30", "-2.5E+40"])
def test_csv_numbers_written_past_every_bound_are_refused(value):
    """In a CSV, a number with an exponent past the bound ("1e309") is refused with its place."""
    data = _csv([["email", "duration"], ["a@example.org", value]]).encode()
    with pytest.raises(TableProblem) as caught:
        _rows(data, name="zoom.csv")
    assert caught.value.message.startswith("zoom.csv, row 2, column “duration”: ")


def test_ordinary_numbers_and_words_pass_the_reader():
    """Names such as "Nan" or "Eve", small exponents and phone numbers are read as they are."""
    rows = [["name", "n"], ["Nan", "2e3"], ["Eve", "441234567890"], ["Inf", "12.5"]]
    assert _rows(_csv(rows).encode()) == rows


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("inf", "“inf” is not a finite number."),
        ("nan", "“nan” is not a finite number."),
        ("1e309", "“1e309” is out of range: give a number from 0 to 1,000,000,000,000,000."),
        (1e30, "out of range"),
        (-1, "out of range"),
        ("2.5", "“2.5” is not a whole number."),
        ("abc", "“abc” is not a number."),
    ],
)
def test_cell_number_bounds_and_messages(value, message):
    """Every column parser gets the same bounds and the same sentences."""
    with pytest.raises(CellValueError) as caught:
        cell_number(value, integer=True)
    assert message in caught.value.message


def test_cell_number_reads_text_and_numbers():
    """Decimal commas, XLSX numbers and blanks are read; a blank is None."""
    assert cell_number("12,5") == 12.5
    assert cell_number(7, integer=True) == 7
    assert cell_number("  ") is None
    assert cell_number("90", integer=True, maximum=100) == 90


def test_xlsx_bomb_is_refused_by_its_declared_size():
    """A small workbook whose members expand past the limit is refused before openpyxl reads it."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (3 * 1024 * 1024) + b"</a>")
    data = buffer.getvalue()
    assert len(data) < 100 * 1024
    with pytest.raises(TableProblem) as caught:
        _rows(data, name="bomb.xlsx", max_bytes=1024 * 1024)
    assert caught.value.message == (
        "The workbook expands to more than 1 MB; split it into smaller files or save it as CSV."
    )


@pytest.mark.parametrize("value", ["Amina\x1b[2J", "nul\x00l", "del\x7f"])
def test_a_cell_with_control_characters_stops_the_reading_with_row_and_column(value):
    """ESC, NUL or DEL in a cell is refused where it is read, named by row and column."""
    data = _csv([["email", "name"], ["a@example.org", "Amina"], ["b@example.org", value]])
    with pytest.raises(TableProblem) as caught:
        _rows(data.encode("utf-16"), name="zoom.csv")
    assert caught.value.message == (
        "zoom.csv, row 3, column “name”: The cell holds invisible control characters "
        "(such as ESC); remove them."
    )


def test_tabs_and_line_breaks_in_a_cell_are_kept():
    """Multi-line cells (quoted) and tabs are ordinary text."""
    data = b'name,notes\r\nAmina,"one\ttwo\nthree"\r\n'
    assert _rows(data) == [["name", "notes"], ["Amina", "one\ttwo\nthree"]]

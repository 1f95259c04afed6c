"""Tables people download, as CSV or XLSX, written the same way by every domain.

- CSV is UTF-8 with a byte-order mark, so Excel opens accents and Cyrillic, Arabic and
  Chinese text correctly; several tables follow one another, a blank row apart.
- XLSX has one sheet per table, written by openpyxl's write-only mode.
- Numbers stay numbers; every other value is text, and text is made safe to open: a cell
  that starts with = + - @ tab or carriage return would be run by a spreadsheet as a
  formula (OWASP's "CSV injection"), so it is prefixed with a quote; the control
  characters an XLSX file cannot hold (openpyxl's IllegalCharacterError, e.g. ESC) are
  removed, from both formats, so the two downloads of a table always agree.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, Literal, NamedTuple, overload

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Sheet(NamedTuple):
    """One table: its title (the XLSX sheet's name), its header row and its rows."""

    title: str
    headers: Sequence[Any]
    rows: Iterable[Sequence[Any]]


def cell_value(value: Any) -> Any:
    """A value as a spreadsheet may safely receive it: numbers as they are, "" for None,
    anything else as text without unstorable control characters and never as a formula."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def _row(values: Iterable[Any]) -> list[Any]:
    return [cell_value(value) for value in values]


class _Echo:
    """A file-like object whose write() returns the line, so csv.writer can stream."""

    def write(self, value: str) -> str:
        return value


def table_csv(sheets: Iterable[Sheet]) -> Iterator[str]:
    """The CSV text, line by line (the first is the byte-order mark): memory stays flat."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for index, sheet in enumerate(sheets):
        if index:
            yield writer.writerow([])
        yield writer.writerow(_row(sheet.headers))
        for row in sheet.rows:
            yield writer.writerow(_row(row))


def table_xlsx(sheets: Iterable[Sheet]) -> bytes:
    """The XLSX workbook, one sheet per table (titles cut to Excel's 31 characters)."""
    from openpyxl import Workbook  # noqa: PLC0415 - heavy: loaded when a workbook is used

    workbook = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(str(sheet.title)[:31])
        worksheet.append(_row(sheet.headers))
        for row in sheet.rows:
            worksheet.append(_row(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@overload
def tables_response(
    *, fmt: str, filename: str, sheets: Sequence[Sheet], stream: Literal[False] = False
) -> HttpResponse: ...


@overload
def tables_response(
    *, fmt: str, filename: str, sheets: Sequence[Sheet], stream: Literal[True]
) -> HttpResponseBase: ...


def tables_response(
    *, fmt: str, filename: str, sheets: Sequence[Sheet], stream: bool = False
) -> HttpResponseBase:
    """The tables as a `filename.csv` or `filename.xlsx` attachment; another format is a 404.

    With `stream`, a CSV is sent as it is written (for lists that may be long, read from
    an iterator); an XLSX is always built whole (the format is a zip).
    """
    response: HttpResponseBase
    if fmt == "csv":
        if stream:
            response = StreamingHttpResponse(table_csv(sheets), content_type=CSV_CONTENT_TYPE)
        else:
            response = HttpResponse("".join(table_csv(sheets)), content_type=CSV_CONTENT_TYPE)
    elif fmt == "xlsx":
        response = HttpResponse(table_xlsx(sheets), content_type=XLSX_CONTENT_TYPE)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def table_response(
    *, fmt: str, filename: str, headers: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """One table as an attachment, its XLSX sheet named after the file."""
    return tables_response(fmt=fmt, filename=filename, sheets=[Sheet(filename, headers, rows)])

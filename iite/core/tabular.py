"""Reading uploaded tables (CSV or XLSX) as a stream of rows, with errors by row and column.

Every import of the platform (activities and participation, Zoom and Teams attendance
reports) reads its file here, so they all accept the same files and speak of a bad file the
same way:

- CSV in UTF-8 (with or without Excel's byte-order mark), UTF-16 as Excel's "Unicode text"
  and Microsoft Teams write it, or, when the text is not UTF-8, Windows-1252 (Latin-1 for
  the five bytes it leaves undefined), as Excel writes "CSV" on a Western-European Windows;
- the delimiter of a CSV file is the commonest of ; , and tab on its first line, unless the
  caller knows it;
- XLSX through openpyxl's read-only mode: the first sheet, row by row;
- work is bounded: a file over `max_bytes`, or with more than `max_rows` rows, is refused;
- the file is read as a stream: memory does not grow with the number of rows.

A problem with a cell is a `TableError` (file, row, column, message); `TableErrors` counts
every error of a file and keeps the first MAX_ERRORS to show. A problem with the file as a
whole (not text, not a workbook, too large) raises `TableProblem`.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from typing import IO, Any

from django.utils.translation import gettext as _

MAX_ERRORS = 500
MAX_ROWS = 500_000
MAX_BYTES = 100 * 1024 * 1024
DELIMITERS = (";", ",", "\t")
_CHUNK = 1 << 16
# The five bytes Windows-1252 leaves undefined: a file holding one is read as Latin-1.
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


@dataclass(frozen=True)
class TableError:
    """One problem of an uploaded file, where the person who made it can find it."""

    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("%(file)s, row %(row)s, column “%(column)s”: %(message)s") % {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class TableErrors:
    """The errors of one file: every one is counted, the first `limit` are kept to show."""

    def __init__(self, file: str, limit: int = MAX_ERRORS):
        self.file = file
        self.limit = limit
        self.items: list[TableError] = []
        self.count = 0

    def add(self, row: int, column: str, message: str) -> None:
        self.count += 1
        if len(self.items) < self.limit:
            self.items.append(TableError(self.file, row, column, message))

    @property
    def full(self) -> bool:
        """As many errors as are shown: reading further only counts more."""
        return self.count >= self.limit

    def __bool__(self) -> bool:
        return self.count > 0


class TableProblem(Exception):
    """The file as a whole cannot be read (encoding, format, size); the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def normalise_header(value: Any) -> str:
    """A column name as people type it ("Start date*", "start-date") as code reads it."""
    text = str(value or "").strip().lower().replace("*", "").strip()
    return re.sub(r"[\s\-]+", "_", text)


def text_encoding(handle: IO[bytes]) -> str:
    """The encoding of a text file, read through once in chunks (memory stays flat).

    A byte-order mark decides; without one, UTF-16 is recognised by its zero bytes, then
    the whole file must decode as UTF-8, else it is Windows-1252 (or Latin-1). Zero bytes
    in a file that is not UTF-16 mean it is not text at all (an .xls or a PDF renamed).
    """
    handle.seek(0)
    head = handle.read(_CHUNK)
    handle.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:4096]
    if (
        len(sample) >= 4
        and b"\x00" not in sample[0::2]
        and sample[1::2].count(0) * 2 > len(sample[1::2])
    ):
        return "utf-16-le"
    if (
        len(sample) >= 4
        and b"\x00" not in sample[1::2]
        and sample[0::2].count(0) * 2 > len(sample[0::2])
    ):
        return "utf-16-be"
    utf8: Any = codecs.getincrementaldecoder("utf-8")()
    cp1252 = True
    try:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            if b"\x00" in chunk:
                raise TableProblem(_("The file's text encoding is not readable."))
            if cp1252 and any(byte in chunk for byte in _CP1252_UNDEFINED):
                cp1252 = False
            if utf8 is not None:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = None
        if utf8 is not None:
            try:
                utf8.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = None
    finally:
        handle.seek(0)
    if utf8 is not None:
        return "utf-8-sig"
    return "cp1252" if cp1252 else "latin-1"


def _size(handle: IO[bytes]) -> int:
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    handle.seek(0)
    return size


class TableFile:
    """An uploaded CSV or XLSX file, read as rows (lists of cells) as often as needed.

    The format is `fmt` ("csv" or "xlsx") or else told by the name's extension.

    CSV cells are text; XLSX cells keep their type (numbers, dates) and empty cells are "".
    The encoding is found once, on the first read.
    """

    def __init__(
        self,
        handle: IO[bytes],
        *,
        name: str,
        fmt: str | None = None,
        delimiter: str | None = None,
        max_rows: int = MAX_ROWS,
        max_bytes: int = MAX_BYTES,
    ):
        self.handle = handle
        self.name = name
        self.delimiter = delimiter
        self.max_rows = max_rows
        self.max_bytes = max_bytes
        self.is_xlsx = (fmt or name.lower().rsplit(".", 1)[-1]) == "xlsx"
        self._encoding: str | None = None

    @property
    def encoding(self) -> str:
        if self._encoding is None:
            self._encoding = text_encoding(self.handle)
        return self._encoding

    def rows(self) -> Iterator[list[Any]]:
        """Every row from the first, as a fresh pass over the file.

        Raises TableProblem (when the first row is asked for, or at the row past the
        limit) if the file cannot be read or is too large.
        """
        if _size(self.handle) > self.max_bytes:
            raise TableProblem(
                _("The file is larger than %(size)s MB; split it into smaller files.")
                % {"size": self.max_bytes // (1024 * 1024)}
            )
        rows = self._xlsx_rows() if self.is_xlsx else self._csv_rows()
        for count, row in enumerate(rows, start=1):
            if count > self.max_rows:
                raise TableProblem(
                    _("The file has more than %(limit)s rows; split it into smaller files.")
                    % {"limit": self.max_rows}
                )
            yield row

    def _csv_rows(self) -> Iterator[list[Any]]:
        encoding = self.encoding
        self.handle.seek(0)
        text = io.TextIOWrapper(self.handle, encoding=encoding, newline="")  # type: ignore[type-var]
        try:
            first = text.readline()
            delimiter = self.delimiter
            if delimiter is None:
                delimiter = max(DELIMITERS, key=first.count)
                if first.count(delimiter) == 0:
                    delimiter = ","
            yield from csv.reader(chain([first], text), delimiter=delimiter)
        except UnicodeDecodeError as exc:
            raise TableProblem(_("The file's text encoding is not readable.")) from exc
        except csv.Error as exc:
            raise TableProblem(str(exc)) from exc
        finally:
            # Leave the caller's file open. When a reading abandoned with an error is
            # collected with its file, the file may be closed first: nothing to detach.
            with contextlib.suppress(ValueError):
                text.detach()

    def _xlsx_rows(self) -> Iterator[list[Any]]:
        from openpyxl import load_workbook

        self.handle.seek(0)
        try:
            workbook = load_workbook(self.handle, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise TableProblem(_("The file is not a readable Excel workbook (.xlsx).")) from exc
        try:
            sheet = workbook.worksheets[0]
            for values in sheet.iter_rows(values_only=True):
                yield ["" if value is None else value for value in values]
        finally:
            workbook.close()

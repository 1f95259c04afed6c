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
  an XLSX whose members would expand past `max_bytes` (a "zip bomb": 584 KB that expands
  to 401 MB) is refused by the sizes its zip directory declares, before openpyxl reads it;
- the file is read as a stream: memory does not grow with the number of rows;
- text is checked where it is read: a cell holding a control character other than tab and
  line breaks (ESC, NUL, DEL, which break exports and hide text) stops the reading with
  its row and column;
- numbers are checked where they are read: a number cell that is not finite (inf, nan) or
  beyond MAX_NUMBER (1e30, 1e309) stops the reading with its row and column, and
  `cell_number` gives every column parser the same bounds and messages for text cells.

A problem with a cell is a `TableError` (file, row, column, message); `TableErrors` counts
every error of a file and keeps the first MAX_ERRORS to show. A problem with the file as a
whole (not text, not a workbook, too large) raises `TableProblem`.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import math
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import chain
from typing import IO, Any

from django.utils.translation import gettext as _

MAX_ERRORS = 500
MAX_ROWS = 500_000
# A Zoom report of 10,000 attendees is about 2 MB; 20 MB is far past any real table.
MAX_BYTES = 20 * 1024 * 1024
# No count, duration or amount a table of ours holds comes near this (an E.164 phone
# number typed as a number stays under it); past it a number is a mistake or an attack
# (1e30 overflows a database integer) and a float no longer holds whole numbers exactly.
MAX_NUMBER = 10**15
# A CSV cell written as a number with an exponent: "1e309" is text that no column can use.
_EXPONENT_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+")
DELIMITERS = (";", ",", "\t")
_CHUNK = 1 << 16
# The five bytes Windows-1252 leaves undefined: a file holding one is read as Latin-1.
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
# C0 controls but tab and line breaks, and DEL: what breaks an export (openpyxl's
# IllegalCharacterError) or hides text. C1 controls are kept: a file read as Latin-1 (the
# fallback above) holds them for the bytes its writer meant.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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


class CellValueError(ValueError):
    """A cell's value cannot be used; the message says why, for the person who wrote it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _number_text(number: Any) -> str:
    return f"{number:,}" if isinstance(number, int) else str(number)


def cell_number(
    value: Any,
    *,
    integer: bool = False,
    minimum: int | float = 0,
    maximum: int | float = MAX_NUMBER,
) -> int | float | None:
    """A cell as a finite number within [minimum, maximum]; None for an empty cell.

    Accepts numbers (XLSX) and text with a decimal point or comma. "inf", "nan", "1e309"
    and numbers out of bounds raise CellValueError with a message to show beside the row
    and column; with `integer`, so does a fraction.
    """
    if isinstance(value, bool):
        raise CellValueError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            number: Decimal | int | float = Decimal(text.replace(",", "."))
        except InvalidOperation as exc:
            raise CellValueError(_("“%(value)s” is not a number.") % {"value": text[:40]}) from exc
    elif isinstance(value, int | float | Decimal):
        number = value
    elif value is None:
        return None
    else:
        raise CellValueError(_("“%(value)s” is not a number.") % {"value": str(value)[:40]})
    shown = str(value).strip()[:40]
    finite = number.is_finite() if isinstance(number, Decimal) else math.isfinite(number)
    if not finite:
        raise CellValueError(_("“%(value)s” is not a finite number.") % {"value": shown})
    if not minimum <= number <= maximum:
        raise CellValueError(
            _("“%(value)s” is out of range: give a number from %(minimum)s to %(maximum)s.")
            % {
                "value": shown,
                "minimum": _number_text(minimum),
                "maximum": _number_text(maximum),
            }
        )
    if integer:
        if number != int(number):
            raise CellValueError(_("“%(value)s” is not a whole number.") % {"value": shown})
        return int(number)
    return float(number)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _bad_number(value: Any) -> bool:
    """A number (XLSX) or a number written with an exponent (CSV) past every bound."""
    if isinstance(value, str):
        if ("e" not in value and "E" not in value) or len(value) > 40:
            return False
        if not _EXPONENT_NUMBER.fullmatch(value.strip()):
            return False
        value = float(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return not math.isfinite(value) or abs(value) > MAX_NUMBER


def xlsx_expanded_size(handle: IO[bytes]) -> int:
    """What the workbook's zip members declare they expand to, read from its directory.

    Reading the directory costs nothing whatever the members hold. A member that expands
    past its declared size is stopped by zipfile itself (it checks as it inflates).
    """
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            return sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TableProblem(_("The file is not a readable Excel workbook (.xlsx).")) from exc
    finally:
        handle.seek(0)


def table_upload_check(upload: Any, max_bytes: int = MAX_BYTES) -> None:
    """Refuse an uploaded table by its size, before it is parsed (for a form's clean)."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise TableProblem(
            _("The file is larger than %(size)s MB; split it into smaller files.")
            % {"size": max_bytes // (1024 * 1024)}
        )


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
        check_numbers: bool = True,
    ):
        # A reader of a report with several sections (a Zoom meeting report: the meeting's
        # own header, then the participants') checks its number columns itself, where it
        # knows each column's name; the first-row header would name the wrong column.
        self.check_numbers = check_numbers
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
        if self.is_xlsx and xlsx_expanded_size(self.handle) > self.max_bytes:
            raise TableProblem(
                _(
                    "The workbook expands to more than %(size)s MB; "
                    "split it into smaller files or save it as CSV."
                )
                % {"size": self.max_bytes // (1024 * 1024)}
            )
        rows = self._xlsx_rows() if self.is_xlsx else self._csv_rows()
        header: list[Any] = []
        for count, row in enumerate(rows, start=1):
            if count > self.max_rows:
                raise TableProblem(
                    _("The file has more than %(limit)s rows; split it into smaller files.")
                    % {"limit": self.max_rows}
                )
            if count == 1:
                header = row
            if self.check_numbers:
                self._check_numbers(count, row, header)
            # One search over the row's text; the cell is looked for only when it fails.
            texts = row if not self.is_xlsx else [v for v in row if isinstance(v, str)]
            if CONTROL_CHARACTERS.search("".join(texts)):
                self._check_text(count, row, header if self.check_numbers else [])
            yield row

    def _cell_problem(
        self, number: int, index: int, header: list[Any], message: str
    ) -> TableProblem:
        """A problem of one cell that stops the reading, named by row and column (the
        header's name where the first row is the header, else the column's letter)."""
        name = header[index] if index < len(header) and header[index] != "" else None
        return TableProblem(
            str(TableError(self.name, number, str(name or _column_letter(index)), message))
        )

    def _check_text(self, number: int, row: list[Any], header: list[Any]) -> None:
        """A text cell holding a control character stops the reading."""
        for index, value in enumerate(row):
            if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
                raise self._cell_problem(
                    number,
                    index,
                    header,
                    _("The cell holds invisible control characters (such as ESC); remove them."),
                )

    def _check_numbers(self, number: int, row: list[Any], header: list[Any]) -> None:
        """A number that is not finite or is out of all bounds stops the reading."""
        for index, value in enumerate(row):
            if _bad_number(value):
                raise self._cell_problem(
                    number,
                    index,
                    header,
                    _("“%(value)s” is not a finite number within ±%(maximum)s.")
                    % {"value": value, "maximum": _number_text(MAX_NUMBER)},
                )

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
        from openpyxl import load_workbook  # noqa: PLC0415 - heavy: loaded when a workbook is used

        self.handle.seek(0)
        try:
            workbook = load_workbook(self.handle, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise TableProblem(_("The file is not a readable Excel workbook (.xlsx).")) from exc
        try:
            sheet = workbook.worksheets[0]
            values_by_row = sheet.iter_rows(values_only=True)
            while True:
                try:
                    values = next(values_by_row)
                except StopIteration:
                    break
                except Exception as exc:  # a damaged cell deep in the sheet ("inf" as a number)
                    raise TableProblem(
                        _("The file is not a readable Excel workbook (.xlsx).")
                    ) from exc
                yield ["" if value is None else value for value in values]
        finally:
            workbook.close()

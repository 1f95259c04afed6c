"""Disparity metrics of a bias audit's result table, and reading that table.

The table gives, for each group compared, how many cases were tested (`sample`) and how
many had the favourable outcome (`favourable`: a correct transcription, a pass, an answer
judged accurate). From it the page computes each group's rate, its ratio to the reference
group's rate and the difference between them, and flags a ratio under four fifths: the
"four-fifths rule" of the US Uniform Guidelines on Employee Selection Procedures (1978),
the commonest threshold of adverse impact in audit frameworks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from iite.core.tabular import (
    CellValueError,
    TableErrors,
    TableFile,
    TableProblem,
    cell_number,
    normalise_header,
)

FOUR_FIFTHS = 0.8
MAX_GROUPS = 50
# The columns of the table and the names people may give them.
COLUMNS = {
    "group": ("group", "groupe", "grupo", "группа"),
    "sample": ("sample", "n", "sample_size", "cases", "tested"),
    "favourable": ("favourable", "favorable", "successes", "positive", "passed", "correct"),
}


@dataclass(frozen=True)
class GroupDisparity:
    group: str
    sample: int
    favourable: int
    rate: float
    ratio: float | None  # to the reference group's rate; None when that rate is 0
    difference: float  # rate minus the reference group's rate
    is_reference: bool

    @property
    def rate_percent(self) -> str:
        return f"{self.rate * 100:.1f}"

    @property
    def difference_points(self) -> str:
        """The difference in percentage points, signed."""
        return f"{self.difference * 100:+.1f}"

    @property
    def below_four_fifths(self) -> bool:
        return self.ratio is not None and self.ratio < FOUR_FIFTHS


def disparities(results: list[dict[str, Any]], reference: str) -> list[GroupDisparity]:
    """Each group's rate, ratio and difference to the reference group, in the table's order."""
    rates = {row["group"]: row["favourable"] / row["sample"] for row in results if row["sample"]}
    base = rates.get(reference)
    if base is None:
        return []
    return [
        GroupDisparity(
            group=row["group"],
            sample=row["sample"],
            favourable=row["favourable"],
            rate=rates[row["group"]],
            ratio=(rates[row["group"]] / base) if base else None,
            difference=rates[row["group"]] - base,
            is_reference=row["group"] == reference,
        )
        for row in results
        if row["group"] in rates
    ]


def _columns(header: list[Any]) -> dict[str, int]:
    names = [normalise_header(cell) for cell in header]
    found: dict[str, int] = {}
    for key, aliases in COLUMNS.items():
        for index, name in enumerate(names):
            if name in aliases:
                found[key] = index
                break
    return found


def results_read(table: TableFile, reference: str) -> list[dict[str, Any]]:
    """The rows of an audit's result table; every problem raised at once with its row
    and column (TableProblem for the file, a list of TableError in `AuditTableInvalid`)."""
    errors = TableErrors(table.name)
    rows = table.rows()
    header = next(rows, [])
    if not any(str(cell).strip() for cell in header):
        raise TableProblem(_("The file is empty."))
    columns = _columns(header)
    missing = [key for key in COLUMNS if key not in columns]
    if missing:
        raise TableProblem(
            _("The table needs the columns %(columns)s; missing: %(missing)s.")
            % {"columns": ", ".join(COLUMNS), "missing": ", ".join(missing)}
        )
    results: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        cells = [*row, *[""] * (max(columns.values()) + 1 - len(row))]
        if not any(str(cell).strip() for cell in cells):
            continue
        group = str(cells[columns["group"]]).strip()[:100]
        if not group:
            errors.add(number, "group", _("Name the group."))
            continue
        if group in seen:
            errors.add(number, "group", _("This group is already in the table."))
            continue
        seen.add(group)
        values: dict[str, int] = {}
        for key in ("sample", "favourable"):
            try:
                value = cell_number(cells[columns[key]], integer=True, minimum=0)
            except CellValueError as exc:
                errors.add(number, key, exc.message)
                continue
            if value is None:
                errors.add(number, key, _("Give a number."))
                continue
            values[key] = int(value)
        if len(values) < 2:
            continue
        if values["sample"] == 0:
            errors.add(number, "sample", _("A group needs at least one case."))
            continue
        if values["favourable"] > values["sample"]:
            errors.add(number, "favourable", _("More favourable outcomes than cases."))
            continue
        results.append({"group": group, **values})
        if len(results) > MAX_GROUPS:
            raise TableProblem(
                _("The table has more than %(limit)s groups.") % {"limit": MAX_GROUPS}
            )
    if errors:
        raise AuditTableInvalid(errors)
    if len(results) < 2:
        raise TableProblem(_("The table needs at least two groups to compare."))
    if reference not in seen:
        raise TableProblem(
            _("The reference group “%(group)s” is not in the table.") % {"group": reference}
        )
    return results


class AuditTableInvalid(Exception):
    def __init__(self, errors: TableErrors):
        super().__init__(str(errors))
        self.errors = errors

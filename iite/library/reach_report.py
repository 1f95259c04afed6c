"""The monthly reach report staff download: COUNTER Release 5's Item Report, simplified.

The first table is COUNTER's report header (name, period, metric types, exclusions);
the second has one row per publication, file language, country and metric type with
the reporting period's total and one column per month, as COUNTER's "IR" has. Staff
open it in a spreadsheet or load it where they keep their other COUNTER reports.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from iite.core.exports import Sheet

from .models import Publication, PublicationFile, PublicationReach

PLATFORM = "UNESCO IITE Platform"
# (column of PublicationReach, COUNTER's Metric_Type)
METRICS = (
    ("total_investigations", "Total_Item_Investigations"),
    ("unique_investigations", "Unique_Item_Investigations"),
    ("total_requests", "Total_Item_Requests"),
    ("unique_requests", "Unique_Item_Requests"),
)
ITEM_HEADERS = (
    "Item",
    "Publisher",
    "Platform",
    "Publication_Date",
    "DOI",
    "ISBN",
    "URI",
    "Language",
    "Country",
    "Data_Type",
    "YOP",
    "Access_Type",
    "Metric_Type",
    "Reporting_Period_Total",
)


def _month_label(month: int, year: int) -> str:
    return datetime.date(year, month, 1).strftime("%b-%Y")


def report_header(year: int, *, base_url: str) -> Sheet:
    """COUNTER's header block: what the report is, its period and what it leaves out."""
    rows: list[Sequence[Any]] = [
        ("Report_ID", "IR"),
        ("Release", "5"),
        ("Institution_Name", PLATFORM),
        ("Metric_Types", "; ".join(name for _column, name in METRICS)),
        ("Report_Filters", "Access_Type=Open"),
        ("Exclusions", _("Robots; double-clicks within 30 seconds; the library's staff")),
        ("Reporting_Period", f"Begin_Date={year}-01-01; End_Date={year}-12-31"),
        ("Created", timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")),
        ("Created_By", base_url),
    ]
    return Sheet(_("Report"), ("Report_Name", "Item Report"), rows)


def report_items(year: int, *, base_url: str, publication: Publication | None = None) -> Sheet:
    """The item table of `year` (of one publication, or of all), streamed in order."""
    return Sheet(
        _("Items"),
        (*ITEM_HEADERS, *(_month_label(m, year) for m in range(1, 13))),
        _item_rows(year, base_url=base_url, publication=publication),
    )


def _item_rows(
    year: int, *, base_url: str, publication: Publication | None
) -> Iterator[Sequence[Any]]:
    rows = PublicationReach.objects.filter(month__year=year).order_by(
        "publication_id", "language", "country", "month"
    )
    if publication is not None:
        rows = rows.filter(publication=publication)
    values = rows.values_list(
        "publication_id", "language", "country", "month", *(c for c, _n in METRICS)
    )
    for publication_id, group in itertools.groupby(
        values.iterator(chunk_size=2000), key=lambda row: row[0]
    ):
        item = Publication.objects.filter(pk=publication_id).first()
        if item is None:
            continue
        isbns = dict(
            PublicationFile.objects.filter(publication_id=publication_id).values_list(
                "language", "isbn"
            )
        )
        for (language, country), cells in itertools.groupby(
            group, key=lambda row: (row[1], row[2])
        ):
            months = list(cells)
            for index, (_column, metric) in enumerate(METRICS):
                per_month = [0] * 12
                for row in months:
                    per_month[row[3].month - 1] += int(row[4 + index])
                if not any(per_month):
                    continue
                yield (
                    str(item.title),
                    item.publisher,
                    PLATFORM,
                    item.date_published.isoformat() if item.date_published else "",
                    item.doi,
                    isbns.get(language, "") if language else "",
                    base_url + item.get_absolute_url(),
                    language or "",
                    country,
                    item.get_kind_display(),
                    item.date_published.year if item.date_published else "",
                    "Open",
                    metric,
                    sum(per_month),
                    *per_month,
                )

"""The annual report to the Governing Board as a PDF, in any of the six languages.

The report opens with its contents and an executive summary: every sub-measure's figure
against its target, and three highlights and three concerns chosen by a fixed rule
(`report_findings`) so that the Board reads the same selection whoever prints it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iite.core.formats import number_text
from iite.partners.selectors import funding_summary
from iite.strategy.models import StrategicObjective
from iite.strategy.selectors import current_period_items

from . import charts, selectors
from . import indicators as ind
from .models import ReviewKind, Risk, Workplan, WorkplanReview

UNIT_TITLES = {
    "people": gettext_lazy("People"),
    "activities": gettext_lazy("Activities"),
    "countries": gettext_lazy("Countries"),
    "partners": gettext_lazy("Partners"),
}
RISK_LEVELS = {
    "critical": gettext_lazy("critical"),
    "high": gettext_lazy("high"),
}
FINDINGS = 3


def year_share(year: int, as_of: datetime.date) -> float:
    """The share of `year` elapsed on `as_of`: 0 before it begins, 1 once it has ended."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if as_of < start:
        return 0.0
    if as_of >= end:
        return 1.0
    return ((as_of - start).days + 1) / ((end - start).days + 1)


@dataclass
class SummaryRow:
    """One sub-measure of the executive summary: its figure against the year's target."""

    number: int
    row: selectors.MeasureRow
    pro_rata: int | None  # the target scaled to the share of the year elapsed

    @property
    def figure(self) -> Decimal:
        return self.row.total

    @property
    def ratio(self) -> float | None:
        if not self.pro_rata:
            return None
        return float(self.figure) / self.pro_rata

    @property
    def on_track(self) -> bool | None:
        return None if self.ratio is None else self.ratio >= 1


def summary_rows(blocks: list[selectors.IndicatorBlock], share: float) -> list[SummaryRow]:
    return [
        SummaryRow(
            block.number,
            row,
            round(row.target * share) if row.target and share else None,
        )
        for block in blocks
        for row in block.measures
    ]


def _measure_text(item: SummaryRow) -> str:
    return _("%(label)s: %(figure)s against a pro-rata target of %(pro_rata)s (%(percent)s%%).") % {
        "label": item.row.label,
        "figure": number_text(item.figure),
        "pro_rata": number_text(item.pro_rata),
        "percent": round(100 * (item.ratio or 0)),
    }


def _risk_text(risk: Risk) -> str:
    return _(
        "Risk “%(title)s”, rated %(level)s: likelihood %(likelihood)s × impact %(impact)s."
    ) % {
        "title": risk.title,
        "level": RISK_LEVELS[risk.level],
        "likelihood": risk.likelihood,
        "impact": risk.impact,
    }


def _review_text(review: WorkplanReview, text: object) -> str:
    plain = Truncator(" ".join(strip_tags(str(text)).split())).words(40)
    return f"{review.get_kind_display()}: {plain}"


def report_findings(
    rows: list[SummaryRow], risks: list[Risk], reviews: list[WorkplanReview]
) -> tuple[list[str], list[str]]:
    """Three highlights and three concerns, by a fixed rule.

    Highlights: the sub-measures furthest above their pro-rata target (figure over target
    times the share of the year elapsed at the data cut-off), highest first; if fewer than
    three are at or above it, the key achievements of the year's reviews (annual, then
    half-year) complete the list.

    Concerns: the sub-measures furthest below their pro-rata target, lowest first,
    alternating with the open risks rated high or critical (likelihood × impact of 10 or
    more), highest score first; the reviews' challenges complete the list.
    """
    rated = [item for item in rows if item.ratio is not None]
    above = sorted(
        (item for item in rated if item.on_track), key=lambda i: (-(i.ratio or 0), i.row.code)
    )
    below = sorted(
        (item for item in rated if not item.on_track), key=lambda i: (i.ratio or 0, i.row.code)
    )
    serious = sorted(
        (risk for risk in risks if risk.status == "open" and risk.score >= 10),
        key=lambda r: (-r.score, r.code),
    )
    reviews = sorted(reviews, key=lambda r: r.kind != ReviewKind.ANNUAL)
    highlights = [_measure_text(item) for item in above[:FINDINGS]]
    highlights += [
        _review_text(review, review.achievements)
        for review in reviews
        if strip_tags(str(review.achievements)).strip()
    ][: FINDINGS - len(highlights)]
    concerns: list[str] = []
    measures_left, risks_left = list(below), list(serious)
    while len(concerns) < FINDINGS and (measures_left or risks_left):
        if measures_left:
            concerns.append(_measure_text(measures_left.pop(0)))
        if risks_left and len(concerns) < FINDINGS:
            concerns.append(_risk_text(risks_left.pop(0)))
    concerns += [
        _review_text(review, review.challenges)
        for review in reviews
        if strip_tags(str(review.challenges)).strip()
    ][: FINDINGS - len(concerns)]
    return highlights, concerns


def annual_report_html(
    *,
    year: int,
    language: str,
    as_of: datetime.datetime | None = None,
    with_resources: bool = True,
) -> str:
    """The report's HTML; `as_of` is the data cut-off (now, when the records are read).

    With `with_resources`, a Resources section gives the year's needs, funds and gap or
    surplus exactly as `partners.selectors.funding_summary` reads them (the one reading of
    the resources page, its CSV and the API); it is left out for readers who may not see
    the funding figures.
    """

    as_of = as_of or timezone.now()
    cut_off = timezone.localtime(as_of).date() if timezone.is_aware(as_of) else as_of.date()
    with translation.override(language):
        scope = ind.Scope(year=year)
        blocks = selectors.indicator_report(scope, with_dims=True, computation=ind.compute(scope))
        shown = f"{year}-H2"
        for block in blocks:
            for row in block.measures:
                points = [(half, value) for half, value in row.trend if half <= shown]
                row.chart = charts.trend_svg(  # type: ignore[attr-defined]
                    "r-" + row.code.replace(".", "-"),
                    row.label,
                    points,
                    row.target,
                    width=640,
                    value_labels=True,
                    x_title=_("Half-year"),
                    y_title=str(UNIT_TITLES[row.measure.unit]),
                )
                # The report keeps the tables short: the five largest groups per dimension.
                for table in row.dims:
                    table.rows = table.rows[:5]
        workplan = Workplan.objects.filter(year=year).first()
        items = []
        reviews = []
        written: list[WorkplanReview] = []
        if workplan is not None:
            detailed = selectors.workplan_detail(year)
            progress = selectors.workplan_items_progress(detailed, today=cut_off)
            items = [(item, progress.get(item.pk)) for item in detailed.items.all()]
            written = list(detailed.reviews.all())
            by_kind = {review.kind: review for review in written}
            reviews = [(label, by_kind.get(kind)) for kind, label in ReviewKind.choices]
        risk_list = list(selectors.risks())
        rows = summary_rows(blocks, year_share(year, cut_off))
        highlights, concerns = report_findings(rows, risk_list, written)
        return render_to_string(
            "monitoring/report.html",
            {
                "year": year,
                "language": language,
                "bidi": translation.get_language_bidi(),
                "report_date": cut_off,
                "cut_off": as_of,
                "period_start": datetime.date(year, 1, 1),
                "period_end": datetime.date(year, 12, 31),
                "summary": rows,
                "highlights": highlights,
                "concerns": concerns,
                "objectives": current_period_items(StrategicObjective),
                "blocks": blocks,
                "workplan": workplan,
                "items": items,
                "reviews": reviews,
                "risks": risk_list,
                "heat_map": charts.heat_map_svg(selectors.risk_heat_map(risk_list)),
                "note": ind.targets_note(),
                "funding": funding_summary(year=year) if with_resources else None,
            },
        )


def annual_report_pdf(
    *,
    year: int,
    language: str,
    as_of: datetime.datetime | None = None,
    with_resources: bool = True,
) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 - heavy: loaded when a PDF is made

    html = annual_report_html(
        year=year, language=language, as_of=as_of, with_resources=with_resources
    )
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]

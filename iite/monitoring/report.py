"""The annual report to the Governing Board as a PDF, in any of the six languages."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from . import charts, selectors
from . import indicators as ind
from .models import ReviewKind, Workplan


def annual_report_html(*, year: int, language: str) -> str:
    from iite.strategy.models import StrategicObjective

    with translation.override(language):
        blocks = selectors.indicator_report(ind.Scope(year=year), with_dims=True)
        for block in blocks:
            for row in block.measures:
                row.chart = charts.trend_svg(  # type: ignore[attr-defined]
                    "r-" + row.code.replace(".", "-"), row.label, row.trend, row.target
                )
                # The report keeps the tables short: the five largest groups per dimension.
                for table in row.dims:
                    table.rows = table.rows[:5]
        workplan = Workplan.objects.filter(year=year).first()
        items = []
        reviews = []
        if workplan is not None:
            detailed = selectors.workplan_detail(year)
            items = list(detailed.items.all())
            by_kind = {review.kind: review for review in detailed.reviews.all()}
            reviews = [(label, by_kind.get(kind)) for kind, label in ReviewKind.choices]
        risk_list = list(selectors.risks())
        return render_to_string(
            "monitoring/report.html",
            {
                "year": year,
                "language": language,
                "bidi": translation.get_language_bidi(),
                "objectives": StrategicObjective.objects.filter(period__is_current=True),
                "blocks": blocks,
                "workplan": workplan,
                "items": items,
                "reviews": reviews,
                "risks": risk_list,
                "heat_map": charts.heat_map_svg(selectors.risk_heat_map(risk_list)),
                "note": ind.targets_note(),
            },
        )


def annual_report_pdf(*, year: int, language: str) -> bytes:
    from weasyprint import HTML

    html = annual_report_html(year=year, language=language)
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]

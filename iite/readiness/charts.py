"""The report's chart: each area's mean per respondent group, as accessible SVG bars."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from iite.core.charts import axis_labels, bar, chart_svg, label, legend, rule

from .selectors import Report

COLOURS = ("#0b5394", "#e69138", "#6aa84f", "#8e7cc3", "#cc0000")
LEFT, BAR, GAP, WIDTH = 190, 12, 10, 620


def area_chart(report: Report, groups: list[tuple[str, str]]) -> SafeString:
    """Horizontal bars from 1 to 5; a hidden (too small) group draws no bar."""
    shown = [(key, name) for key, name in groups if key in report.shown_groups]
    row_height = max(1, len(shown)) * BAR + GAP
    height = 30 + row_height * len(report.areas) + 20
    scale = (WIDTH - LEFT - 20) / 4  # from 1 to 5
    body = [rule(LEFT, LEFT, 20, height - 20)]
    body.append(
        axis_labels([(LEFT + (value - 1) * scale, 14, value) for value in range(1, 6)], size=10)
    )
    for index, row in enumerate(report.areas):
        top = 24 + index * row_height
        body.append(
            label(
                LEFT - 6,
                top + row_height / 2,
                row.area.code + " " + str(row.area.title)[:28],
                size=10,
                anchor="end",
            )
        )
        for position, (key, name) in enumerate(shown):
            figure = row.by_group[key]
            if figure.mean is None:
                continue
            body.append(
                bar(
                    x=LEFT,
                    y=top + position * BAR,
                    width=round((figure.mean - 1) * scale + 2, 1),
                    height=BAR - 2,
                    fill=COLOURS[position % len(COLOURS)],
                    tooltip=f"{row.area.title} · {name}: {figure.mean:.1f}",
                )
            )
    chart = chart_svg(
        chart_id=f"readiness-{report.campaign.pk}",
        title=_("Mean score per area and group (1 to 5)"),
        description=_("The same figures are in the table below the chart."),
        width=WIDTH,
        height=height,
        body=body,
    )
    return chart + legend([(f"g{i}", name) for i, (_key, name) in enumerate(shown)])

"""The resources page's stacked bar charts, in the frame of iite.core.charts."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.safestring import SafeString

from iite.core.charts import bar, chart_svg, label
from iite.core.formats import number_text

COLOURS = {"secured": "#1b6b3a", "pledged": "#c28a00", "gap": "#a3261b", "value": "#0b5cad"}


def stacked_bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    rows: Sequence[tuple[str, Sequence[tuple[str, str, Decimal]]]],
) -> SafeString:
    """Horizontal bars, one per row, each made of (series key, label, value) segments."""
    width, label_width, bar_height, gap = 640, 220, 22, 12
    plot = width - label_width - 90
    largest = max(
        (sum((value for _key, _label, value in segments), Decimal(0)) for _l, segments in rows),
        default=Decimal(0),
    )
    scale = float(plot) / float(largest) if largest > 0 else 0.0
    height = max(len(rows), 1) * (bar_height + gap) + gap
    body: list[str] = []
    for index, (name, segments) in enumerate(rows):
        y = gap + index * (bar_height + gap)
        body.append(
            label(
                label_width - 8,
                y + bar_height * 0.7,
                _short(name),
                anchor="end",
                css_class="chart-label",
            )
        )
        x = float(label_width)
        total = Decimal(0)
        for key, segment_label, value in segments:
            length = float(value) * scale
            total += value
            if length > 0:
                body.append(
                    bar(
                        x=f"{x:.1f}",
                        y=y,
                        width=f"{length:.1f}",
                        height=bar_height,
                        fill=COLOURS.get(key, COLOURS["value"]),
                        tooltip=f"{segment_label}: {number_text(value, 0)} USD",
                    )
                )
            x += length
        body.append(
            label(
                f"{x + 6:.1f}", y + bar_height * 0.7, number_text(total, 0), css_class="chart-value"
            )
        )
    return chart_svg(
        chart_id=chart_id,
        title=title,
        description=description,
        width=width,
        height=height,
        body=body,
    )


def _short(name: str, limit: int = 30) -> str:
    """Long names are cut in the chart; the table beside it has them in full."""
    name = str(name)
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"

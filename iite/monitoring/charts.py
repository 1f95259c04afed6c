"""Server-rendered SVG charts; each has a title, a description and a data table beside it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

_LEVEL_FILL = {"low": "#cfe8cf", "medium": "#fbe3a6", "high": "#f6b77a", "critical": "#e5776f"}


def trend_svg(
    chart_id: str, title: str, points: list[tuple[str, int]], target: int | None = None
) -> SafeString:
    """Columns for each half-year; a dashed line at the yearly target halved, if known."""
    width, height, pad, base = 320, 130, 6, 110
    peak = max([value for _label, value in points] + [1])
    if target:
        peak = max(peak, target // 2 or 1)
    step = (width - 2 * pad) / max(len(points), 1)
    bars = []
    for index, (label, value) in enumerate(points):
        bar_height = round((base - 10) * value / peak)
        x = round(pad + index * step + 2)
        bars.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="#0b5fa5">'
                "<title>{}: {}</title></rect>"
                '<text x="{}" y="{}" font-size="8" text-anchor="middle">{}</text>',
                x,
                base - bar_height,
                round(step - 4),
                bar_height,
                label,
                value,
                round(x + (step - 4) / 2),
                base + 12,
                label.replace("20", "", 1),
            )
        )
    line = ""
    if target:
        y = base - round((base - 10) * (target / 2) / peak)
        line = format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#a33" stroke-dasharray="4 3"/>',
            pad,
            width - pad,
            y,
            y,
        )
    description = _("Values by half-year: %(values)s.") % {
        "values": ", ".join(f"{label} {value}" for label, value in points)
    }
    if target:
        description += " " + _("The dashed line is half of this year's target (%(target)s).") % {
            "target": target
        }
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-t {}-d" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{}-t">{}</title><desc id="{}-d">{}</desc>'
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#555"/>{}{}</svg>',
        width,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        pad,
        width - pad,
        base,
        base,
        mark_safe("".join(bars)),
        line,
    )


def heat_map_svg(grid: Sequence[Sequence[Any]]) -> SafeString:
    """5×5 grid: impact rows (5 at the top), likelihood columns; numbers are open risks."""
    cell, pad = 44, 40
    cells = []
    counts = []
    for row_index, row in enumerate(grid):
        for col_index, heat in enumerate(row):
            count = len(heat.risks)  # type: ignore[attr-defined]
            counts.append(count)
            x, y = pad + col_index * cell, 8 + row_index * cell
            codes = ", ".join(r.code for r in heat.risks)  # type: ignore[attr-defined]
            cells.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#fff">'
                    "<title>{}</title></rect>"
                    '<text x="{}" y="{}" font-size="14" text-anchor="middle">{}</text>',
                    x,
                    y,
                    cell,
                    cell,
                    _LEVEL_FILL[heat.level],  # type: ignore[attr-defined]
                    codes or "0",
                    x + cell // 2,
                    y + cell // 2 + 5,
                    count or "",
                )
            )
    axes = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>',
        [(pad + i * cell + cell // 2, 8 + 5 * cell + 14, i + 1) for i in range(5)]
        + [(pad - 12, 8 + i * cell + cell // 2 + 4, 5 - i) for i in range(5)],
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="heat-t heat-d" '
        'xmlns="http://www.w3.org/2000/svg"><title id="heat-t">{}</title>'
        '<desc id="heat-d">{}</desc>'
        '{}{}<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text></svg>',
        pad + 5 * cell + 4,
        8 + 5 * cell + 40,
        _("Risk heat map"),
        _(
            "Open risks by likelihood (columns, 1 to 5) and impact (rows, 5 at the top); "
            "the table beside lists each risk."
        ),
        mark_safe("".join(cells)),
        axes,
        pad + 5 * cell // 2,
        8 + 5 * cell + 32,
        _("Likelihood"),
    )

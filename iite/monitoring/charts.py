"""The results' SVG charts (trend by half-year, risk heat map), in the frame of iite.core.charts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from iite.core.charts import axis_labels, axis_title, bar, chart_svg, label, rule
from iite.core.formats import number_text

_LEVEL_FILL = {"low": "#cfe8cf", "medium": "#fbe3a6", "high": "#f6b77a", "critical": "#e5776f"}


def trend_svg(
    chart_id: str,
    title: str,
    points: list[tuple[str, int]],
    target: int | None = None,
    *,
    width: int = 320,
    value_labels: bool = False,
    x_title: str = "",
    y_title: str = "",
) -> SafeString:
    """Columns for each half-year; a dashed line at the yearly target halved, if known.

    The report draws it wider, with each column's value above it and the axes named.
    """
    # The vertical axis is named above it, level: rotated Arabic text loses its shaping.
    left = pad = 6
    top = (16 if value_labels else 10) + (14 if y_title else 0)
    base = 110 + (14 if y_title else 0)
    height = base + (34 if x_title else 20)
    peak = max([value for _label, value in points] + [1])
    if target:
        peak = max(peak, target // 2 or 1)
    step = (width - left - pad) / max(len(points), 1)
    body = [rule(left, width - pad, base, base)]
    for index, (name, value) in enumerate(points):
        bar_height = round((base - top) * value / peak)
        x = round(left + index * step + 2)
        body.append(
            bar(
                x=x,
                y=base - bar_height,
                width=round(step - 4),
                height=bar_height,
                fill="#0b5fa5",
                tooltip=f"{name}: {number_text(value)}",
            )
        )
        body.append(
            label(
                round(x + (step - 4) / 2),
                base + 12,
                name.replace("20", "", 1),
                size=8,
                anchor="middle",
            )
        )
        if value_labels:
            body.append(
                label(
                    round(x + (step - 4) / 2),
                    base - bar_height - 3,
                    number_text(value),
                    size=8,
                    anchor="middle",
                    css_class="value",
                )
            )
    if target:
        y = base - round((base - top) * (target / 2) / peak)
        body.append(rule(left, width - pad, y, y, stroke="#a33", dashed=True))
    if x_title:
        body.append(axis_title(round((left + width - pad) / 2), base + 28, x_title, size=9))
    if y_title:
        body.append(label(left, 10, y_title, size=9, css_class="axis-title"))
    description = _("Values by half-year: %(values)s.") % {
        "values": ", ".join(f"{name} {number_text(value)}" for name, value in points)
    }
    if target:
        description += " " + _("The dashed line is half of this year's target (%(target)s).") % {
            "target": number_text(target)
        }
    return chart_svg(
        chart_id=chart_id,
        title=title,
        description=description,
        width=width,
        height=height,
        body=body,
    )


def heat_map_svg(grid: Sequence[Sequence[Any]]) -> SafeString:
    """5×5 grid: impact rows (5 at the top), likelihood columns; numbers are open risks."""
    cell, pad = 44, 40
    body = []
    for row_index, row in enumerate(grid):
        for col_index, heat in enumerate(row):
            count = len(heat.risks)
            x, y = pad + col_index * cell, 8 + row_index * cell
            codes = ", ".join(r.code for r in heat.risks)
            body.append(
                bar(
                    x=x,
                    y=y,
                    width=cell,
                    height=cell,
                    fill=_LEVEL_FILL[heat.level],
                    stroke="#fff",
                    tooltip=codes or "0",
                )
            )
            body.append(
                label(x + cell // 2, y + cell // 2 + 5, count or "", size=14, anchor="middle")
            )
    body.append(
        axis_labels(
            [(pad + i * cell + cell // 2, 8 + 5 * cell + 14, i + 1) for i in range(5)]
            + [(pad - 12, 8 + i * cell + cell // 2 + 4, 5 - i) for i in range(5)],
            size=10,
        )
    )
    body.append(
        label(pad + 5 * cell // 2, 8 + 5 * cell + 32, _("Likelihood"), size=10, anchor="middle")
    )
    return chart_svg(
        chart_id="heat",
        title=_("Risk heat map"),
        description=_(
            "Open risks by likelihood (columns, 1 to 5) and impact (rows, 5 at the top); "
            "the table beside lists each risk."
        ),
        width=pad + 5 * cell + 4,
        height=8 + 5 * cell + 40,
        body=body,
    )

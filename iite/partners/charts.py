"""Server-rendered SVG bar charts; each page puts the same figures in a table beside them."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

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
    parts: list[str] = []
    for index, (label, segments) in enumerate(rows):
        y = gap + index * (bar_height + gap)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>',
                label_width - 8,
                y + bar_height * 0.7,
                _short(label),
            )
        )
        x = float(label_width)
        total = Decimal(0)
        for key, segment_label, value in segments:
            bar = float(value) * scale
            total += value
            if bar > 0:
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                        "<title>{}: {} USD</title></rect>",
                        f"{x:.1f}",
                        y,
                        f"{bar:.1f}",
                        bar_height,
                        COLOURS.get(key, COLOURS["value"]),
                        segment_label,
                        f"{value:,.0f}",
                    )
                )
            x += bar
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                f"{x + 6:.1f}",
                y + bar_height * 0.7,
                f"{total:,.0f}",
            )
        )
    body = mark_safe("".join(parts))
    return format_html(
        '<svg id="{id}" role="img" direction="ltr" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        id=chart_id,
        w=width,
        h=height,
        title=title,
        desc=description,
        body=body,
    )


def _short(label: str, limit: int = 30) -> str:
    """Long names are cut in the chart; the table beside it has them in full."""
    label = str(label)
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def legend(items: Sequence[tuple[str, str]]) -> SafeString:
    return format_html(
        '<ul class="chart-legend">{}</ul>',
        format_html_join(
            "",
            '<li><span class="swatch swatch-{}" aria-hidden="true"></span>{}</li>',
            ((key, label) for key, label in items),
        ),
    )

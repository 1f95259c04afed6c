"""The one frame of every server-rendered SVG chart, and the shapes charts are drawn with.

Every chart is an image with a name and a description a screen reader announces
(`role="img"`, `aria-labelledby` pointing at its `<title>` and `<desc>`), scales to its
container from its `viewBox`, and is laid out left to right whatever the page's direction
(the geometry is computed that way; Arabic pages mirror the page, not the axes). The page
puts the same figures in a table beside it.

Charts are built in Python with format_html rather than a template: the public results
page draws sixteen of them per request, and the benchmarks found the charts a large share
of that page's time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

SVG_NS = "http://www.w3.org/2000/svg"


def chart_svg(
    *,
    chart_id: str,
    title: Any,
    description: Any,
    width: int,
    height: int,
    body: Iterable[str],
) -> SafeString:
    """The accessible SVG frame around a chart's shapes (already escaped SafeStrings).

    Its title and description have the ids `<chart_id>-title` and `<chart_id>-desc`.
    """
    return format_html(
        '<svg class="chart" id="{id}" role="img" direction="ltr" '
        'aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {w} {h}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" xmlns="{ns}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        id=chart_id,
        w=width,
        h=height,
        ns=SVG_NS,
        title=title,
        desc=description,
        body=mark_safe("".join(body)),
    )


def bar(
    *,
    x: Any,
    y: Any,
    width: Any,
    height: Any,
    fill: str,
    tooltip: Any,
    stroke: str | None = None,
) -> SafeString:
    """A rectangle whose `<title>` tells its value when pointed at."""
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"{}><title>{}</title></rect>',
        x,
        y,
        width,
        height,
        fill,
        format_html(' stroke="{}"', stroke) if stroke else "",
        tooltip,
    )


def label(
    x: Any,
    y: Any,
    text: Any,
    *,
    size: int | None = None,
    anchor: str | None = None,
    css_class: str | None = None,
) -> SafeString:
    """A text at (x, y): an axis tick, a bar's name or its value."""
    attributes = (
        (format_html(' font-size="{}"', size) if size else "")
        + (format_html(' text-anchor="{}"', anchor) if anchor else "")
        + (format_html(' class="{}"', css_class) if css_class else "")
    )
    return format_html(
        '<text x="{}" y="{}"{}>{}</text>',
        x,
        y,
        mark_safe(attributes),
        # Plain text: a fallback's <span lang> would hide the label inside SVG <text>.
        str(text),
    )


def axis_labels(
    positions: Iterable[tuple[Any, Any, Any]], *, size: int, anchor: str = "middle"
) -> SafeString:
    """The tick labels of an axis: one text per (x, y, label)."""
    return format_html_join(
        "",
        '<text x="{}" y="{}" font-size="{}" text-anchor="{}">{}</text>',
        ((x, y, size, anchor, text) for x, y, text in positions),
    )


def axis_title(x: Any, y: Any, text: Any, *, size: int = 10, vertical: bool = False) -> SafeString:
    """The name of an axis, centred on (x, y); a vertical axis's name reads bottom to top."""
    rotate = format_html(' transform="rotate(-90 {} {})"', x, y) if vertical else ""
    return format_html(
        '<text x="{}" y="{}" font-size="{}" text-anchor="middle" class="axis-title"{}>{}</text>',
        x,
        y,
        size,
        rotate,
        text,
    )


def rule(
    x1: Any, x2: Any, y1: Any, y2: Any, *, stroke: str = "#555", dashed: bool = False
) -> SafeString:
    """A straight line: an axis, or a dashed line marking a target."""
    return format_html(
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"{}/>',
        x1,
        x2,
        y1,
        y2,
        stroke,
        mark_safe(' stroke-dasharray="4 3"') if dashed else "",
    )


def legend(items: Sequence[tuple[str, str]]) -> SafeString:
    """The key of a chart's colours: (series key, label) pairs, styled by `.swatch-<key>`."""
    return format_html(
        '<ul class="chart-legend">{}</ul>',
        format_html_join(
            "",
            '<li><span class="swatch swatch-{}" aria-hidden="true"></span>{}</li>',
            ((key, text) for key, text in items),
        ),
    )

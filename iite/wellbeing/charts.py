"""The usage page's charts, in the frame of iite.core.charts; the page puts the same
figures in a table beside each chart."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from iite.core.charts import bar, chart_svg, label

FILL = "#1b6e3a"


def counts_chart(*, chart_id: str, title: Any, rows: Sequence[tuple[Any, int]]) -> SafeString:
    """One horizontal bar per (label, count), scaled to the largest count."""
    width, label_width, bar_height, gap = 640, 220, 18, 8
    plot = width - label_width - 60
    height = max(len(rows), 1) * (bar_height + gap) + gap
    largest = max((count for _name, count in rows), default=0) or 1
    body: list[str] = []
    for index, (name, count) in enumerate(rows):
        y = gap + index * (bar_height + gap)
        text = str(name)
        short = text if len(text) <= 32 else text[:31].rstrip() + "…"
        body.append(label(label_width - 8, y + bar_height * 0.75, short, size=11, anchor="end"))
        length = plot * count / largest
        body.append(
            bar(
                x=label_width,
                y=y,
                width=f"{max(length, 1):.1f}",
                height=bar_height,
                fill=FILL,
                tooltip=f"{text}: {count}",
            )
        )
        body.append(label(f"{label_width + length + 6:.1f}", y + bar_height * 0.75, count, size=11))
    if not rows:
        body.append(label(label_width, gap + bar_height * 0.75, _("Nothing counted yet."), size=11))
    return chart_svg(
        chart_id=chart_id,
        title=title,
        description=_("One bar per row of the table below, which gives the same counts."),
        width=width,
        height=height,
        body=body,
    )

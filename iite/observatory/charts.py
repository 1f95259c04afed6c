"""The observatory's charts, in the frame of iite.core.charts: the ten principles at a
glance and a bias audit's rates by group. The page puts the same figures in a table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from iite.core.charts import bar, chart_svg, label, rule

from .disparity import GroupDisparity
from .models import RATING_MAX

COLOURS = ("#a3261b", "#c25a00", "#8a6d00", "#3d7a2a", "#1b6b3a")
FLAGGED = "#a3261b"
GROUP = "#0b5cad"


def _short(name: Any, limit: int = 34) -> str:
    text = str(name)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def principles_chart(
    *, chart_id: str, title: Any, rows: Sequence[tuple[Any, int | None, Any]]
) -> SafeString:
    """One horizontal bar per principle: (label, rating or None, rating's label)."""
    width, label_width, bar_height, gap = 640, 270, 18, 8
    plot = width - label_width - 40
    height = len(rows) * (bar_height + gap) + gap + 16
    body: list[str] = []
    for step in range(RATING_MAX + 1):
        x = label_width + plot * step / RATING_MAX
        body.append(rule(f"{x:.1f}", f"{x:.1f}", gap, height - 18, stroke="#ccc"))
        body.append(label(f"{x:.1f}", height - 4, step, size=10, anchor="middle"))
    for index, (name, rating, rating_label) in enumerate(rows):
        y = gap + index * (bar_height + gap)
        body.append(
            label(label_width - 8, y + bar_height * 0.75, _short(name), size=11, anchor="end")
        )
        if rating is None:
            body.append(label(label_width + 4, y + bar_height * 0.75, _("not rated"), size=10))
            continue
        body.append(
            bar(
                x=label_width,
                y=y,
                width=f"{max(plot * rating / RATING_MAX, 2):.1f}",
                height=bar_height,
                fill=COLOURS[min(rating, len(COLOURS) - 1)],
                tooltip=f"{name}: {rating} ({rating_label})",
            )
        )
    return chart_svg(
        chart_id=chart_id,
        title=title,
        description=_(
            "One bar per principle of the Recommendation on the Ethics of AI, from 0 to "
            "%(maximum)s on the protocol's scale. The table below gives the same ratings."
        )
        % {"maximum": RATING_MAX},
        width=width,
        height=height,
        body=body,
    )


def disparity_chart(*, chart_id: str, title: Any, rows: Sequence[GroupDisparity]) -> SafeString:
    """Each group's rate of favourable outcomes, with a mark at four fifths of the reference's."""
    width, label_width, bar_height, gap = 640, 200, 18, 8
    plot = width - label_width - 70
    height = len(rows) * (bar_height + gap) + gap
    body: list[str] = []
    reference = next((row for row in rows if row.is_reference), None)
    for index, row in enumerate(rows):
        y = gap + index * (bar_height + gap)
        body.append(
            label(
                label_width - 8, y + bar_height * 0.75, _short(row.group, 26), size=11, anchor="end"
            )
        )
        body.append(
            bar(
                x=label_width,
                y=y,
                width=f"{max(plot * row.rate, 1):.1f}",
                height=bar_height,
                fill=FLAGGED if row.below_four_fifths else GROUP,
                tooltip=f"{row.group}: {row.rate:.1%}",
            )
        )
        body.append(
            label(
                f"{label_width + plot * row.rate + 6:.1f}",
                y + bar_height * 0.75,
                f"{row.rate:.1%}",
                size=11,
            )
        )
    if reference is not None:
        x = label_width + plot * reference.rate * 0.8
        body.append(rule(f"{x:.1f}", f"{x:.1f}", 2, height - 2, stroke="#222", dashed=True))
    return chart_svg(
        chart_id=chart_id,
        title=title,
        description=_(
            "The rate of favourable outcomes of each group; bars in red are under four fifths "
            "of the reference group's rate, marked by the vertical line. The table below gives "
            "the same figures."
        ),
        width=width,
        height=height,
        body=body,
    )

"""The badge image of an achievement: an accessible SVG that wallets show beside a credential.

Drawn from the achievement's name and kind, so every course or programme has its own image
without anyone designing one. `<title>` and `<desc>` name it for screen readers, and the
text is real text (it can be read, searched and translated), wrapped to fit the medal.
"""

from __future__ import annotations

import textwrap

from django.utils.html import escape

from . import documents
from .models import Achievement
from .services import translated

# Colour of the medal per kind: dark enough for white text at WCAG AA contrast.
_COLOURS: dict[str, str] = {
    Achievement.Kind.COURSE: "#0b4f8a",
    Achievement.Kind.MICRO_CREDENTIAL: "#005f73",
    Achievement.Kind.CERTIFICATE: "#6b2c91",
    Achievement.Kind.BADGE: "#8a3b00",
}
_LINE_WIDTH = 16
_MAX_LINES = 4


def _lines(name: str) -> list[str]:
    lines = textwrap.wrap(name, _LINE_WIDTH, break_long_words=True) or [""]
    if len(lines) > _MAX_LINES:
        lines = lines[:_MAX_LINES]
        lines[-1] = lines[-1][: _LINE_WIDTH - 1].rstrip() + "…"
    return lines


def badge_svg(achievement: Achievement, language: str | None = None) -> str:
    """The achievement's badge as a standalone SVG document, in `language` when it has one."""
    language = language or achievement.original_language
    name_text = translated(achievement, "name")
    name = name_text.resolve(language)
    lang = language if name_text.get(language) else achievement.original_language
    kind = str(achievement.get_kind_display())
    colour = _COLOURS.get(str(achievement.kind), "#0b4f8a")
    lines = _lines(name)
    first_y = 200 - (len(lines) - 1) * 15
    text = "".join(
        f'<tspan x="200" y="{first_y + index * 30}">{escape(line)}</tspan>'
        for index, line in enumerate(lines)
    )
    description = f"{kind} · {documents.issuer_name(lang)} · {name}"
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" '
        f'role="img" aria-labelledby="badge-title badge-desc" lang="{escape(lang)}">'
        f'<title id="badge-title">{escape(name)}</title>'
        f'<desc id="badge-desc">{escape(description)}</desc>'
        f'<circle cx="200" cy="200" r="190" fill="{colour}"/>'
        '<circle cx="200" cy="200" r="172" fill="none" stroke="#ffffff" stroke-width="4" '
        'stroke-dasharray="2 10"/>'
        '<circle cx="200" cy="200" r="150" fill="#ffffff" fill-opacity="0.1"/>'
        '<g fill="#ffffff" font-family="Noto Sans, Noto Sans Arabic, Noto Sans CJK SC, '
        'sans-serif" text-anchor="middle">'
        f'<text font-size="16" letter-spacing="2" x="200" y="92">{escape(kind.upper())}</text>'
        f'<text font-size="24" font-weight="700">{text}</text>'
        '<text font-size="18" font-weight="700" letter-spacing="3" x="200" y="322">'
        "UNESCO IITE</text>"
        "</g></svg>"
    )

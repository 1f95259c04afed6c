"""Rich text that editors write, cleaned to a safe subset of HTML before it is stored.

Lessons are shown to learners as HTML, so anything an editor pastes (from a word
processor, another site) goes through nh3: scripts, event handlers, styles, iframes and
`javascript:` links are removed; headings, lists, tables, links and emphasis stay.
"""

from __future__ import annotations

from typing import Any

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "sub", "sup", "mark", "small",
    "h2", "h3", "h4", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "q", "cite",
    "code", "pre", "kbd", "abbr", "span", "a", "hr", "figure", "figcaption",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"lang", "dir"},
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitise_html(html: str) -> str:
    """The HTML with only the allowed tags, attributes and link schemes kept."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def sanitise_translations(value: Any) -> dict[str, str]:
    """Every language of a rich TranslatedField value, sanitised."""
    if not value:
        return {}
    if isinstance(value, str):
        return {"en": sanitise_html(value)}
    return {code: sanitise_html(text) for code, text in dict(value).items() if text}

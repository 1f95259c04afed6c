"""What members write (CommonMark) turned into safe HTML.

markdown-it-py in its "js-default" preset leaves raw HTML out; nh3 then keeps only the
tags of a discussion post. Images must describe themselves (alt text) and come from the
platform itself: a picture from another site would make every reader's browser ask that
site, which the platform never does.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import nh3
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

_PARSER = MarkdownIt("js-default", {"linkify": False, "typographer": False}).disable("table")

TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "img",
    "h3", "h4", "hr",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt"}, "ol": {"start"}}


def _own(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and url.startswith("/")


def check(text: str) -> None:
    """Refuse an image without a description or from another site, naming the image."""
    for token in _PARSER.parse(text):
        for child in token.children or ():
            if child.type != "image":
                continue
            source = str(child.attrs.get("src", ""))
            if not child.content.strip():
                raise ValidationError(
                    _("Describe each image in words (the text in the square brackets): %(src)s")
                    % {"src": source}
                )
            if not _own(source):
                raise ValidationError(
                    _("Images must be files of this platform, not from another site: %(src)s")
                    % {"src": source}
                )


def render(text: str) -> str:
    html = _PARSER.render(text)
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow ugc",
        strip_comments=True,
    )

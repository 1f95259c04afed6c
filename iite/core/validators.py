"""Text validated where it enters: no invisible control characters in what people type.

A name holding ESC (\\x1b) was accepted by PATCH /api/me/ and then broke every XLSX
export that listed it (openpyxl's IllegalCharacterError), and such characters can hide
text in a terminal or a log. Forms and the API refuse them with a message naming the
field; exports (core/exports.py) remove any that are already stored.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 controls except tab, line feed and carriage return; DEL; C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A single line also refuses tab and line breaks (and the Unicode line separators).
LINE_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def strip_control_characters(text: str) -> str:
    """The text without control characters (tab and line breaks kept)."""
    return CONTROL_CHARACTERS.sub("", text)


def validate_plain_text(value: str) -> None:
    """Refuse control characters other than tab and line breaks (multi-line text)."""
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("Remove the invisible control characters (such as ESC) from this text."),
            code="control_characters",
        )


def validate_single_line(value: str) -> None:
    """Refuse every control character, tab and line breaks included (names, titles)."""
    if isinstance(value, str) and LINE_CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("Write this on one line, without tabs or invisible control characters."),
            code="control_characters",
        )

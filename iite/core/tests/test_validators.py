import pytest
from django.core.exceptions import ValidationError

from iite.core.validators import (
    strip_control_characters,
    validate_plain_text,
    validate_single_line,
)


@pytest.mark.parametrize("text", ["a\x1bb", "\x00", "x\x7f", "x\x85", "x\x0c"])
def test_control_characters_are_refused_in_plain_text(text):
    """ESC, NUL, DEL, C1 controls and form feed are refused with a message."""
    with pytest.raises(ValidationError) as caught:
        validate_plain_text(text)
    assert caught.value.code == "control_characters"


def test_plain_text_keeps_tabs_and_line_breaks():
    """Multi-line text may hold tabs and line breaks; a single line may not."""
    validate_plain_text("one\ttwo\r\nthree")
    for text in ["one\ttwo", "one\ntwo", "one\u2028two"]:
        with pytest.raises(ValidationError):
            validate_single_line(text)
    validate_single_line("Zoë — 李明 — أمينة")


def test_strip_control_characters():
    """Stripping removes the invisible controls and keeps everything else."""
    assert strip_control_characters("a\x1b[31mb\x00c\td\n") == "a[31mbc\td\n"

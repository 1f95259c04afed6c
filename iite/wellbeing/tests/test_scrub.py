"""What identifies a young person is removed before their text is stored."""

import pytest

from iite.wellbeing.scrub import scrub


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("write to me at aigerim.b@mail.kg", "write to me at [email]"),
        ("my number is +7 701 123 45 67", "my number is [phone]"),
        ("Меня зовут Айгерим Бекова", "Меня зовут [name]"),
        ("je m'appelle Léa", "je m'appelle [name]"),
        ("mening ismim Dilnoza", "mening ismim [name]"),
        ("я учусь в школе №5", "я учусь в [school]"),
        ("I go to Lycée Victor Hugo", "I go to [school]"),
        ("45-maktabda o'qiyman", "[school] o'qiyman"),
        ("живу ул. Ленина 14", "живу [address]"),
        ("I live at 12 Baker Street", "I live at [address]"),
        ("我叫王小明", "我叫 [name]"),
        ("see www.example.org/me", "see [link]"),
    ],
)
def test_identifying_details_become_placeholders(text, expected):
    assert scrub(text) == expected


def test_ordinary_words_stay():
    """A school mentioned without a name or number is not a school name."""
    assert (
        scrub("I hate school and exams are killing me") == "I hate school and exams are killing me"
    )

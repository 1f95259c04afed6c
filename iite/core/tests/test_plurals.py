"""Counts in sentences go through ngettext, so each language picks its own plural form."""

import pytest
from django.template import Context, Template
from django.utils import translation

LESSON_TIME = Template(
    "{% load i18n %}{% blocktranslate count minutes=n %}{{ minutes }} minute"
    "{% plural %}{{ minutes }} minutes{% endblocktranslate %}"
)


@pytest.mark.parametrize(("n", "text"), [(1, "1 minute"), (5, "5 minutes"), (0, "0 minutes")])
def test_minutes_follow_the_count(n, text):
    """English has two forms; the count, not a fixed word, decides."""
    with translation.override("en"):
        assert LESSON_TIME.render(Context({"n": n})) == text


@pytest.mark.parametrize(
    ("language", "forms"),
    [("ar", 6), ("ru", 3), ("fr", 2), ("es", 2), ("zh-hans", 1)],
)
def test_each_catalogue_declares_its_languages_plural_forms(language, forms):
    """Each catalogue's plural rule gives CLDR's integer forms (Arabic six, Russian three)."""
    from django.utils.translation import trans_real

    with translation.override(language):
        plural = trans_real.translation(language).plural
        # The distinct forms the rule gives for 0..200: exactly the language's number.
        assert len({plural(n) for n in range(201)}) == forms

"""The crisis patterns read from data/crisis_patterns.toml are well formed."""

from __future__ import annotations

from iite.wellbeing.crisis import CATEGORIES
from iite.wellbeing.crisis_patterns import BENIGN, DISTRESS, INDIRECT, PATTERNS


def test_every_rule_names_a_known_category_or_language_and_a_weight_up_to_one():
    languages = set(PATTERNS)
    assert {"en", "ru", "kk", "ky", "uz", "uz-cyrl", "fr", "es", "ar", "zh-hans"} == languages
    for rules in PATTERNS.values():
        assert rules
        for category, weight, pattern in rules:
            assert category in CATEGORIES
            assert 0 < weight <= 1.0
            assert pattern.pattern
    for rules in (DISTRESS, INDIRECT, BENIGN):
        assert {language for language, _weight, _pattern in rules} <= languages
        assert all(0 < weight <= 1.0 for _language, weight, _pattern in rules)


def test_patterns_are_written_with_a_bare_alef_as_the_detector_reads_text():
    """Arabic patterns are normalised on load, as crisis.normalise treats the text."""
    for _category, _weight, pattern in PATTERNS["ar"]:
        assert not set("أإآ") & set(pattern.pattern)

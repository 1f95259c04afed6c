"""The strategy on an Arabic phone: English text keeps its punctuation, codes read in order."""

import pytest

from iite.core.tests.bidi import BOXES, EDGES
from iite.strategy.tests.factories import LineFactory, ObjectiveFactory, OutputFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_arabic_strategy_page_keeps_english_punctuation_with_its_run(page):
    """A line of action only in English ends with its full stop on the right (not
    ".States and English for everyone"); an objective's output codes read right to left,
    separated by the Arabic comma."""
    objective = ObjectiveFactory(
        code="SO1", title={"ar": "التحول الرقمي للتعليم", "en": "Digital transformation"}
    )
    objective.outputs.set(
        [
            OutputFactory(code="7.4", title={"en": "Output 7.4"}),
            OutputFactory(code="9.1", title={"en": "Output 9.1"}),
        ]
    )
    LineFactory(
        objective=objective,
        code="1.1",
        title={"en": "Teachers in Member States and English for everyone."},
        source_ref="III.2",
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/ar/strategy/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    line = page.evaluate(EDGES, "#objectives ol li strong")
    assert line["direction"] == "ltr"
    assert line["text"].endswith("everyone.")
    # In an English run the last character (the full stop) is drawn right of the first.
    assert line["last"] > line["first"]
    codes = page.evaluate(BOXES, "#objectives p.meta bdi")
    assert [box["text"] for box in codes] == ["7.4", "9.1"]
    first, second = codes
    assert first["top"] == second["top"] and first["left"] > second["right"]
    assert "7.4، 9.1" in page.locator("#objectives p.meta").first.inner_text()
    # The source reference in parentheses keeps its dots inside: "(III.2)" not ".III.2)".
    ref = page.evaluate(EDGES, "#objectives ol li .meta bdi")
    assert ref["text"] == "III.2" and ref["last"] > ref["first"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

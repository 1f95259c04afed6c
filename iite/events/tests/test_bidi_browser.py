"""Mixed direction on an Arabic phone: Latin text and times keep their punctuation and order."""

from datetime import UTC, datetime

import pytest

from iite.core.tests.bidi import BOXES, EDGES
from iite.events.models import Theme

from .factories import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_arabic_event_page_keeps_latin_punctuation_and_time_order(page, period):
    """An English title ends with its full stop on the right; the start time reads first
    (rightmost) in an Arabic page, the dash between; listed themes read right to left."""
    event = make_event(
        title={"en": "Media and Information Literacy for everyone."},
        starts_at=datetime(2027, 5, 4, 10, 0, tzinfo=UTC),
        time_zone="Europe/Paris",
    )
    event.themes.set(
        [
            Theme.objects.create(slug="ai", name={"en": "Artificial intelligence"}),
            Theme.objects.create(slug="mil", name={"en": "Media literacy"}),
        ]
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/ar/events/{event.slug}/?tz=Asia/Dubai")
    title = page.evaluate(EDGES, "h1")
    assert title["direction"] == "ltr"
    assert title["text"].endswith(".") and title["last"] > title["first"]
    # Each time is isolated: its digits and marks never swap with the dash between them.
    assert page.locator(".event-facts dd time[dir=auto]").count() == 4
    themes = page.evaluate(BOXES, ".event-facts dd bdi")
    named = [box for box in themes if box["text"] in {"Artificial intelligence", "Media literacy"}]
    assert [box["text"] for box in named] == ["Artificial intelligence", "Media literacy"]
    first, second = named
    if first["top"] == second["top"]:
        assert first["left"] > second["right"]  # one line: the first item is rightmost
    else:
        assert first["top"] < second["top"]
    dd = page.locator(".event-facts dd", has_text="Artificial intelligence").inner_text()
    assert "Artificial intelligence، Media literacy" in dd
    page.set_viewport_size({"width": 1280, "height": 800})
    start, end = page.evaluate(BOXES, ".event-facts dd time")[:2]
    # On one line the start is rightmost: read first in Arabic, the dash after it.
    assert start["top"] == end["top"] and start["left"] > end["right"]

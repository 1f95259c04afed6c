"""A credential on an Arabic phone: the English name and the recipient keep their punctuation."""

import datetime

import pytest

from iite.accounts.tests.factories import UserFactory
from iite.core.tests.bidi import BOXES, EDGES
from iite.credentials import services
from iite.credentials.models import Credential
from iite.credentials.tests.factories import AchievementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where the element's own leading text (before its first child element) is drawn.
LABEL = """(selector) => {
  const node = document.querySelector(selector).firstChild;
  const range = document.createRange();
  range.setStart(node, 0); range.setEnd(node, node.textContent.trimEnd().length);
  const r = range.getBoundingClientRect();
  return {left: r.left, right: r.right, top: r.top};
}"""


def test_arabic_credential_page_keeps_latin_runs_whole(page):
    """The achievement's English name (a fallback) ends with its full stop on the right; the
    recipient's Latin name sits after "Awarded to:" in reading order, left of the label."""
    achievement = AchievementFactory(
        name={"en": "AI competencies, level 2."}, description={"en": "Completed the course."}
    )
    holder = UserFactory(name="Amina Diallo", preferred_language="ar")
    credential = services.credential_issue(achievement=achievement, recipient=holder)
    Credential.objects.filter(pk=credential.pk).update(
        display_name="Amina Diallo, Ph.D.",
        issued_at=datetime.datetime(2026, 12, 21, 9, 0, tzinfo=datetime.UTC),
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/ar/credentials/{credential.uuid}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    title = page.evaluate(EDGES, "h1")
    assert title["direction"] == "ltr" and title["text"] == "AI competencies, level 2."
    assert title["last"] > title["first"]
    name = page.evaluate(EDGES, ".recipient bdi")
    assert name["text"] == "Amina Diallo, Ph.D." and name["last"] > name["first"]
    # The label is read first, from the right; the name's run (with its comma and dots)
    # follows on its left, on the same line at this width.
    label = page.evaluate(LABEL, ".recipient")
    [name_box] = page.evaluate(BOXES, ".recipient bdi")
    assert label["top"] == pytest.approx(name_box["top"], abs=4)
    assert label["left"] > name_box["right"]
    assert "21 ديسمبر 2026" in page.locator(".facts").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

"""A news item with a wide image, read on a 320-pixel phone in Arabic."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from iite.core.tests.test_phone_browser import OVERFLOW
from iite.library import news
from iite.library.news_images import news_image_prepare
from iite.programme.tests.factories import ActivityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every image on the page: drawn (loaded), and its box's width and height.
IMAGES = """() => [...document.querySelectorAll('main img')].map((img) => ({
  loaded: img.complete && img.naturalWidth > 0,
  width: img.getBoundingClientRect().width,
  height: img.getBoundingClientRect().height,
}))"""


def _wide_png() -> Any:
    output = io.BytesIO()
    Image.new("RGB", (1600, 900), (10, 77, 140)).save(output, format="PNG")
    return news_image_prepare(SimpleUploadedFile("wide.png", output.getvalue()))


def test_a_news_item_with_a_wide_image_fits_a_phone(browser, live_server, axe):
    """On a 320-pixel screen the list, the news page and the home page scroll only down:
    the image is drawn at the screen's width in its proportions, and axe finds no serious
    violation."""
    activity = ActivityFactory(title={"en": "Regional forum", "ar": "المنتدى الإقليمي"})
    item = news.news_publish(
        item=news.news_create(
            title={"en": "Forum opens", "ar": "افتتاح المنتدى"},
            summary={"ar": "يومان عن أدوات الذكاء الاصطناعي."},
            image=_wide_png(),
            image_alt={"en": "A blue poster", "ar": "ملصق أزرق"},
            activities=[activity],
        )
    )
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 320, "height": 640},
        is_mobile=True,
        locale="ar",
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        for path in ("/ar/library/news/", f"/ar/library/news/{item.slug}/", "/ar/"):
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            page.wait_for_load_state("load")
            for img in page.locator("main img").all():
                img.scroll_into_view_if_needed()
            page.wait_for_function(
                "() => [...document.querySelectorAll('main img')].every((i) => i.complete)"
            )
            sizes = page.evaluate(OVERFLOW)
            assert sizes["scroll"] <= sizes["inner"] and sizes["wide"] == [], (path, sizes)
            images = page.evaluate(IMAGES)
            assert images, path
            for image in images:
                assert image["loaded"], path
                assert 0 < image["width"] <= 320
                assert abs(image["height"] - image["width"] * 900 / 1600) <= 1.5, (path, image)
            assert page.locator('main img[alt="ملصق أزرق"]').count() == 1
            assert axe(page) == [], path
    finally:
        context.close()

import gzip
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import translation

pytestmark = pytest.mark.django_db

HOME_BUDGET_BYTES = 100 * 1024


def _served_size(static_url: str) -> int:
    """Bytes sent for a static file to a browser that accepts gzip (as collectstatic compresses)."""
    name = static_url.removeprefix(settings.STATIC_URL)
    path = finders.find(name)
    assert path, f"{name} is referenced by the page but does not exist"
    with open(path, "rb") as source:
        return len(gzip.compress(source.read()))


@pytest.mark.parametrize("code", ["en", "ar", "zh-hans"])
def test_home_page_transfers_under_100_kb(client, code):
    """HTML plus every stylesheet, script and icon it loads, gzipped, stay under 100 KB."""
    # The request activates its language in this thread; give the previous one back after.
    with translation.override(translation.get_language()):
        response = client.get(f"/{code}/")
    assert response.status_code == 200
    assert f'<html lang="{code}"' in response.content.decode()
    html = response.content.decode()
    assets = set(re.findall(r'(?:src|href)="(/static/[^"]+)"', html))
    assert any(asset.endswith(".css") for asset in assets)
    total = len(gzip.compress(response.content)) + sum(_served_size(a) for a in assets)
    assert total < HOME_BUDGET_BYTES, f"home page weighs {total} bytes"

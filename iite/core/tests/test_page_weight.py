import gzip
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage

pytestmark = pytest.mark.django_db

HOME_BUDGET_BYTES = 100 * 1024


def _served_size(static_url: str) -> int:
    """Bytes whitenoise sends for a static file to a browser that accepts gzip."""
    name = static_url.removeprefix(settings.STATIC_URL)
    path = staticfiles_storage.path(name)
    try:
        with open(f"{path}.gz", "rb") as compressed:
            return len(compressed.read())
    except FileNotFoundError:
        with open(path, "rb") as plain:
            return len(plain.read())


@pytest.mark.parametrize("code", ["en", "ar", "zh-hans"])
def test_home_page_transfers_under_100_kb(client, code):
    """HTML (gzipped) plus every stylesheet, script and icon it loads stay under 100 KB."""
    response = client.get(f"/{code}/")
    html = response.content.decode()
    assets = set(re.findall(r'(?:src|href)="(/static/[^"]+)"', html))
    assert any(asset.endswith(".css") for asset in assets)
    total = len(gzip.compress(response.content)) + sum(_served_size(a) for a in assets)
    assert total < HOME_BUDGET_BYTES, f"home page weighs {total} bytes"

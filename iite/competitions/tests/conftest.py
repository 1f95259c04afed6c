import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_and_an_empty_cache():
    """Each test starts in English (URLs reverse to /en/) with no cached pages."""
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()

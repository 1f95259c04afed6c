import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with no cached indicator values and no remembered fingerprint."""
    from iite.monitoring import indicators

    cache.clear()
    indicators.invalidate()
    yield
    cache.clear()

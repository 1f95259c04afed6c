import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Each test starts in English (URLs reverse to /en/)."""
    with translation.override("en"):
        yield

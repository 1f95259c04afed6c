import pytest

from iite.strategy.loader import strategy_load_reference
from iite.strategy.models import StrategyPeriod


@pytest.fixture
def framework(db):
    """The 2026–2029 strategy, as the reference loaders leave it."""
    strategy_load_reference()
    return StrategyPeriod.objects.get(code="2026-2029")

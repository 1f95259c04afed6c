from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache

from iite.programme.models import Activity
from iite.reference.tests.factories import CountryFactory
from iite.strategy.models import StrategyPeriod
from iite.strategy.tests.factories import UnitFactory

from .factories import UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the cache: every test starts with none spent."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def countries():
    return {
        "AT": CountryFactory(
            iso2="AT", iso3="AUT", name={"en": "Austria", "fr": "Autriche", "ar": "النمسا"}
        ),
        "DE": CountryFactory(
            iso2="DE", iso3="DEU", name={"en": "Germany", "fr": "Allemagne", "ar": "ألمانيا"}
        ),
        "ES": CountryFactory(
            iso2="ES", iso3="ESP", name={"en": "Spain", "fr": "Espagne", "ar": "إسبانيا"}
        ),
    }


@pytest.fixture
def person(db):
    return UserFactory(email="amina@example.org", name="Amina Diallo")


@pytest.fixture
def activity(db):
    period, _created = StrategyPeriod.objects.get_or_create(
        code="2026-2029", defaults={"start_year": 2026, "end_year": 2029}
    )
    return Activity.objects.create(
        code="webinar-ai-1",
        title={"en": "AI in the classroom"},
        kind="webinar",
        period=period,
        unit=UnitFactory(period=period),
        start_date=datetime.date(2026, 3, 1),
        end_date=datetime.date(2026, 3, 1),
    )

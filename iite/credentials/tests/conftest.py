from __future__ import annotations

import datetime

import pytest

from iite.accounts.tests.factories import UserFactory
from iite.programme.models import Activity
from iite.strategy.models import StrategyPeriod
from iite.strategy.tests.factories import UnitFactory

from .factories import AchievementFactory


@pytest.fixture(autouse=True)
def _keys_and_site(settings, tmp_path, monkeypatch):
    """Each test signs with keys in its own directory and a known site URL."""
    settings.CREDENTIAL_KEY_DIR = tmp_path / "keys"
    settings.SITE_URL = "https://platform.iite.test"
    monkeypatch.delenv("CREDENTIAL_SIGNING_KEY", raising=False)


@pytest.fixture
def learner(db):
    return UserFactory(email="amina@example.org", name="Amina Diallo", preferred_language="ar")


@pytest.fixture
def achievement(db):
    return AchievementFactory()


@pytest.fixture
def activity(db):
    period, _created = StrategyPeriod.objects.get_or_create(
        code="2026-2029", defaults={"start_year": 2026, "end_year": 2029}
    )
    return Activity.objects.create(
        code="course-ai-1",
        title={"en": "AI competencies course"},
        kind="course",
        period=period,
        unit=UnitFactory(period=period),
        start_date=datetime.date(2026, 3, 1),
        end_date=datetime.date(2026, 12, 1),
    )

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django.utils import timezone

from iite.events.models import Event
from iite.events.services import event_create
from iite.strategy.models import StrategyPeriod
from iite.strategy.tests.factories import PeriodFactory, UnitFactory


def current_period() -> StrategyPeriod:
    return cast(StrategyPeriod, PeriodFactory())


_counter = iter(range(1, 10_000_000))


def make_event(**values: Any) -> Event:
    """A published online webinar a week from now, unless told otherwise."""
    period = current_period()
    n = next(_counter)
    if "created_by" not in values and "activity" not in values:
        # Every activity belongs to a unit: the one ActivityFactory's activities are in.
        values.setdefault("unit", UnitFactory(period=period, code="UA"))
    starts = values.pop("starts_at", timezone.now() + timedelta(days=7))
    defaults: dict[str, Any] = {
        "title": {"en": f"Webinar {n}"},
        "kind": "webinar",
        "starts_at": starts,
        "ends_at": starts + timedelta(minutes=90),
        "status": "published",
        "languages": ["en"],
    }
    defaults.update(values)
    return event_create(**defaults)

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone

from iite.accounts.models import User
from iite.events.models import Event
from iite.events.services import event_create
from iite.strategy.models import StrategyPeriod


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", "a-long-password-1")

    @factory.post_generation
    def save_password(obj, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()  # type: ignore[attr-defined]


def current_period() -> StrategyPeriod:
    period, _created = StrategyPeriod.objects.get_or_create(
        code="2026-2029", defaults={"start_year": 2026, "end_year": 2029, "is_current": True}
    )
    return period


_counter = iter(range(1, 10_000_000))


def make_event(**values: Any) -> Event:
    """A published online webinar a week from now, unless told otherwise."""
    current_period()
    n = next(_counter)
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

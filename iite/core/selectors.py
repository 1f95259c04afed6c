from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language


def home_context() -> dict[str, Any]:
    """The current strategy's pillars and objectives for the home page (cached per language)."""
    from iite.strategy.models import ProgrammePillar, StrategicObjective, StrategyPeriod

    key = f"core:home:{get_language()}"
    context = cache.get(key)
    if context is None:
        period = StrategyPeriod.objects.filter(is_current=True).first()
        context = {
            "period": period,
            "pillars": list(ProgrammePillar.objects.filter(period=period).order_by("order"))
            if period
            else [],
            "objectives": list(StrategicObjective.objects.filter(period=period).order_by("order"))
            if period
            else [],
        }
        cache.set(key, context, 300)
    return context

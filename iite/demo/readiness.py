"""Demo readiness campaigns (data/readiness.toml), written through the readiness services."""

from __future__ import annotations

import datetime
import random
from typing import Any

from iite.readiness.models import (
    Action,
    Area,
    Campaign,
    CampaignStatus,
    Framework,
)
from iite.readiness.selectors import statements_for_group, suggestions
from iite.readiness.services import (
    action_save,
    campaign_record_support,
    campaign_save,
    campaign_set_status,
    priorities_set,
    responses_record_many,
)
from iite.strategy.models import ProgrammeUnit
from iite.strategy.selectors import current_period_items

from .datafiles import countries_by_iso2, people_ensure, read


def _answers(rng: random.Random, level: float, shifts: dict[str, float], statements: list[Any]):  # type: ignore[no-untyped-def]
    row: dict[int, int | None] = {}
    for statement in statements:
        if rng.random() < 0.05:
            row[statement.pk] = None  # "I don't know"
            continue
        centre = level + shifts.get(statement.area.code, 0.0)
        row[statement.pk] = min(5, max(1, round(rng.gauss(centre, 0.9))))
    return row


def load() -> str:
    data = read("readiness")
    if not Framework.objects.exists():
        return "no readiness frameworks loaded"
    coordinators = {user.email: user for user in people_ensure(list(data["coordinators"]))}
    countries = countries_by_iso2()
    made: dict[str, Campaign] = {}
    created = 0
    rng = random.Random(2026)
    staff = min(coordinators.values(), key=lambda user: user.pk)
    for spec in data["campaigns"]:
        framework = Framework.objects.get(code=spec["framework"], version=1)
        existing = Campaign.objects.filter(
            institution=spec["institution"], opens_on=spec["opens"], framework=framework
        ).first()
        if existing is not None:
            made[spec["key"]] = existing
            continue
        campaign = campaign_save(
            campaign=Campaign(
                framework=framework,
                coordinator=coordinators[spec["coordinator"]],
                institution=spec["institution"],
                country=countries[spec["country"]],
                opens_on=datetime.date.fromisoformat(spec["opens"]),
                closes_on=datetime.date.fromisoformat(spec["closes"]),
                previous=made.get(spec.get("previous", "")),
                share_with_institute=spec.get("share", False),
                status=CampaignStatus.OPEN,
            )
        )
        for group, count in spec["respondents"].items():
            statements = statements_for_group(campaign, group)
            rows = [
                _answers(rng, spec["levels"][group], spec.get("area_shift", {}), statements)
                for _n in range(count)
            ]
            responses_record_many(
                campaign=campaign, group=group, rows=rows, language=spec["language"]
            )
        campaign_set_status(campaign=campaign, status=spec["status"])
        if spec.get("priorities"):
            priorities_set(
                campaign=campaign,
                areas=Area.objects.filter(framework=framework, code__in=spec["priorities"]),
            )
        if spec.get("supported"):
            unit = current_period_items(ProgrammeUnit).order_by("code").first()
            campaign_record_support(campaign=campaign, user=staff, unit=unit)
        made[spec["key"]] = campaign
        created += 1
    for spec in data.get("actions", []):
        campaign = made[spec["campaign"]]
        priority = campaign.priorities.filter(area__code=spec["area"]).first()
        if priority is None or priority.actions.filter(text=spec["text"]).exists():
            continue
        offers = [
            o["key"] for o in suggestions(priority.area) if o["kind"] == spec.get("resources")
        ]
        action_save(
            action=Action(
                priority=priority,
                text=spec["text"],
                owner=spec["owner"],
                due_on=datetime.date.fromisoformat(spec["due"]),
                status=spec["status"],
                resources=offers[:1],
            )
        )
    return f"{created} readiness campaigns"

"""Load the readiness frameworks from data/frameworks.toml (idempotent).

A framework version is fixed once campaigns use it: the loader updates wording in place
only for a version no campaign has answered yet; a changed text for a used version is
left as stored (publish it as a new version in the data file instead).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from django.db import transaction

from .models import Area, Framework, Response, ScaleLevel, Statement

DATA = Path(__file__).resolve().parent / "data" / "frameworks.toml"


@transaction.atomic
def load_frameworks(path: Path = DATA, **_options: Any) -> str:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    loaded = 0
    for spec in data["framework"]:
        framework, created = Framework.objects.get_or_create(
            code=spec["code"],
            version=spec["version"],
            defaults={"level": spec["level"], "title": spec["title"]},
        )
        if not created and Response.objects.filter(campaign__framework=framework).exists():
            continue
        framework.level = spec["level"]
        framework.title = spec["title"]
        framework.description = spec.get("description", {})
        framework.full_clean()
        framework.save()
        for value, label in enumerate(spec["scale"], start=1):
            ScaleLevel.objects.update_or_create(
                framework=framework, value=value, defaults={"label": label}
            )
        for order, area_spec in enumerate(spec["area"], start=1):
            area, _created = Area.objects.update_or_create(
                framework=framework,
                code=area_spec["code"],
                defaults={
                    "order": order,
                    "title": area_spec["title"],
                    "description": area_spec.get("description", {}),
                    "course_topics": area_spec.get("course_topics", []),
                    "event_themes": area_spec.get("event_themes", []),
                },
            )
            for position, item in enumerate(area_spec["statements"], start=1):
                statement, _created = Statement.objects.update_or_create(
                    area=area,
                    code=item["code"],
                    defaults={
                        "order": position,
                        "text": item["text"],
                        "groups": item["groups"],
                        "optional": item.get("optional", False),
                    },
                )
                statement.full_clean()
        loaded += 1
    return f"{loaded} readiness frameworks"

"""Loads the reviewed results framework files (data/strategy_*.toml) into the database.

The files are the reference: every item is created once, with its links, from the
file. After that the records belong to staff, who edit them on /strategy/; a later
run of the loader adds what is new in the file and leaves existing records as they
are, so `make run` never reverts an edit. A second run on an unchanged file changes
nothing.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction

from .models import (
    Initiative,
    LineOfAction,
    Priority,
    ProgrammePillar,
    ProgrammeUnit,
    StrategicObjective,
    StrategicRole,
    StrategyPeriod,
    TargetGroup,
    UnescoOutput,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
STRATEGY_FILES = ("strategy_2022_2025.toml", "strategy_2026_2029.toml")


@dataclass
class LoadResult:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, label: str) -> None:
        self.created[label] = self.created.get(label, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.created.values())

    def __str__(self) -> str:
        if not self.created:
            return "unchanged"
        return ", ".join(f"{count} {label}" for label, count in sorted(self.created.items()))


def _defaults(item: dict[str, Any], index: int, *extra: str) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": item.get("title", {}),
        "description": item.get("description", {}),
        "source_ref": item.get("source_ref", ""),
        "order": item.get("order", index + 1),
    }
    for name in extra:
        if name in item:
            values[name] = item[name]
    return values


def _get_or_create(
    model: type[models.Model],
    result: LoadResult,
    label: str,
    lookup: dict[str, Any],
    defaults: dict[str, Any],
) -> tuple[Any, bool]:
    instance, created = model._default_manager.get_or_create(**lookup, defaults=defaults)
    if created:
        result.add(label)
    return instance, created


@transaction.atomic
def strategy_load_file(path: Path, result: LoadResult | None = None) -> LoadResult:
    """Create what the file describes and the database lacks; idempotent."""
    result = result or LoadResult()
    with path.open("rb") as handle:
        data = tomllib.load(handle)

    spec = data["period"]
    period, created = _get_or_create(
        StrategyPeriod,
        result,
        "periods",
        {"code": spec["code"]},
        {
            "title": spec["title"],
            "start_year": spec["start_year"],
            "end_year": spec["end_year"],
            "is_current": spec.get("is_current", False),
            "source_document": spec.get("source_document", ""),
        },
    )
    if created and period.is_current:
        StrategyPeriod.objects.exclude(pk=period.pk).filter(is_current=True).update(
            is_current=False
        )

    outputs: dict[str, UnescoOutput] = {}
    for index, item in enumerate(data.get("outputs", [])):
        outputs[item["code"]], _ = _get_or_create(
            UnescoOutput,
            result,
            "outputs",
            {"period": period, "code": item["code"]},
            _defaults(item, index),
        )

    objectives: dict[str, StrategicObjective] = {}
    for index, item in enumerate(data.get("objectives", [])):
        objective, created = _get_or_create(
            StrategicObjective,
            result,
            "objectives",
            {"period": period, "code": item["code"]},
            _defaults(item, index),
        )
        if created and item.get("outputs"):
            objective.outputs.set([outputs[code] for code in item["outputs"]])
        objectives[item["code"]] = objective
        for line_index, line in enumerate(item.get("lines", [])):
            _get_or_create(
                LineOfAction,
                result,
                "lines of action",
                {"period": period, "code": line["code"]},
                {**_defaults(line, line_index), "objective": objective},
            )

    roles: dict[str, StrategicRole] = {}
    for index, item in enumerate(data.get("roles", [])):
        roles[item["code"]], _ = _get_or_create(
            StrategicRole,
            result,
            "roles",
            {"period": period, "code": item["code"]},
            _defaults(item, index),
        )

    for index, item in enumerate(data.get("pillars", [])):
        pillar, created = _get_or_create(
            ProgrammePillar,
            result,
            "pillars",
            {"period": period, "code": item["code"]},
            _defaults(item, index),
        )
        if created:
            pillar.roles.set([roles[code] for code in item.get("roles", [])])
            pillar.objectives.set([objectives[code] for code in item.get("objectives", [])])
            pillar.outputs.set([outputs[code] for code in item.get("outputs", [])])
        for initiative_index, initiative in enumerate(item.get("initiatives", [])):
            _get_or_create(
                Initiative,
                result,
                "initiatives",
                {"period": period, "code": initiative["code"]},
                {
                    **_defaults(initiative, initiative_index, "partner_names"),
                    "pillar": pillar,
                    "kind": initiative["kind"],
                },
            )

    for section, model, label, extra in (
        ("priorities", Priority, "priorities", ()),
        ("target_groups", TargetGroup, "target groups", ("person_roles",)),
        ("units", ProgrammeUnit, "units", ()),
    ):
        for index, item in enumerate(data.get(section, [])):
            _get_or_create(
                model,
                result,
                label,
                {"period": period, "code": item["code"]},
                _defaults(item, index, *extra),
            )
    return result


def strategy_load_reference() -> LoadResult:
    """The reference loader of `setup_platform`: both strategy periods."""
    result = LoadResult()
    for name in STRATEGY_FILES:
        strategy_load_file(DATA_DIR / name, result)
    return result


__all__ = ["STRATEGY_FILES", "LoadResult", "strategy_load_file", "strategy_load_reference"]

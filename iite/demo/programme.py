"""The programme's demo data: people, the 2026 activities of data/programme.toml, and who took part.

Each activity is created once (by its code) through the programme's services, with the
participation of demo people drawn by a seeded generator and, once completed, the counts
at its venue. The generator draws the same numbers whether or not an activity exists,
so every run picks the same people.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from iite.accounts.models import User
from iite.accounts.services import user_create_many
from iite.core.i18n import as_translated
from iite.partners.models import Partner
from iite.programme.models import Activity, ParticipationRole, ParticipationSource
from iite.programme.services import (
    ParticipationEntry,
    activity_create,
    aggregate_participation_create,
    participation_record_many,
)
from iite.reference.models import PriorityRegion
from iite.strategy.models import (
    Initiative,
    Priority,
    ProgrammePillar,
    ProgrammeUnit,
    StrategicObjective,
    StrategyPeriod,
    TargetGroup,
    UnescoOutput,
)

from .datafiles import countries_by_iso2, read

PERIOD = "2026-2029"
VENUE_KINDS = ("global_conference", "regional_convention")
ENTRY_KINDS = ("competition", "award")


def _weighted(rng: random.Random, weights: dict[str, int] | list[tuple[Any, int]]) -> Any:
    pairs = list(weights.items()) if isinstance(weights, dict) else weights
    return rng.choices([value for value, _w in pairs], weights=[w for _v, w in pairs])[0]


def _people(rng: random.Random, spec: dict[str, Any]) -> list[User]:
    """The generated demo people, drawn in a fixed order from the seeded generator."""
    countries = countries_by_iso2()
    regions = [(tuple(item["countries"]), item["weight"]) for item in spec["region_countries"]]
    people = []
    for index in range(1, spec["count"] + 1):
        iso2 = rng.choice(_weighted(rng, regions))
        name = f"{rng.choice(spec['first_names'])} {rng.choice(spec['last_names'])}"
        people.append(
            {
                "email": f"person{index:04d}@{spec['email_domain']}",
                "name": name,
                "country": countries.get(iso2),
                "sex": _weighted(rng, spec["sexes"]),
                "role": _weighted(rng, spec["roles"]),
                "age_band": rng.choice(spec["age_bands"]),
                "preferred_language": spec["preferred_language"],
            }
        )
    accounts = user_create_many(people=people)
    return [accounts[person["email"]] for person in people]


def _choose_people(
    rng: random.Random, people: list[User], spec: dict[str, Any]
) -> list[tuple[str, User]]:
    """Demo people for each role; participants come from the activity's profile roles."""
    roles = spec.get("person_roles", [])
    preferred = [person for person in people if person.role in roles] or people
    chosen: list[tuple[str, User]] = []
    taken: set[int] = set()
    for role, count in spec.get("people", {}).items():
        pool = preferred if role == ParticipationRole.PARTICIPANT else people
        for person in rng.sample(pool, min(count, len(pool))):
            if person.pk not in taken:
                taken.add(person.pk)
                chosen.append((role, person))
    return chosen


def _split(rng: random.Random, total: int) -> tuple[int, int, int, int]:
    """Female, male, another and not stated, adding up to the total."""
    female = round(total * rng.uniform(0.48, 0.62))
    not_stated = round(total * rng.uniform(0.0, 0.03))
    another = 1 if total > 200 and rng.random() < 0.5 else 0
    return female, total - female - not_stated - another, another, not_stated


def _status(spec: dict[str, Any], today: datetime.date) -> str:
    if spec["end"] < today:
        return "completed"
    return "ongoing" if spec["start"] <= today else "planned"


class _Framework:
    """The strategy's framework of the period, looked up by code."""

    def __init__(self, period: StrategyPeriod) -> None:
        self.period = period

    def one(self, model: Any, code: str) -> Any:
        if not code:
            return None
        return model.objects.filter(period=self.period, code=code).first()

    def many(self, model: Any, codes: list[str]) -> list[Any]:
        return list(model.objects.filter(period=self.period, code__in=codes)) if codes else []


def load() -> str:
    data = read("programme")
    period = StrategyPeriod.objects.filter(code=PERIOD).first()
    if period is None:
        return f"skipped: the {PERIOD} strategy is not loaded"
    today = data["today"]
    rng = random.Random(data["people"]["seed"])
    people = _people(rng, data["people"])
    framework = _Framework(period)
    countries = countries_by_iso2()
    partners = {partner.slug: partner for partner in Partner.objects.all()}
    regions = {region.code: region for region in PriorityRegion.objects.all()}
    existing = set(Activity.objects.values_list("code", flat=True))
    created = 0
    entries: list[ParticipationEntry] = []
    for spec in data["activities"]:
        chosen = _choose_people(rng, people, spec)
        venue = spec.get("venue")
        split = _split(rng, venue["total"]) if venue else None
        if spec["code"] in existing:
            continue
        activity = activity_create(
            code=spec["code"],
            title=spec["title"],
            description=as_translated(spec.get("description", ""), "en"),
            original_language="en",
            kind=spec["kind"],
            period=period,
            start_date=spec["start"],
            end_date=spec["end"],
            modality=spec["modality"],
            languages=spec.get("languages", ["en"]),
            status=_status(spec, today),
            unit=framework.one(ProgrammeUnit, spec["unit"]),
            output=framework.one(UnescoOutput, spec.get("output", "")),
            initiative=framework.one(Initiative, spec.get("initiative", "")),
            parent=Activity.objects.filter(code=spec["parent"]).first()
            if spec.get("parent")
            else None,
            pillars=framework.many(ProgrammePillar, spec["pillars"]),
            objectives=framework.many(StrategicObjective, spec["objectives"]),
            priorities=framework.many(Priority, spec.get("priorities", [])),
            target_groups=framework.many(TargetGroup, spec.get("target_groups", [])),
            partners=[partners[slug] for slug in spec.get("partners", []) if slug in partners],
            target_regions=[regions[c] for c in spec.get("target_regions", []) if c in regions],
            target_countries=[
                countries[c] for c in spec.get("target_countries", []) if c in countries
            ],
        )
        existing.add(activity.code)
        created += 1
        completed = activity.status == "completed"
        source = (
            ParticipationSource.ATTENDANCE
            if spec["kind"] in VENUE_KINDS
            else ParticipationSource.COMPETITION
        )
        entries += [
            ParticipationEntry.for_person(
                activity_id=activity.pk,
                person=person,
                role=role,
                attended=completed,
                completed=completed and spec["kind"] in ENTRY_KINDS,
                certified=False,
                source=source,
            )
            for role, person in chosen
        ]
        if venue and split and completed:
            female, male, another, not_stated = split
            groups = spec.get("target_groups") or ["teachers"]
            aggregate_participation_create(
                activity=activity,
                role=ParticipationRole.PARTICIPANT,
                total=venue["total"],
                female=female,
                male=male,
                another=another,
                not_stated=not_stated,
                country_count=len(venue["countries"]),
                countries=[countries[c] for c in venue["countries"] if c in countries],
                target_group=framework.one(TargetGroup, groups[0]),
                **data["venue_counts"],
            )
    result = participation_record_many(entries=entries)
    return f"{created} activities, {result.created} participation records"

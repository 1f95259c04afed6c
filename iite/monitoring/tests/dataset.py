"""A generated data set that touches every rule of the indicators.

Every activity kind in every status, starting in each half-year around the strategy's
first years; every participation role, person role, sex and flag; countries of every
UNESCO region, both statuses and a priority region; every partner type; aggregate
records with one, several or no countries and with and without a target group; pillars,
objectives and priorities on some activities. A seeded generator keeps it the same on
every run, so a failure can be reproduced.
"""

from __future__ import annotations

import datetime
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from iite.accounts.models import PersonRole, Sex
from iite.partners.models.partners import PartnerType, RelationshipLevel, Sector
from iite.partners.tests.factories import PartnerFactory
from iite.programme.models import (
    ActivityKind,
    ActivityStatus,
    AggregateParticipation,
    Participation,
    ParticipationRole,
)
from iite.programme.tests.factories import ActivityFactory, AggregateFactory, ParticipationFactory
from iite.reference.models import UnescoRegion
from iite.reference.tests.factories import CountryFactory, PriorityRegionFactory
from iite.strategy.models import Priority
from iite.strategy.tests.factories import (
    ObjectiveFactory,
    PeriodFactory,
    PillarFactory,
    TargetGroupFactory,
)

# The first day of each half-year from 2025-H2 to 2027-H1, and the last day of each.
DAYS = (
    datetime.date(2025, 12, 31),
    datetime.date(2026, 1, 1),
    datetime.date(2026, 6, 30),
    datetime.date(2026, 7, 1),
    datetime.date(2026, 12, 31),
    datetime.date(2027, 3, 15),
)


@dataclass
class Dataset:
    # Factories return model instances (typed as the factory by the stubs).
    countries: list[Any] = field(default_factory=list)
    pillars: list[Any] = field(default_factory=list)
    objectives: list[Any] = field(default_factory=list)
    priorities: list[Any] = field(default_factory=list)
    partners: list[Any] = field(default_factory=list)
    activities: list[Any] = field(default_factory=list)


def build(seed: int = 10) -> Dataset:
    """Create the records; returns what the scopes of a test can filter by."""
    rng = random.Random(seed)
    data = Dataset()
    period: Any = PeriodFactory()
    africa = PriorityRegionFactory(code="africa")
    sids = PriorityRegionFactory(code="sids")
    for index, region in enumerate(UnescoRegion.values):
        for status in ("member", "associate"):
            country: Any = CountryFactory(
                iso2=f"{chr(75 + index)}{'M' if status == 'member' else 'A'}",
                iso3=f"{chr(75 + index)}{'M' if status == 'member' else 'A'}X",
                unesco_region=region,
                status=status,
            )
            if index % 2 == 0:
                country.priority_regions.add(africa if status == "member" else sids)
            data.countries.append(country)
    data.pillars = [PillarFactory(code=f"P{n}") for n in (1, 2, 3)]
    data.objectives = [ObjectiveFactory(code=f"SO{n}") for n in (1, 2)]
    data.priorities = [
        Priority.objects.create(period=period, code=code, title={"en": code})
        for code in ("gender", "africa")
    ]
    groups = [
        TargetGroupFactory(code="teachers", person_roles=["teacher", "teacher_trainer"]),
        TargetGroupFactory(code="students", person_roles=["student", "youth"]),
        TargetGroupFactory(code="policymakers", person_roles=["policymaker"]),
        TargetGroupFactory(code="others", person_roles=["researcher", "parent"]),
    ]
    for index, kind in enumerate(PartnerType.values):
        data.partners.append(
            PartnerFactory(
                kind=kind,
                relationship_level=RelationshipLevel.values[index % 3],
                sector=Sector.values[index % len(Sector.values)],
                country=data.countries[index % len(data.countries)] if index % 4 else None,
            )
        )
    # Partners whose first joint activity falls before the period, so they are not new.
    early = ActivityFactory(kind="webinar", start_date=datetime.date(2024, 5, 1))
    early.partners.set(data.partners[:3])

    people = [uuid.uuid4() for _ in range(60)]
    profiles = {
        key: (
            rng.choice([*data.countries, None]),
            rng.choice([*Sex.values, ""]),
            rng.choice([*PersonRole.values, ""]),
        )
        for key in people
    }
    kinds = list(ActivityKind.values)
    statuses = ActivityStatus.values
    # Partners whose first joint activity is in the period, so they are new.
    newcomers = [
        PartnerFactory(kind=kind, country=data.countries[0]) for kind in ("ngo", "network")
    ]
    ActivityFactory(kind="training", start_date=datetime.date(2026, 8, 1)).partners.set(
        [*newcomers, data.partners[-1]]
    )
    plan = [(kind, day) for kind in kinds for day in DAYS for _twice in (1, 2)]
    for index, (kind, start) in enumerate(plan):
        status = rng.choice([*statuses, "completed", "ongoing"])
        activity: Any = ActivityFactory(
            kind=kind,
            status=status,
            start_date=start,
            languages=rng.sample(["en", "fr", "ru", "ar"], k=rng.choice([0, 1, 2])),
            is_public=index % 5 != 0,
            pillars=rng.sample(data.pillars, k=rng.choice([0, 1, 2])),
            target_countries=rng.sample(data.countries, k=rng.choice([0, 0, 1, 2, 3])),
            partners=rng.sample(data.partners, k=rng.choice([0, 0, 1, 2])),
        )
        activity.objectives.set(rng.sample(data.objectives, k=rng.choice([0, 1])))
        activity.priorities.set(rng.sample(data.priorities, k=rng.choice([0, 1])))
        data.activities.append(activity)
        for key in rng.sample(people, k=rng.randrange(0, 6)):
            country, sex, person_role = profiles[key]
            completed = rng.random() < 0.5
            ParticipationFactory(
                activity=activity,
                person_key=key,
                role=rng.choice(ParticipationRole.values),
                attended=rng.random() < 0.6,
                completed=completed,
                certified=completed and rng.random() < 0.5,
                country=country,
                sex=sex,
                person_role=person_role,
            )
        if index % 2:
            total = rng.randrange(5, 40)
            female = rng.randrange(0, total // 2)
            male = rng.randrange(0, total - female - 3)
            completed_n = rng.randrange(0, total)
            AggregateFactory(
                activity=activity,
                role=rng.choice(ParticipationRole.values),
                total=total,
                female=female,
                male=male,
                another=rng.choice([0, 1]),
                not_stated=rng.choice([0, 2]),
                completed=completed_n,
                certified=rng.randrange(0, completed_n + 1),
                target_group=rng.choice([*groups, None]),
                countries=rng.sample(data.countries, k=rng.choice([0, 1, 1, 2])),
            )
    assert Participation.objects.exists() and AggregateParticipation.objects.exists()
    return data

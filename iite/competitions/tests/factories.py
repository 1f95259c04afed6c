"""Factories for the competitions domain's tests."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.utils import timezone

from iite.accounts.models import User
from iite.accounts.tests.factories import UserFactory
from iite.competitions import services
from iite.competitions.models import Competition, Edition, Entry
from iite.strategy.models import ProgrammeUnit
from iite.strategy.tests.factories import PeriodFactory, PillarFactory, UnitFactory


def default_unit() -> ProgrammeUnit:
    period = PeriodFactory()
    PillarFactory(period=period, code="P5", order=5, title={"en": "Competitions and awards"})
    return cast(ProgrammeUnit, UnitFactory(period=period, code="UC"))


def make_competition(slug: str = "design-futures", **fields: Any) -> Competition:
    defaults: dict[str, Any] = {"name": {"en": "Global Competition on Design for the Futures"}}
    defaults.update(fields)
    return services.competition_create(slug=slug, **defaults)


def make_edition(competition: Competition | None = None, **fields: Any) -> Edition:
    """An open edition (deadline in ten days) with a two-criterion rubric and two rounds."""
    competition = competition or make_competition()
    now = timezone.now()
    defaults: dict[str, Any] = {
        "year": 2026,
        "title": {"en": "Design for the Futures 2026", "es": "Diseño para el Futuro 2026"},
        "opens_at": now - datetime.timedelta(days=10),
        "closes_at": now + datetime.timedelta(days=10),
        "stage": "open",
        "team_max": 4,
        "judges_per_entry": 2,
        "unit": default_unit(),
    }
    defaults.update(fields)
    edition = services.edition_create(competition=competition, **defaults)
    services.edition_parts_add(
        edition=edition,
        categories=[{"en": "AI for Education"}, {"en": "AI for Society"}],
        criteria=[
            {"name": {"en": "Originality"}, "weight": 2, "scale_max": 5},
            {"name": {"en": "Feasibility"}, "weight": 1, "scale_max": 5},
        ],
        rounds=[{"name": {"en": "Regional round"}, "promote": 2}, {"name": {"en": "Global final"}}],
        prizes=[{"name": {"en": "First prize"}}],
        questions=[{"text": {"en": "What problem does it solve?"}}],
    )
    return edition


def make_entry(
    edition: Edition, owner: User | None = None, submit: bool = True, **fields: Any
) -> Entry:
    owner = owner or cast(User, UserFactory())
    question = edition.questions.first()
    values: dict[str, Any] = {
        "title": f"Entry of {owner.name}",
        "answers": {str(question.pk): "A real problem."} if question else {},
    }
    values.update(fields)
    entry = services.entry_save_draft(edition=edition, owner=owner, **values)
    if submit:
        assert services.entry_submit(entry=entry) == []
        entry.refresh_from_db()
    return entry

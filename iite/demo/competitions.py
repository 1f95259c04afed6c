"""The competitions domain's demo data of data/competitions.toml, loaded through its services.

Each of the five Pillar 5 competitions gets its 2026 edition on the activity the
programme data recorded. Entrants apply and submit as applicants do, while the call was
open; judges are invited (their conflicts derived from their profiles), assigned by the
same min-cost flow staff use, and score from the entry's quality and their own habit,
so the ranking page shows what normalisation changes. Editions with results have their
results published, which issues the winners' and finalists' credentials.
"""

from __future__ import annotations

import datetime
from typing import Any

from iite.accounts.models import User
from iite.competitions import judging, results, services
from iite.competitions.models import Assignment, Competition, Edition, Entry, Stage
from iite.partners.models import Partner
from iite.programme.models import Activity
from iite.strategy.models import ProgrammeUnit
from iite.strategy.selectors import period_current

from .datafiles import people_ensure, read


def _person(spec: dict[str, Any]) -> User:
    return people_ensure([spec])[0]


def _entries(edition: Edition, specs: list[dict[str, Any]], when: datetime.datetime) -> list[Entry]:
    categories = list(edition.categories.all())
    questions = list(edition.questions.all())
    entries = []
    for spec in specs:
        owner = _person(spec["lead"])
        supervisor = spec.get("supervisor", {})
        entry = services.entry_save_draft(
            edition=edition,
            owner=owner,
            now=when,
            title=spec["title"],
            team_name=spec.get("team", ""),
            category=categories[spec["category"]] if "category" in spec else None,
            answers={str(q.pk): spec["title"] for q in questions},
            supervisor_name=supervisor.get("name", ""),
            supervisor_email=supervisor.get("email", ""),
            supervisor_role=supervisor.get("role", ""),
        )
        people_ensure(spec.get("members", []) + ([spec["mentor"]] if "mentor" in spec else []))
        for member in spec.get("members", []):
            services.team_member_invite(entry=entry, email=member["email"], now=when)
        if "mentor" in spec:
            services.team_member_invite(
                entry=entry, email=spec["mentor"]["email"], role="mentor", now=when
            )
        if not spec.get("draft"):
            problems = services.entry_submit(entry=entry, now=when)
            if problems:
                raise ValueError(f"Demo entry {spec['title']!r} is not eligible: {problems}")
        entry.refresh_from_db()
        entries.append(entry)
    return entries


def _score(assignments: list[Assignment], quality: dict[int, int], bias: dict[int, float]) -> None:
    for assignment in assignments:
        criteria = list(assignment.round.edition.criteria.all())
        scores = {}
        for offset, criterion in enumerate(criteria):
            level = quality[assignment.entry_id] * criterion.scale_max / 100
            level += bias[assignment.judge_id] + (offset % 2) * 0.3
            scores[criterion.pk] = (max(1, min(criterion.scale_max, round(level))), "")
        judging.review_submit(assignment=assignment, scores=scores, confidence=2 + offset % 2)


def _edition(
    competition: Competition, spec: dict[str, Any], activity: Activity | None, unit: Any
) -> int:
    stage = spec["stage"]
    edition = services.edition_create(
        competition=competition,
        year=2026,
        activity=activity,
        unit=unit,
        title=spec["title"],
        call_text=spec.get("call_text", {}),
        opens_at=spec["opens"],
        closes_at=spec["closes"],
        time_zone=spec["time_zone"],
        stage=Stage.OPEN,
        eligible_roles=spec.get("eligible_roles", []),
        eligible_regions=spec.get("eligible_regions", []),
        team_min=spec.get("team_min", 1),
        team_max=spec.get("team_max", 1),
        blind=spec.get("blind", False),
        judges_per_entry=spec.get("judges_per_entry", 2),
        normalise_min_entries=spec.get("normalise_min_entries", 4),
        conflict_same_country=spec.get("conflict_same_country", False),
    )
    services.edition_parts_add(
        edition=edition,
        categories=spec.get("categories", []),
        criteria=spec["criteria"],
        rounds=spec["rounds"],
        prizes=spec.get("prizes", []),
        questions=spec.get("questions", []),
    )
    entries = _entries(edition, spec["entries"], spec["opens"] + datetime.timedelta(days=1))
    quality = {
        entry.pk: item["quality"] for entry, item in zip(entries, spec["entries"], strict=True)
    }
    bias: dict[int, float] = {}
    for item in spec.get("judges", []):
        judge, _conflicts = judging.judge_invite(edition=edition, user=_person(item["person"]))
        bias[judge.pk] = item["bias"]
        for number in item.get("declared", []):
            judging.conflict_declare(
                judge=judge,
                entry=edition.entries.get(number=number),
                source="judge",
                note="Supervised the team's project",
            )
    if stage == Stage.OPEN:
        return len(entries)
    services.edition_stage_set(edition=edition, stage=Stage.JUDGING)
    rounds = list(edition.rounds.all())
    for position, judging_round in enumerate(rounds):
        judging.assignment_run(judging_round=judging_round)
        assignments = list(judging_round.assignments.select_related("round__edition"))
        if stage == Stage.JUDGING:
            share = round(len(assignments) * spec.get("scored", 1))
            _score(assignments[:share], quality, bias)
            return len(entries)
        _score(assignments, quality, bias)
        if position + 1 < len(rounds):
            results.round_promote(judging_round=judging_round)
    prizes = list(edition.prizes.all())
    for number, result, prize in spec.get("results", []):
        results.entry_result_set(
            entry=edition.entries.get(number=number),
            result=result,
            prize=prizes[prize - 1] if prize else None,
        )
    results.results_publish(edition=edition)
    return len(entries)


def load() -> str:
    if period_current() is None:
        return "skipped: no strategy period is current"
    data = read("competitions")
    editions = entries = 0
    for spec in data["competitions"]:
        competition = Competition.objects.filter(slug=spec["slug"]).first()
        if competition is None:
            competition = services.competition_create(
                slug=spec["slug"],
                name=spec["name"],
                kind=spec["kind"],
                website=spec.get("website", ""),
                partners=Partner.objects.filter(slug__in=spec["partners"]),
            )
        if competition.editions.filter(year=2026).exists():
            continue
        activity = Activity.objects.filter(code=spec["activity"]).first()
        unit = ProgrammeUnit.objects.filter(period=period_current(), code=spec["unit"]).first()
        entries += _edition(competition, spec["edition"], activity, unit)
        editions += 1
    return f"{editions} editions, {entries} entries"

"""Reads for competition pages, juries and the ranking."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from iite.accounts.models import User

from .models import (
    Assignment,
    Conflict,
    Edition,
    Entry,
    EntryFile,
    EntryStatus,
    Judge,
    Result,
    Round,
    Stage,
    TeamMember,
)
from .ranking import JudgeScore, Standing, standings, weighted_total


def editions_public() -> QuerySet[Edition]:
    return (
        Edition.objects.exclude(stage=Stage.DRAFT)
        .select_related("competition")
        .prefetch_related("competition__partners")
        .order_by("-year", "competition__slug")
    )


def edition_public(slug: str, year: int) -> Edition | None:
    return (
        editions_public()
        .prefetch_related(
            "categories", "criteria", "rounds", "prizes", "questions", "eligible_countries"
        )
        .filter(competition__slug=slug, year=year)
        .first()
    )


def entries_of(user: User) -> list[Entry]:
    """The person's own entries and the teams they are in or invited to."""
    return list(
        Entry.objects.filter(
            Q(owner=user) | Q(members__user=user) | Q(members__email__iexact=user.email)
        )
        .distinct()
        .select_related("edition__competition")
        .order_by("-created_at")
    )


def entry_for(user: User, pk: int) -> Entry | None:
    """An entry its owner, a team member or an invited address may see."""
    return (
        Entry.objects.filter(pk=pk)
        .filter(Q(owner=user) | Q(members__user=user) | Q(members__email__iexact=user.email))
        .select_related("edition__competition", "owner", "category", "round")
        .prefetch_related("members__user")
        .distinct()
        .first()
    )


def invitation_for(entry: Entry, user: User) -> TeamMember | None:
    return entry.members.filter(email__iexact=user.email, user__isnull=True).first()


def judging_of(user: User) -> list[Judge]:
    return list(
        Judge.objects.filter(user=user)
        .exclude(edition__stage=Stage.DRAFT)
        .select_related("edition__competition")
        .order_by("-edition__year")
    )


def judge_for(user: User, edition_id: int) -> Judge | None:
    return Judge.objects.filter(user=user, edition_id=edition_id).select_related("edition").first()


@dataclass(frozen=True, slots=True)
class JudgeView:
    """What a judge sees of one assigned entry: nothing that names the team when blind."""

    assignment: Assignment
    label: str
    title: str
    summary: str
    category: str
    answers: list[tuple[str, str]]
    links: list[str]
    team: str
    institution: str
    files: list[tuple[int, str]]

    @classmethod
    def of(cls, assignment: Assignment) -> JudgeView:
        entry = assignment.entry
        edition = assignment.round.edition
        questions = {str(q.pk): q.text for q in edition.questions.all()}
        answers = [
            (str(questions[key]), str(value))
            for key, value in (entry.answers or {}).items()
            if key in questions
        ]
        hide = edition.blind
        return cls(
            assignment=assignment,
            label=entry.label,
            title=entry.title,
            summary=entry.summary,
            category=str(entry.category.name) if entry.category else "",
            answers=answers,
            links=list(entry.links or []),
            team="" if hide else (entry.team_name or entry.owner.name or entry.owner.email),
            institution="" if hide else entry.owner.institution,
            # A blind judge sees "File 1", not the name the entrant gave the file.
            files=[
                (f.pk, _("File %(n)s") % {"n": n} if hide else f.name)
                for n, f in enumerate(entry.files.all(), start=1)
            ],
        )


def judge_assignments(judge: Judge) -> list[JudgeView]:
    """The judge's entries in the edition's current rounds, minus any with a conflict."""
    conflicted = Conflict.objects.filter(judge=judge).values("entry_id")
    assignments = (
        Assignment.objects.filter(judge=judge)
        .exclude(entry_id__in=conflicted)
        .exclude(entry__status=EntryStatus.WITHDRAWN)
        .select_related("entry__owner", "entry__category", "round__edition")
        .prefetch_related("round__edition__questions", "scores", "entry__files")
        .order_by("round__number", "entry__number")
    )
    return [JudgeView.of(assignment) for assignment in assignments]


def judge_assignment(judge: Judge, pk: int) -> JudgeView | None:
    return next((view for view in judge_assignments(judge) if view.assignment.pk == pk), None)


def entry_file_for(user: User, pk: int) -> EntryFile | None:
    """A file its team, the entry's unconflicted judges or staff may download."""
    entry_file = EntryFile.objects.filter(pk=pk).select_related("entry").first()
    if entry_file is None or not user.is_authenticated:
        return None
    entry = entry_file.entry
    if user.has_perm("competitions.change_edition") or entry_for(user, entry.pk) is not None:
        return entry_file
    judge = Judge.objects.filter(user=user, edition_id=entry.edition_id).first()
    if judge is not None and any(
        view.assignment.entry_id == entry.pk for view in judge_assignments(judge)
    ):
        return entry_file
    return None


def current_round(edition: Edition) -> Round | None:
    """The latest round that has entries in it, else the first."""
    rounds = list(edition.rounds.all())
    with_entries = [r for r in rounds if r.entries.filter(status=EntryStatus.SUBMITTED).exists()]
    chosen = with_entries or rounds
    return chosen[-1] if chosen else None


@dataclass(frozen=True, slots=True)
class RankedEntry:
    entry: Entry
    standing: Standing
    scores: list[tuple[str, float, int | None]]  # judge name, weighted total, confidence


def round_ranking(judging_round: Round) -> list[RankedEntry]:
    """The round's sent reviews ranked raw and normalised, with every judge's total."""
    edition = judging_round.edition
    assignments = list(
        judging_round.assignments.filter(submitted_at__isnull=False)
        .exclude(entry__status=EntryStatus.WITHDRAWN)
        .select_related("judge__user", "entry__owner", "entry__category")
        .prefetch_related(Prefetch("scores__criterion"))
    )
    totals: list[JudgeScore] = []
    per_entry: dict[int, list[tuple[str, float, int | None]]] = defaultdict(list)
    entries: dict[int, Entry] = {}
    for assignment in assignments:
        total = weighted_total(
            (score.value, score.criterion.scale_max, score.criterion.weight)
            for score in assignment.scores.all()
        )
        totals.append(JudgeScore(assignment.judge_id, assignment.entry_id, total))
        per_entry[assignment.entry_id].append(
            (
                assignment.judge.user.name or assignment.judge.user.email,
                total,
                assignment.confidence,
            )
        )
        entries[assignment.entry_id] = assignment.entry
    return [
        RankedEntry(entry=entries[s.entry], standing=s, scores=per_entry[s.entry])
        for s in standings(totals, min_entries=edition.normalise_min_entries)
    ]


def winners(edition: Edition) -> list[Entry]:
    """The edition's winners, honourable mentions and finalists, for the public page."""
    order = {Result.WINNER: 0, Result.HONOURABLE: 1, Result.FINALIST: 2}
    entries = list(
        edition.entries.filter(status=EntryStatus.SUBMITTED)
        .exclude(result="")
        .select_related("owner__country", "prize", "category")
    )
    return sorted(
        entries,
        key=lambda e: (order.get(Result(e.result), 9), e.prize.order if e.prize else 99, e.number),
    )


def staff_edition(pk: int) -> Edition | None:
    return (
        Edition.objects.filter(pk=pk)
        .select_related("competition", "activity")
        .prefetch_related("rounds", "criteria", "prizes")
        .first()
    )


def staff_entries(edition: Edition) -> QuerySet[Entry]:
    return edition.entries.select_related("owner__country", "category", "round").order_by("number")


def staff_judges(edition: Edition) -> list[dict[str, Any]]:
    judges = list(edition.judges.select_related("user").order_by("pk"))
    loads: dict[int, int] = defaultdict(int)
    for judge_id in Assignment.objects.filter(judge__edition=edition).values_list(
        "judge_id", flat=True
    ):
        loads[judge_id] += 1
    conflicts = defaultdict(list)
    for conflict in Conflict.objects.filter(judge__edition=edition).select_related("entry"):
        conflicts[conflict.judge_id].append(conflict)
    return [
        {"judge": judge, "load": loads[judge.pk], "conflicts": conflicts[judge.pk]}
        for judge in judges
    ]


def round_assignments(judging_round: Round) -> QuerySet[Assignment]:
    return judging_round.assignments.select_related("judge__user", "entry").order_by(
        "entry__number", "judge_id"
    )

"""Juries: judges invited per edition, conflicts of interest, assignment and scores.

Conflicts come from both sides (a judge or an entrant declares one) and from the
records: the same institution, the same country where the edition says so, staff of
the same partner, former teammates. They are derived when a judge is invited and again
before every automatic assignment, so an assignment can never cross one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iite.accounts.models import User
from iite.partners.selectors import partners_staffed_by
from iite.programme.models import ParticipationRole, ParticipationSource
from iite.programme.services import participation_record

from .matching import Plan, assignment_plan
from .models import (
    Assignment,
    Conflict,
    ConflictSource,
    Edition,
    Entry,
    EntryStatus,
    Judge,
    Round,
    Score,
)
from .services import mail_later


def _institution(text: str) -> str:
    return " ".join(text.casefold().split())


def _entry_people(entries: Iterable[Entry]) -> dict[int, list[User]]:
    people: dict[int, list[User]] = {}
    for entry in entries:
        people[entry.pk] = [entry.owner, *(m.user for m in entry.members.all() if m.user)]
    return people


def _teammates(user_ids: set[int], edition: Edition) -> dict[int, set[int]]:
    """Who shared a team with whom in other editions' entries."""
    teams: dict[int, set[int]] = defaultdict(set)
    others = (
        Entry.objects.exclude(edition=edition)
        .filter(status=EntryStatus.SUBMITTED)
        .prefetch_related("members")
    )
    for entry in others.filter(owner_id__in=user_ids) | others.filter(
        members__user_id__in=user_ids
    ):
        team = {entry.owner_id, *(m.user_id for m in entry.members.all() if m.user_id)}
        for person in team:
            teams[person] |= team - {person}
    return teams


def conflicts_derive(*, edition: Edition, judges: Iterable[Judge] | None = None) -> int:
    """Record the conflicts the records show for the edition's judges; returns how many are new."""
    judges = list(judges if judges is not None else edition.judges.select_related("user"))
    entries = list(
        edition.entries.exclude(status=EntryStatus.WITHDRAWN)
        .select_related("owner")
        .prefetch_related("members__user")
    )
    if not judges or not entries:
        return 0
    people = _entry_people(entries)
    user_ids = {judge.user_id for judge in judges} | {
        person.pk for persons in people.values() for person in persons
    }
    staff = partners_staffed_by(user_ids)
    teammates = _teammates({judge.user_id for judge in judges}, edition)
    wanted: list[Conflict] = []
    for judge in judges:
        mine = _institution(judge.user.institution)
        for entry in entries:
            for person in people[entry.pk]:
                if person.pk == judge.user_id:
                    wanted.append(Conflict(judge=judge, entry=entry, source=ConflictSource.ENTRANT))
                if mine and _institution(person.institution) == mine:
                    wanted.append(
                        Conflict(judge=judge, entry=entry, source=ConflictSource.INSTITUTION)
                    )
                if (
                    edition.conflict_same_country
                    and judge.user.country_id
                    and person.country_id == judge.user.country_id
                ):
                    wanted.append(Conflict(judge=judge, entry=entry, source=ConflictSource.COUNTRY))
                if staff.get(judge.user_id, set()) & staff.get(person.pk, set()):
                    wanted.append(Conflict(judge=judge, entry=entry, source=ConflictSource.PARTNER))
                if person.pk in teammates.get(judge.user_id, set()):
                    wanted.append(
                        Conflict(judge=judge, entry=entry, source=ConflictSource.TEAMMATE)
                    )
    before = Conflict.objects.filter(judge__edition=edition).count()
    Conflict.objects.bulk_create(wanted, ignore_conflicts=True)
    return Conflict.objects.filter(judge__edition=edition).count() - before


@transaction.atomic
def judge_invite(*, edition: Edition, user: User) -> tuple[Judge, int]:
    """Invite a judge to the edition; their conflicts are derived before anything is assigned.

    Returns the judge and the number of entries they are in conflict with.
    """
    judge, created = Judge.objects.get_or_create(edition=edition, user=user)
    conflicts_derive(edition=edition, judges=[judge])
    if created:
        mail_later(
            user.pk,
            "competitions/email/judge_invited",
            {"edition_title": str(edition.title), "edition_id": edition.pk},
            edition.original_language,
        )
    return judge, judge.conflicts.values("entry").distinct().count()


@transaction.atomic
def conflict_declare(*, judge: Judge, entry: Entry, source: str, note: str = "") -> Conflict:
    """A judge, an entrant or staff declares a conflict; an unscored assignment across it goes."""
    if entry.edition_id != judge.edition_id:
        raise ValidationError(_("The judge and the entry belong to different editions."))
    conflict, _created = Conflict.objects.get_or_create(
        judge=judge, entry=entry, source=source, defaults={"note": note[:300]}
    )
    Assignment.objects.filter(judge=judge, entry=entry, submitted_at__isnull=True).delete()
    return conflict


def _eligible_entries(judging_round: Round) -> list[Entry]:
    return list(judging_round.entries.filter(status=EntryStatus.SUBMITTED))


@transaction.atomic
def assignment_run(*, judging_round: Round) -> Plan:
    """Propose and save the assignment of the round: k judges per entry, loads balanced,
    conflicts impossible. Assignments already made (by hand or earlier) stay."""
    edition = judging_round.edition
    conflicts_derive(edition=edition)
    entries = _eligible_entries(judging_round)
    judges = list(edition.judges.all())
    conflicts = set(
        Conflict.objects.filter(judge__edition=edition).values_list("judge_id", "entry_id")
    )
    existing = set(judging_round.assignments.values_list("judge_id", "entry_id"))
    plan = assignment_plan(
        entries=[entry.pk for entry in entries],
        judges=[judge.pk for judge in judges],
        k=edition.judges_per_entry,
        conflicts=conflicts,
        existing=existing,
    )
    Assignment.objects.bulk_create(
        [
            Assignment(round=judging_round, judge_id=judge, entry_id=entry, automatic=True)
            for judge, entry in sorted(plan.pairs)
        ]
    )
    for judge_id in {judge for judge, _entry in plan.pairs}:
        judge = next(j for j in judges if j.pk == judge_id)
        mail_later(
            judge.user_id,
            "competitions/email/assigned",
            {"edition_title": str(edition.title), "edition_id": edition.pk},
            edition.original_language,
        )
    return plan


@transaction.atomic
def assignment_add(*, judging_round: Round, judge: Judge, entry: Entry) -> Assignment:
    """Staff add a judge to an entry by hand; a conflict refuses it."""
    if judge.edition_id != judging_round.edition_id or entry.edition_id != judging_round.edition_id:
        raise ValidationError(_("The judge and the entry must belong to this edition."))
    conflicts_derive(edition=judging_round.edition, judges=[judge])
    if Conflict.objects.filter(judge=judge, entry=entry).exists():
        raise ValidationError(_("This judge has a conflict of interest with this entry."))
    assignment, _created = Assignment.objects.get_or_create(
        round=judging_round, judge=judge, entry=entry, defaults={"automatic": False}
    )
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: Assignment) -> None:
    if assignment.submitted_at is not None:
        raise ValidationError(_("This judge has already scored the entry."))
    assignment.delete()


@transaction.atomic
def review_submit(
    *,
    assignment: Assignment,
    scores: Mapping[int, tuple[int, str]],
    confidence: int,
    comment: str = "",
) -> Assignment:
    """Save a judge's scores (criterion id -> (score, comment)), confidence and comment.

    Every criterion of the rubric needs a score within its scale. The first review a
    judge sends records them as a judge of the edition's activity.
    """
    edition = assignment.round.edition
    if edition.stage != "judging":
        raise ValidationError(_("Scores can be sent only while the edition is being judged."))
    if Conflict.objects.filter(judge=assignment.judge, entry=assignment.entry).exists():
        raise ValidationError(_("You have a conflict of interest with this entry."))
    errors: dict[str, Any] = {}
    criteria = list(edition.criteria.all())
    for criterion in criteria:
        value = scores.get(criterion.pk, (None, ""))[0]
        if value is None or not 1 <= int(value) <= criterion.scale_max:
            errors[f"criterion_{criterion.pk}"] = _(
                "Give “%(criterion)s” a score from 1 to %(top)s."
            ) % {"criterion": criterion.name, "top": criterion.scale_max}
    if confidence not in (1, 2, 3):
        errors["confidence"] = _("Say how confident you are: 1, 2 or 3.")
    if errors:
        raise ValidationError(errors)
    for criterion in criteria:
        value, note = scores[criterion.pk]
        Score.objects.update_or_create(
            assignment=assignment,
            criterion=criterion,
            defaults={"value": int(value), "comment": note[:2000]},
        )
    first = assignment.submitted_at is None
    assignment.confidence = confidence
    assignment.comment = comment[:4000]
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["confidence", "comment", "submitted_at"])
    if first:
        participation_record(
            activity=edition.activity,
            person=assignment.judge.user,
            role=ParticipationRole.JUDGE,
            source=ParticipationSource.COMPETITION,
        )
    return assignment

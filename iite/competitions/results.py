"""Rounds and results: promotion to the next round, winners, credentials.

Winners and finalists receive Open Badges 3.0 credentials through the credentials
domain (one achievement per edition and result), which also marks their participation
certified; judges and mentors are already recorded in their own roles, so indicator 6
counts the edition and its teachers and students from records.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from iite.core.records import records_changed_on_commit
from iite.credentials.services import achievement_for_course_save, credential_issue

from .models import Edition, Entry, EntryStatus, MemberRole, Prize, Result, Round, Stage
from .selectors import round_ranking
from .services import edition_stage_set, mail_later


@transaction.atomic
def round_promote(*, judging_round: Round, count: int | None = None) -> list[Entry]:
    """Move the round's top entries (normalised ranking) to the next round; tell them."""
    following = judging_round.edition.rounds.filter(number__gt=judging_round.number).first()
    if following is None:
        raise ValidationError(_("This is the last round."))
    count = judging_round.promote if count is None else count
    if count < 1:
        raise ValidationError({"count": _("Promote at least one entry.")})
    top = [ranked.entry for ranked in round_ranking(judging_round)][:count]
    for entry in top:
        entry.round = following
        entry.save(update_fields=["round", "updated_at"])
        mail_later(
            entry.owner_id,
            "competitions/email/advanced",
            {
                "entry_title": entry.title,
                "round_name": str(following.name),
                "entry_url": entry.get_absolute_url(),
            },
            entry.edition.original_language,
        )
    return top


@transaction.atomic
def entry_result_set(*, entry: Entry, result: str, prize: Prize | None = None) -> Entry:
    if entry.status != EntryStatus.SUBMITTED:
        raise ValidationError(_("Only submitted entries can receive a result."))
    if result not in Result.values:
        raise ValidationError({"result": _("Choose a result from the list.")})
    if prize is not None and prize.edition_id != entry.edition_id:
        raise ValidationError({"prize": _("Choose a prize of this edition.")})
    entry.result = result
    entry.prize = prize if result in (Result.WINNER, Result.HONOURABLE) else None
    entry.save(update_fields=["result", "prize", "updated_at"])
    return entry


def _achievement(edition: Edition, result: str) -> Any:
    field = "winner_achievement" if result == Result.WINNER else "finalist_achievement"
    achievement = getattr(edition, field)
    if achievement is not None:
        return achievement
    # Every signed credential embeds these texts, so they are written in the six languages.
    name: dict[str, str] = {}
    criteria: dict[str, str] = {}
    for code in settings.LANGUAGE_CODES:
        with translation.override(code):
            label = _("Winner") if result == Result.WINNER else _("Finalist")
            name[code] = f"{edition.title.resolve(code)} — {label}"
            criteria[code] = (
                _("Chosen by the jury as a winner of this edition.")
                if result == Result.WINNER
                else _("Reached the final selection of this edition.")
            )
    achievement = achievement_for_course_save(
        code=f"{edition.competition.slug}-{edition.year}-{result}",
        name=name,
        description=criteria,
        criteria=criteria,
        original_language=edition.original_language,
        activity=edition.activity,
    )
    setattr(edition, field, achievement)
    edition.save(update_fields=[field])
    return achievement


@transaction.atomic
def results_publish(*, edition: Edition) -> int:
    """Publish the results: credentials to winners and finalists (honourable mentions
    count as finalists) and their teams, e-mails to every entrant. Returns credentials issued."""
    entries = list(
        edition.entries.filter(status=EntryStatus.SUBMITTED)
        .select_related("owner")
        .prefetch_related("members__user")
    )
    issued = 0
    for entry in entries:
        if entry.result:
            kind = Result.WINNER if entry.result == Result.WINNER else Result.FINALIST
            achievement = _achievement(edition, kind)
            people = [entry.owner] + [
                m.user for m in entry.members.all() if m.user and m.role == MemberRole.MEMBER
            ]
            for person in people:
                credential_issue(achievement=achievement, recipient=person)
                issued += 1
        mail_later(
            entry.owner_id,
            "competitions/email/result",
            {
                "entry_title": entry.title,
                "result": entry.result,
                "winners_url": edition.get_absolute_url() + "winners/",
            },
            edition.original_language,
        )
    edition_stage_set(edition=edition, stage=Stage.RESULTS)
    records_changed_on_commit(sender="competitions", kinds={"entry", "edition"})
    return issued

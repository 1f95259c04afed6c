"""Writes for competitions, editions and entries: every change a person or staff makes.

Judging (juries, conflicts, assignment, scores) is in `judging`; rounds and results in
`results`. Each edition is an Activity written through `programme.services`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from iite.accounts.mail import mail_person
from iite.accounts.models import AgeBand, User
from iite.core.records import records_changed_on_commit
from iite.programme.models import Activity, ActivityStatus, ParticipationRole, ParticipationSource
from iite.programme.services import (
    ParticipationEntry,
    activity_for_delivery_save,
    participation_record_many,
    participation_withdraw,
)

from .eligibility import entry_problems
from .models import (
    Category,
    Competition,
    CompetitionKind,
    Criterion,
    Edition,
    Entry,
    EntryFile,
    EntryStatus,
    MemberRole,
    Prize,
    Question,
    Round,
    Stage,
    TeamMember,
)

_ACTIVITY_STATUS = {
    Stage.DRAFT: ActivityStatus.PLANNED,
    Stage.OPEN: ActivityStatus.ONGOING,
    Stage.JUDGING: ActivityStatus.ONGOING,
    Stage.RESULTS: ActivityStatus.COMPLETED,
}


def mail_later(user_id: int, template: str, context: Mapping[str, Any], fallback: str) -> None:
    """Queue an e-mail to one person, in their language, once the transaction commits."""
    values = dict(context)
    transaction.on_commit(lambda: mail_person.enqueue(user_id, template, values, fallback))


# --- Competitions and editions ----------------------------------------------------------


@transaction.atomic
def competition_create(
    *,
    slug: str,
    name: dict[str, str],
    kind: str = CompetitionKind.COMPETITION,
    summary: dict[str, str] | None = None,
    original_language: str = "en",
    partners: Iterable[Any] = (),
    website: str = "",
) -> Competition:
    competition = Competition(
        slug=slug,
        name=name,
        kind=kind,
        summary=summary or {},
        original_language=original_language,
        website=website,
    )
    competition.full_clean()
    competition.save()
    competition.partners.set(list(partners))
    return competition


def _activity_values(edition: Edition) -> dict[str, Any]:
    zone = datetime.UTC
    return {
        "title": dict(edition.title),
        "description": dict(edition.call_text),
        "original_language": edition.original_language,
        "start_date": edition.opens_at.astimezone(zone).date(),
        "end_date": max(
            edition.closes_at.astimezone(zone).date(),
            datetime.date(edition.year, 12, 31),
        ),
        "status": _ACTIVITY_STATUS[Stage(edition.stage)],
        "is_public": edition.stage != Stage.DRAFT,
    }


def _activity_sync(edition: Edition) -> None:
    """Keep the activity in step: all of it when the edition created it; only its status
    and visibility when the programme recorded it first (its title and dates are theirs)."""
    values = _activity_values(edition)
    if edition.activity.code != f"{edition.competition.slug}-{edition.year}":
        values = {"status": values["status"], "is_public": values["is_public"]}
    activity_for_delivery_save(activity=edition.activity, values=values)


@transaction.atomic
def edition_create(
    *,
    competition: Competition,
    year: int,
    title: dict[str, str],
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    created_by: User | None = None,
    unit: Any = None,
    pillars: Iterable[Any] = (),
    objectives: Iterable[Any] = (),
    target_groups: Iterable[Any] = (),
    eligible_countries: Iterable[Any] = (),
    activity: Activity | None = None,
    **fields: Any,
) -> Edition:
    """Create an edition and the Activity (kind competition or award) it is.

    A new activity carries the competition's partners and the edition's dates, and goes
    to `unit` (by default the creator's) under the given pillars and objectives. An
    activity the programme already recorded (`activity`) keeps its title, dates and
    place; the edition only adds the partners, so the work is counted once.
    """
    edition = Edition(
        competition=competition,
        year=year,
        title=title,
        opens_at=opens_at,
        closes_at=closes_at,
        original_language=fields.pop("original_language", competition.original_language),
        **fields,
    )
    edition.full_clean(exclude=["activity"])
    if activity is not None:
        edition.activity = activity_for_delivery_save(
            activity=activity,
            values={"status": _ACTIVITY_STATUS[Stage(edition.stage)]},
            additions={"partners": list(competition.partners.all())},
        )
    else:
        code = f"{competition.slug}-{year}"
        if Activity.objects.filter(code=code).exists():
            raise ValidationError(
                _("An activity with the code %(code)s exists already.") % {"code": code}
            )
        edition.activity = activity_for_delivery_save(
            code=code,
            kind=competition.kind,
            created_by=created_by,
            values=_activity_values(edition),
            relations={
                "partners": list(competition.partners.all()),
                "pillars": list(pillars),
                "objectives": list(objectives),
                "target_groups": list(target_groups),
            },
            unit=unit,
        )
    edition.save()
    edition.eligible_countries.set(list(eligible_countries))
    if eligible_countries and activity is None:
        activity_for_delivery_save(
            activity=edition.activity,
            relations={"target_countries": list(edition.eligible_countries.all())},
        )
    records_changed_on_commit(sender="competitions", kinds={"edition", "activity"})
    return edition


@transaction.atomic
def edition_stage_set(*, edition: Edition, stage: str) -> Edition:
    """Move an edition to another stage; its activity follows (open: ongoing, results: done)."""
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Choose a stage from the list.")})
    edition.stage = stage
    edition.save(update_fields=["stage"])
    _activity_sync(edition)
    records_changed_on_commit(sender="competitions", kinds={"edition", "activity"})
    return edition


@transaction.atomic
def edition_update(*, edition: Edition, values: Mapping[str, Any]) -> Edition:
    """Change an edition's call, dates, rules or judging settings; its activity follows."""
    countries = values.get("eligible_countries")
    for name, value in values.items():
        if name != "eligible_countries":
            setattr(edition, name, value)
    edition.full_clean()
    edition.save()
    if countries is not None:
        edition.eligible_countries.set(list(countries))
    _activity_sync(edition)
    records_changed_on_commit(sender="competitions", kinds={"edition", "activity"})
    return edition


@transaction.atomic
def edition_parts_add(
    *,
    edition: Edition,
    categories: Iterable[dict[str, str]] = (),
    criteria: Iterable[Mapping[str, Any]] = (),
    rounds: Iterable[Mapping[str, Any]] = (),
    prizes: Iterable[Mapping[str, Any]] = (),
    questions: Iterable[Mapping[str, Any]] = (),
) -> Edition:
    """Add the edition's tracks, rubric criteria, rounds, prizes and form questions."""
    language = edition.original_language
    for order, name in enumerate(categories):
        Category.objects.create(edition=edition, name=name, order=order, original_language=language)
    for order, values in enumerate(criteria):
        criterion = Criterion(edition=edition, order=order, original_language=language, **values)
        criterion.full_clean()
        criterion.save()
    for number, values in enumerate(rounds, start=1):
        Round.objects.create(edition=edition, number=number, original_language=language, **values)
    for order, values in enumerate(prizes):
        Prize.objects.create(edition=edition, order=order, original_language=language, **values)
    for order, values in enumerate(questions):
        Question.objects.create(edition=edition, order=order, original_language=language, **values)
    return edition


# --- Entries ----------------------------------------------------------------------------


def call_is_open(edition: Edition, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return edition.stage == Stage.OPEN and edition.opens_at <= now < edition.closes_at


_ENTRY_FIELDS = (
    "title",
    "summary",
    "team_name",
    "category",
    "answers",
    "links",
    "supervisor_name",
    "supervisor_email",
    "supervisor_role",
)


@transaction.atomic
def entry_save_draft(
    *,
    edition: Edition,
    owner: User,
    entry: Entry | None = None,
    now: datetime.datetime | None = None,
    **values: Any,
) -> Entry:
    """Create or update the owner's draft entry; nothing is checked but the fields themselves."""
    if not call_is_open(edition, now):
        raise ValidationError(_("The call for entries is closed."))
    unknown = set(values) - set(_ENTRY_FIELDS)
    if unknown:
        raise ValueError(f"Unknown entry fields: {', '.join(sorted(unknown))}")
    if entry is None:
        Edition.objects.select_for_update().filter(pk=edition.pk).first()
        if Entry.objects.filter(edition=edition, owner=owner).exists():
            raise ValidationError(_("You already have an entry in this edition."))
        last = Entry.objects.filter(edition=edition).aggregate(top=Max("number"))["top"] or 0
        entry = Entry(edition=edition, owner=owner, number=last + 1)
    elif entry.status not in (EntryStatus.DRAFT, EntryStatus.SUBMITTED):
        raise ValidationError(_("This entry can no longer be changed."))
    for name, value in values.items():
        setattr(entry, name, value)
    entry.full_clean()
    entry.save()
    return entry


MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
FILE_TYPES = (".pdf", ".png", ".jpg", ".jpeg", ".docx", ".pptx", ".odt", ".odp", ".mp4", ".zip")


@transaction.atomic
def entry_file_add(*, entry: Entry, upload: Any, now: datetime.datetime | None = None) -> EntryFile:
    """Attach a file to an entry before the deadline: five at most, 10 MB each, known types."""
    if entry.status not in (EntryStatus.DRAFT, EntryStatus.SUBMITTED) or not call_is_open(
        entry.edition, now
    ):
        raise ValidationError(_("This entry can no longer be changed."))
    name = str(getattr(upload, "name", "") or "")[-200:]
    if not name.lower().endswith(FILE_TYPES):
        raise ValidationError(
            {
                "file": _("Upload a file of one of these types: %(types)s.")
                % {"types": ", ".join(FILE_TYPES)}
            }
        )
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    if entry.files.count() >= MAX_FILES:
        raise ValidationError({"file": _("An entry has five files at most.")})
    return EntryFile.objects.create(entry=entry, file=upload, name=name, size=upload.size)


@transaction.atomic
def entry_file_remove(*, entry_file: EntryFile, now: datetime.datetime | None = None) -> None:
    if not call_is_open(entry_file.entry.edition, now):
        raise ValidationError(_("This entry can no longer be changed."))
    entry_file.file.delete(save=False)
    entry_file.delete()


def _mail_context(entry: Entry) -> dict[str, Any]:
    return {
        "entry_title": entry.title,
        "entry_label": entry.label,
        "edition_id": entry.edition_id,
        "entry_url": entry.get_absolute_url(),
    }


@transaction.atomic
def team_member_invite(
    *,
    entry: Entry,
    email: str,
    role: str = MemberRole.MEMBER,
    now: datetime.datetime | None = None,
) -> TeamMember:
    """Invite someone into the team by e-mail; an account with that address is linked at once."""
    if entry.status not in (EntryStatus.DRAFT, EntryStatus.SUBMITTED) or not call_is_open(
        entry.edition, now
    ):
        raise ValidationError(_("The team can no longer change."))
    email = User.objects.normalize_email(email).strip().lower()
    if email == entry.owner.email.lower():
        raise ValidationError({"email": _("You are already in the team.")})
    if TeamMember.objects.filter(entry=entry, email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already invited.")})
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    member = TeamMember.objects.create(entry=entry, email=email, user=user, role=role)
    if user is not None:
        mail_later(
            user.pk,
            "competitions/email/invited",
            {**_mail_context(entry), "owner": entry.owner.name or entry.owner.email},
            entry.edition.original_language,
        )
    return member


@transaction.atomic
def team_member_join(*, member: TeamMember, user: User) -> TeamMember:
    """Link an invitation to the account whose address it names."""
    if member.email.lower() != user.email.lower():
        raise ValidationError(_("This invitation was sent to another address."))
    member.user = user
    member.save(update_fields=["user"])
    return member


@transaction.atomic
def team_member_remove(*, member: TeamMember) -> None:
    if member.entry.status != EntryStatus.DRAFT:
        raise ValidationError(_("Withdraw nobody from a submitted entry; withdraw the entry."))
    member.delete()


def _people(entry: Entry) -> list[tuple[User, str]]:
    people: list[tuple[User, str]] = [(entry.owner, ParticipationRole.PARTICIPANT)]
    for member in entry.members.select_related("user"):
        if member.user is not None:
            role = (
                ParticipationRole.MENTOR
                if member.role == MemberRole.MENTOR
                else ParticipationRole.PARTICIPANT
            )
            people.append((member.user, role))
    return people


@transaction.atomic
def entry_submit(*, entry: Entry, now: datetime.datetime | None = None) -> list[str]:
    """Submit the entry when every eligibility rule holds; else the messages naming them.

    On success the owner and the team are recorded as participants of the edition's
    activity (mentors as mentors), and the owner is told by e-mail that the entry was
    received and is eligible.
    """
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    problems = entry_problems(entry, now=now)
    if problems:
        return problems
    if entry.status == EntryStatus.SUBMITTED:
        return []
    entry.status = EntryStatus.SUBMITTED
    entry.submitted_at = now or timezone.now()
    entry.round = entry.edition.rounds.order_by("number").first()
    entry.save(update_fields=["status", "submitted_at", "round", "updated_at"])
    participation_record_many(
        entries=[
            ParticipationEntry.for_person(
                activity_id=entry.edition.activity_id,
                person=person,
                role=role,
                source=ParticipationSource.COMPETITION,
            )
            for person, role in _people(entry)
        ]
    )
    mail_later(
        entry.owner_id,
        "competitions/email/received",
        _mail_context(entry),
        entry.edition.original_language,
    )
    records_changed_on_commit(sender="competitions", kinds={"entry"})
    return []


@transaction.atomic
def entry_withdraw(*, entry: Entry, now: datetime.datetime | None = None) -> Entry:
    """Withdraw an entry before the deadline; its participation records go with it."""
    if not call_is_open(entry.edition, now):
        raise ValidationError(_("The deadline has passed: the entry can no longer be withdrawn."))
    if entry.status == EntryStatus.WITHDRAWN:
        return entry
    was_submitted = entry.status == EntryStatus.SUBMITTED
    entry.status = EntryStatus.WITHDRAWN
    entry.withdrawn_at = now or timezone.now()
    entry.save(update_fields=["status", "withdrawn_at", "updated_at"])
    if was_submitted:
        for person, role in _people(entry):
            participation_withdraw(
                activity=entry.edition.activity,
                person=person,
                role=role,
                source=ParticipationSource.COMPETITION,
            )
    records_changed_on_commit(sender="competitions", kinds={"entry"})
    return entry


@transaction.atomic
def entry_mark_ineligible(*, entry: Entry, reason: str) -> Entry:
    """Staff screening: the entry does not meet the call; the owner is told why."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say which rule the entry does not meet.")})
    was_submitted = entry.status == EntryStatus.SUBMITTED
    entry.status = EntryStatus.INELIGIBLE
    entry.ineligible_reason = reason.strip()
    entry.save(update_fields=["status", "ineligible_reason", "updated_at"])
    if was_submitted:
        for person, role in _people(entry):
            participation_withdraw(
                activity=entry.edition.activity,
                person=person,
                role=role,
                source=ParticipationSource.COMPETITION,
            )
    mail_later(
        entry.owner_id,
        "competitions/email/ineligible",
        {**_mail_context(entry), "reason": entry.ineligible_reason},
        entry.edition.original_language,
    )
    records_changed_on_commit(sender="competitions", kinds={"entry"})
    return entry


def is_minor(user: User) -> bool:
    return user.age_band == AgeBand.UNDER_18

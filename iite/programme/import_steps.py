"""Imports written in batches of their own transaction, taken back whole when one fails.

A large import written in one transaction held SQLite's write lock for half a minute
(a 598,307-row Zoom report: 34 s), and a profile saved meanwhile failed as "database is
locked". Every import of the platform (activities and participation, attendance
reports) therefore works in three steps:

1. check the whole file, as a stream, writing nothing the platform reads: each batch of
   checked rows is kept as an `ImportStep` (its own short insert);
2. write the steps one by one, each in a transaction of its own that also marks the step
   written and records, in a `Journal`, what it created and what it changed (the values
   before). A worker stopped mid-import leaves whole steps only, and the next run goes on
   from the first step not written: each row is written exactly once;
3. if a step cannot be written (a record made meanwhile by someone else, a database
   error), the steps written before it are taken back from their journals, newest first:
   the import leaves nothing, as if it had failed its check.

Participation records the steps write are pending until the import completes: new
records carry the import (`Participation.pending_import`) and changes to records that
already count are kept aside (`ParticipationChange`); no page, figure, export or API
counts them (`Participation.objects` leaves them out). `steps_publish`, in the
transaction that marks the import done, makes all of them count at once; an import
taken back deletes them. Other pages never count part of an import.
"""

from __future__ import annotations

import contextlib
import pickle
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, OuterRef

from iite.core.records import records_changed_on_commit

from .models import ImportStep, Participation, Person
from .services import (
    BulkResult,
    ParticipationEntry,
    PersonFacts,
    participation_pending_discard,
    participation_publish,
    participation_record_many,
    person_record_many,
)

UNDO_BATCH = 1000
_FLAGS = ("attended", "completed", "certified")
# Taken back in this order: records that point to others before those they point to.
_DELETE_ORDER = (
    "programme.participation",
    "programme.aggregateparticipation",
    "programme.activity",
    "programme.person",
)


@dataclass
class Journal:
    """What one step wrote: ids created per model ("app_label.model"), and rows changed,
    with their values before, per model: {"columns": [...], "rows": [[pk, *values]]}."""

    created: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    changed: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The import writing (its steps' owner): participation it writes is pending until
    # `steps_publish`; None writes records that count at once, journaled.
    owner: str | None = None

    def create(self, label: str, ids: Iterable[int]) -> None:
        self.created[label].extend(ids)

    def change(self, label: str, columns: list[str], rows: Iterable[list[Any]]) -> None:
        entry = self.changed.setdefault(label, {"columns": columns, "rows": []})
        entry["rows"].extend(rows)

    def as_json(self) -> dict[str, Any]:
        return {"created": dict(self.created), "changed": self.changed}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Journal:
        journal = cls()
        for label, ids in (data.get("created") or {}).items():
            journal.create(label, ids)
        journal.changed = dict(data.get("changed") or {})
        return journal


# --- Writing through the programme's doors, journaled ------------------------------------------


def _participation_state(
    entries: list[ParticipationEntry],
) -> dict[tuple[int, Any, str], list[Any]]:
    """The stored (pk, flags) of the entries' records that exist, by (activity, person, role)."""
    if not entries:
        return {}
    wanted = {(e.activity_id, e.person_key, e.role) for e in entries}
    rows = Participation.all_with_pending.filter(
        activity_id__in={e.activity_id for e in entries},
        person_key__in={e.person_key for e in entries},
    ).values_list("pk", "activity_id", "person_key", "role", *_FLAGS)
    return {
        (activity_id, key, role): [pk, *flags]
        for pk, activity_id, key, role, *flags in rows
        if (activity_id, key, role) in wanted
    }


def participation_record_journaled(
    *, entries: list[ParticipationEntry], journal: Journal
) -> BulkResult:
    """`participation_record_many`, noting the records it made and the flags it changed.

    In a step of an import (`journal.owner`), the records are pending instead: nothing to
    note, since taking the import back deletes what it holds pending."""
    if journal.owner is not None:
        return participation_record_many(entries=entries, pending=journal.owner)
    before = _participation_state(entries)
    result = participation_record_many(entries=entries)
    if result.created:
        after = _participation_state(entries)
        journal.create(
            "programme.participation", [row[0] for key, row in after.items() if key not in before]
        )
    if before:
        journal.change("programme.participation", list(_FLAGS), before.values())
    return result


def person_record_journaled(
    *, facts: list[PersonFacts], source: str, journal: Journal
) -> dict[str, Person]:
    """`person_record_many`, noting the person records it made."""
    keys = {fact.key for fact in facts}
    emails = [key for key in keys if not key.startswith("name:")]
    names = [key[5:] for key in keys if key.startswith("name:")]
    if not keys:
        return {}
    known: set[int] = set()
    if emails:
        known |= set(Person.objects.filter(email__in=emails).values_list("pk", flat=True))
    if names:
        known |= set(
            Person.objects.filter(email="", name_key__in=names).values_list("pk", flat=True)
        )
    persons = person_record_many(facts=facts, source=source)
    journal.create("programme.person", [p.pk for p in persons.values() if p.pk not in known])
    return persons


# --- Steps -------------------------------------------------------------------------------------


def _pack(value: Any) -> bytes:
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _unpack(data: Any) -> Any:
    return pickle.loads(zlib.decompress(bytes(data)))  # noqa: S301 - written by step_add only


# WAL frames (pages) an import's connection lets the log hold before it checkpoints.
WAL_CHECKPOINT_PAGES = 10_000


@contextlib.contextmanager
def checkpoints_deferred() -> Iterator[None]:
    """Around an import's steps: SQLite copies its write-ahead log into the database (a
    checkpoint) after a commit that leaves the log holding more than
    `wal_autocheckpoint` pages (1,000 by default). A step of 1,000 records writes about
    1,500 pages, most of them leaves of the participation table's indexes that later
    steps write again, so every step was followed by a checkpoint and the same pages
    were copied several times (a seventh of a 100,000-row Zoom report's import). While
    the steps are written the import's connection checkpoints at WAL_CHECKPOINT_PAGES
    pages instead (a log of 40 MB at most, so its size stays bounded), then once at the
    end, and takes back the threshold it had. A writer on another connection keeps its
    own threshold: one that commits meanwhile makes that checkpoint itself. Other
    databases: nothing to change."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA wal_autocheckpoint = {int(WAL_CHECKPOINT_PAGES)}")
    try:
        yield
    finally:
        # Not in the way of the error that ended the steps, if one did.
        with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute(f"PRAGMA wal_autocheckpoint = {int(previous)}")
            if not connection.in_atomic_block:
                cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")


def steps_clear(owner: str) -> None:
    ImportStep.objects.filter(owner=owner).delete()


def step_add(owner: str, number: int, value: Any) -> None:
    """Keep one checked batch (its own short write: nothing any page reads)."""
    ImportStep.objects.create(owner=owner, number=number, payload=_pack(value))


def steps_pending(owner: str) -> Iterator[int]:
    """The numbers of the steps not yet written, in order (ids only: memory stays flat)."""
    numbers = list(
        ImportStep.objects.filter(owner=owner, written=False)
        .order_by("number")
        .values_list("number", flat=True)
    )
    yield from numbers


def step_write(
    owner: str,
    number: int,
    write: Callable[[Any, Journal], None],
    progress: Callable[[], None] | None = None,
) -> bool:
    """Write one step in a transaction of its own; False when it was written already.

    The step is marked written, with its journal, in the same transaction as what it
    writes (and `progress`, the job's own record): it is written once, or not at all.
    """
    with transaction.atomic():
        step = (
            ImportStep.objects.select_for_update()
            .filter(owner=owner, number=number, written=False)
            .first()
        )
        if step is None:
            return False
        journal = Journal(owner=owner)
        write(_unpack(step.payload), journal)
        ImportStep.objects.filter(pk=step.pk).update(
            written=True, payload=None, undo=journal.as_json()
        )
        if progress is not None:
            progress()
    return True


def steps_publish(owner: str) -> int:
    """The import is complete: what its steps hold pending counts, all at once. Call in
    the transaction that marks the import done. Returns how many new records count."""
    return participation_publish(owner=owner)


def steps_undo(owner: str) -> None:
    """Take back every written step of the import, newest first; then forget the steps.

    Its pending participation goes first (nothing of it was ever counted); then each
    step is taken back in its own transactions (a bounded number of rows each)."""
    with transaction.atomic():
        participation_pending_discard(owner=owner)
    numbers = list(
        ImportStep.objects.filter(owner=owner, written=True)
        .order_by("-number")
        .values_list("number", flat=True)
    )
    for number in numbers:
        undo = ImportStep.objects.filter(owner=owner, number=number).values_list("undo", flat=True)
        journal_undo(Journal.from_json(undo.first() or {}))
    steps_clear(owner)


def journal_undo(journal: Journal) -> None:
    """Put back the values a step changed, then delete what it created."""
    for label, entry in journal.changed.items():
        model = apps.get_model(label)
        columns = [model._meta.get_field(name).column for name in entry["columns"]]
        quote = connection.ops.quote_name
        assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
        sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE id = %s"  # noqa: S608
        rows = entry["rows"]
        for start in range(0, len(rows), UNDO_BATCH):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(
                    sql, [[*row[1:], row[0]] for row in rows[start : start + UNDO_BATCH]]
                )
    labels = [label for label in _DELETE_ORDER if label in journal.created]
    labels += [label for label in journal.created if label not in _DELETE_ORDER]
    for label in labels:
        model = apps.get_model(label)
        ids = journal.created[label]
        for start in range(0, len(ids), UNDO_BATCH):
            records = model._default_manager.filter(pk__in=ids[start : start + UNDO_BATCH])
            if model is Person:
                # A person another record has come to count meanwhile stays.
                records = records.exclude(
                    Exists(Participation.all_with_pending.filter(person_key=OuterRef("person_key")))
                )
            with transaction.atomic():
                records.delete()
    if journal.created or journal.changed:
        records_changed_on_commit(
            sender="programme", kinds={"activity", "aggregate", "participation"}
        )

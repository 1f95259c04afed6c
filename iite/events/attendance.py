"""Attendance from Zoom and Microsoft Teams reports (read by attendance_reports).

The file is read as a stream, twice: once for its SHA-256 (a second import of the same
report is a no-op) and once to parse it. Parsed joins are staged in bulk, then read back
ordered by person so that several joins of one person merge (the union of their
intervals, so two devices in the same minutes count once) with memory that does not
grow with the file. The merged people are kept as import steps and written a batch per
transaction (`iite.programme.import_steps`): a concurrent save waits for one batch at
most; a batch that cannot be written takes back the batches before it; a report whose
import stopped is taken up where it stood when it is imported again. What the batches
write counts nowhere until the report is done: its participation is pending (see
`import_steps`), its attendees are shown once the report is done, and the registrants'
attendance is set from the attendees in the transaction that completes it.

Attendees are matched to accounts by e-mail in batches (registrants
first, one query per batch); everyone else who was present long enough counts as a person
record of the programme (by e-mail, or by name when the report gives none), so people
without an account count too. Only the ambiguous few (a name met with another address or
none, the meeting's host) wait for staff. Attendance is written in bulk through the programme's
participation_record_many, with the semantics of participation_record: a flag only moves
forward, and the profile fields the indicators disaggregate by are copied.

A report whose meeting (title or ID, time) does not look like the event's is imported only
once staff confirm it; several files uploaded together are imported all or none.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any, NamedTuple

from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from iite.accounts.models import PersonRole, Sex, User
from iite.core.tabular import (
    TableError,
    TableProblem,
)
from iite.programme.import_steps import (
    Journal,
    checkpoints_deferred,
    participation_record_journaled,
    person_record_journaled,
    step_add,
    step_write,
    steps_clear,
    steps_pending,
    steps_publish,
    steps_undo,
)
from iite.programme.models import ParticipationSource, Person, person_name_key
from iite.programme.services import (
    ParticipationEntry,
    PersonFacts,
    participation_record_many,
    person_participation_entry,
    person_record_many,
)
from iite.reference.models import Country
from iite.reference.selectors import country_find, country_lookup

from .attendance_reports import (
    HOST_ROLES,
    ReportParser,
    TeamsParser,
    ZoomMeetingParser,
    ZoomWebinarParser,
    detect_source,
    report_joins,
    report_mismatches,
)
from .models import (
    AttendanceImport,
    AttendanceImportState,
    AttendanceRow,
    AttendanceSource,
    Attendee,
    AttendeeStatus,
    Event,
    EventSession,
    Registration,
    RegistrationStatus,
)
from .services import registration_mark_attended

STAGE_BATCH = 5000
MATCH_BATCH = 1000


@dataclass
class ImportResult:
    record: AttendanceImport | None
    duplicate: bool = False
    errors: list[TableError] = field(default_factory=list)
    # Why the report may not be of this event; nothing is written until staff confirm.
    mismatches: list[str] = field(default_factory=list)
    # Read without a problem, but not written: another file uploaded with it had one.
    withheld: bool = False

    @property
    def blocked(self) -> bool:
        return bool(self.errors or self.mismatches)


class AttendanceUnconfirmed(Exception):
    def __init__(self, mismatches: list[str]):
        super().__init__("; ".join(mismatches))
        self.mismatches = mismatches


class AttendanceFileError(Exception):
    def __init__(self, errors: list[TableError]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


def _sha256(file: IO[bytes]) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1 << 16), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _session_minutes(event: Event, session: EventSession | None) -> int:
    if session is None:
        sessions = list(event.sessions.all()[:2])
        session = sessions[0] if len(sessions) == 1 else None
    span = session.duration if session is not None else event.duration
    return max(1, round(span.total_seconds() / 60))


def _merged(rows: list[tuple[Any, ...]]) -> tuple[float, int]:
    """Minutes present across several joins: the union of intervals when every join has
    its times, else the sum of the reported durations. Rows are staged rows: email, name,
    joined, left, minutes, then what the report says of the person."""
    if all(r[2] is not None and r[3] is not None for r in rows):
        total = 0.0
        ordered = sorted(rows, key=lambda r: r[2])
        current_start, current_end = ordered[0][2], ordered[0][3]
        for r in ordered[1:]:
            joined, left = r[2], r[3]
            if joined <= current_end:
                current_end = max(current_end, left)
            else:
                total += current_end - current_start
                current_start, current_end = joined, left
        total += current_end - current_start
        return total / 60, len(rows)
    return sum(r[4] for r in rows), len(rows)


# --- Import ---------------------------------------------------------------------------------


def _parser(source: str, file_name: str, event: Event) -> ReportParser:
    if source == AttendanceSource.TEAMS:
        return TeamsParser(file_name, event.time_zone)
    if source == AttendanceSource.ZOOM_WEBINAR:
        return ZoomWebinarParser(file_name, event.time_zone)
    return ZoomMeetingParser(file_name, event.time_zone)


def attendance_import_owner(record: AttendanceImport) -> str:
    """The name of the report's import steps (`iite.programme.import_steps`)."""
    return f"attendance:{record.pk}"


def attendance_import(
    *,
    event: Event,
    file: IO[bytes],
    file_name: str,
    source: str | None = None,
    session: EventSession | None = None,
    imported_by: User | None = None,
    confirmed: bool = False,
) -> ImportResult:
    """Import one report. Errors name the file, row and column; nothing is written from a
    file with an error; the same file imported again changes nothing. A report that does
    not look like the event's is written only when `confirmed`; otherwise the result
    says why (`mismatches`) and nothing is written.

    The report is checked whole first (`attendance_check`), then written a batch of
    people per transaction (`attendance_write`): no transaction holds the database for
    more than one batch, and a batch that cannot be written takes back the ones before."""
    result = attendance_check(
        event=event,
        file=file,
        file_name=file_name,
        source=source,
        session=session,
        imported_by=imported_by,
        confirmed=confirmed,
    )
    if result.blocked or result.duplicate or result.record is None:
        return result
    try:
        record = attendance_write(record=result.record)
    except DatabaseError:
        attendance_take_back(record=result.record)
        return ImportResult(None, errors=[_changed_meanwhile(file_name)])
    attendance_finish(records=[record])
    return ImportResult(record)


def _changed_meanwhile(file_name: str) -> TableError:
    return TableError(
        file_name, 0, "—", _("Another change was saved meanwhile; nothing was imported. Try again.")
    )


def attendance_import_many(
    *,
    event: Event,
    files: Iterable[tuple[str, IO[bytes]]],
    session: EventSession | None = None,
    imported_by: User | None = None,
    confirmed: bool = False,
) -> list[tuple[str, ImportResult]]:
    """Import several reports together, all or none: every file is checked before any is
    written; when one has an error or needs confirmation, nothing of any is written, and
    each file's result says what it had (errors, mismatches, or `withheld`: fine, but not
    written because of another). If a batch of one cannot be written, every batch written
    of every file is taken back."""
    results = [
        (
            name,
            attendance_check(
                event=event,
                file=file,
                file_name=name,
                session=session,
                imported_by=imported_by,
                confirmed=confirmed,
            ),
        )
        for name, file in files
    ]
    checked = [result.record for _name, result in results if result.record and not result.duplicate]
    failed: str | None = None
    if not any(result.blocked for _name, result in results):
        for name, result in results:
            if result.record is None or result.duplicate:
                continue
            try:
                attendance_write(record=result.record)
            except DatabaseError:
                failed = name
                result.errors = [_changed_meanwhile(name)]
                break
        else:
            attendance_finish(records=checked)
            return results
    for record in checked:
        attendance_take_back(record=record)
    for name, result in results:
        if not result.blocked and not result.duplicate and name != failed:
            result.withheld = True
        if not result.duplicate:
            result.record = None
    return results


def attendance_check(
    *,
    event: Event,
    file: IO[bytes],
    file_name: str,
    source: str | None = None,
    session: EventSession | None = None,
    imported_by: User | None = None,
    confirmed: bool = False,
) -> ImportResult:
    """Read and check the whole report, writing nothing any page counts: its joins are
    staged (a batch per short transaction), merged per person and kept as import steps of
    MATCH_BATCH people; the staged joins are then removed. The result's record is the
    report's, waiting to be written (`attendance_write`); with errors or mismatches, the
    record is gone again. A report whose earlier import stopped half-way is taken up again:
    checked again if it stopped while being checked, left to write its remaining batches
    if it stopped while being written."""
    file_hash = _sha256(file)
    existing = AttendanceImport.objects.filter(event=event, file_hash=file_hash).first()
    if existing is not None and existing.state == AttendanceImportState.DONE:
        return ImportResult(existing, duplicate=True)
    if existing is not None and existing.state == AttendanceImportState.WRITING:
        return ImportResult(existing)
    if existing is not None:
        attendance_take_back(record=existing)
    source = source or detect_source(file)
    if source not in AttendanceSource.values:
        return ImportResult(
            None,
            errors=[
                TableError(
                    file_name,
                    1,
                    "—",
                    _("This is not a Zoom or Microsoft Teams attendance report."),
                )
            ],
        )
    parser = _parser(source, file_name, event)
    record = AttendanceImport.objects.create(
        event=event,
        session=session,
        source=source,
        file_name=file_name[:255],
        file_hash=file_hash,
        session_minutes=_session_minutes(event, session),
        imported_by=imported_by,
        state=AttendanceImportState.CHECKING,
    )
    try:
        _stage(record, file, file_name, source, parser)
        if not confirmed:
            mismatches = report_mismatches(event, session, parser)
            if mismatches:
                raise AttendanceUnconfirmed(mismatches)
        _steps_from_staged(record)
    except AttendanceFileError as exc:
        attendance_take_back(record=record)
        return ImportResult(None, errors=exc.errors)
    except AttendanceUnconfirmed as exc:
        attendance_take_back(record=record)
        return ImportResult(None, mismatches=exc.mismatches)
    except TableProblem as exc:
        attendance_take_back(record=record)
        return ImportResult(None, errors=[TableError(file_name, 1, "—", exc.message)])
    except BaseException:
        attendance_take_back(record=record)
        raise
    return ImportResult(record)


def _stage(
    record: AttendanceImport, file: IO[bytes], file_name: str, source: str, parser: ReportParser
) -> None:
    """The report's joins into the staging table, STAGE_BATCH per short transaction."""
    staged = [
        "attendance_import_id",
        *("email", "name", "joined_ts", "left_ts", "minutes", "country", "sex", "role"),
    ]
    stage_sql = _insert_sql(AttendanceRow, staged)
    batch: list[tuple[Any, ...]] = []
    rows = 0
    record_id = record.pk

    def flush() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(stage_sql, batch)
        _cache_release()

    for join in report_joins(file, file_name, source, parser):
        rows += 1
        if parser.errors:
            if parser.errors.full:
                break
            continue  # keep reading to report more errors, but stage nothing more
        batch.append(
            (
                record_id,
                join.email,
                join.name,
                join.joined_at,
                join.left_at,
                join.minutes,
                join.country[:100],
                join.sex[:40],
                join.role[:100],
            )
        )
        if len(batch) >= STAGE_BATCH:
            flush()
            batch = []
    if parser.errors:
        raise AttendanceFileError(parser.errors.items)
    if batch:
        flush()
    if rows == 0:
        raise AttendanceFileError(
            [TableError(file_name, 1, "—", _("The report lists no attendees."))]
        )
    # Progress of the import, not a change staff make: no audit entry (nor its queries).
    record.rows = rows
    AttendanceImport.objects.filter(pk=record.pk).update(rows=rows)


def _steps_from_staged(record: AttendanceImport) -> None:
    """Merge the staged joins per person (read back ordered by e-mail, in chunks, so memory
    stays flat) into steps of MATCH_BATCH people; then the staging goes."""
    table = connection.ops.quote_name(AttendanceRow._meta.db_table)
    shared = _shared_names(table, record.pk)
    owner = attendance_import_owner(record)
    people: list[tuple[Merged, bool]] = []
    current: list[tuple[Any, ...]] = []
    number = 0

    def keep(person: Merged) -> None:
        nonlocal number, people
        people.append((person, person_name_key(person.name) in shared))
        if len(people) >= MATCH_BATCH:
            number += 1
            step_add(owner, number, people)
            people = []

    # A cursor of its own, read in chunks, so memory stays flat however long the report.
    with connection.chunked_cursor() as reader:
        reader.execute(
            f"SELECT email, name, joined_ts, left_ts, minutes, country, sex, role "  # noqa: S608
            f"FROM {table} WHERE attendance_import_id = %s ORDER BY email, joined_ts, id",
            [record.pk],
        )
        while chunk := reader.fetchmany(STAGE_BATCH):
            for staged_row in chunk:
                if current and staged_row[0] != current[0][0]:
                    keep(_person(current))
                    current = []
                current.append(staged_row)
    if current:
        keep(_person(current))
    if people:
        step_add(owner, number + 1, people)
    _staging_clear(record.pk)
    record.state = AttendanceImportState.WRITING
    AttendanceImport.objects.filter(pk=record.pk).update(state=record.state)


def attendance_write(*, record: AttendanceImport) -> AttendanceImport:
    """Write the checked report's steps not yet written, a batch of people per transaction
    (attendees, registrations, person records, participation), each with its journal.
    Raises DatabaseError when a batch cannot be written (the caller takes the import back);
    run again after a stop, it writes only the batches not written: each person once."""
    event = record.event
    threshold = record.session_minutes * event.attendance_threshold / 100
    totals: dict[str, Any] = {}
    owner = attendance_import_owner(record)

    def write(people: list[tuple[Merged, bool]], journal: Journal) -> None:
        _write(event, record, people, threshold, totals, journal)

    with checkpoints_deferred():
        for number in steps_pending(owner):
            step_write(owner, number, write)
            _cache_release()
    return record


def attendance_finish(*, records: list[AttendanceImport]) -> None:
    """The reports' imports are complete: counted on their pages and in every figure
    (their pending participation and the registrations' attendance), all in one
    transaction; their steps forgotten."""
    with transaction.atomic():
        for record in records:
            record.state = AttendanceImportState.DONE
            AttendanceImport.objects.filter(pk=record.pk).update(state=record.state)
            _registrations_attended(record)
            steps_publish(attendance_import_owner(record))
            attendance_import_refresh(record=record)
            steps_clear(attendance_import_owner(record))


def attendance_take_back(*, record: AttendanceImport) -> None:
    """Undo what the report's written batches did, newest first, then remove the report
    (its attendees and staged joins with it), each part in short transactions."""
    steps_undo(attendance_import_owner(record))
    _staging_clear(record.pk)
    AttendanceImport.objects.filter(pk=record.pk).delete()


def _cache_release() -> None:
    """Give back the pages SQLite keeps cached after a batch. The connection's cache
    (`cache_size`) keeps every page a batch wrote, so a large report's batches would fill
    it batch after batch and the import's memory would grow with the report; released
    after each, it holds about one batch. Reads are not slowed: SQLite reads the database
    through its memory map. Other databases keep their cache in the server."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA shrink_memory")


def _staging_clear(record_id: int) -> None:
    """Remove the report's staged joins: one statement (the ORM's delete would read every
    row back as a model instance to send signals nobody needs for a staging table)."""
    table = connection.ops.quote_name(AttendanceRow._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE attendance_import_id = %s", [record_id])  # noqa: S608


def _shared_names(table: str, record_id: int) -> set[str]:
    """Names the report gives with two addresses (or with one and none): whether they are
    one person or two is for staff to say."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT name FROM {table} WHERE attendance_import_id = %s AND name <> '' "  # noqa: S608
            "GROUP BY name HAVING COUNT(DISTINCT email) > 1",
            [record_id],
        )
        return {person_name_key(name) for (name,) in cursor.fetchall()}


def attendance_import_refresh(*, record: AttendanceImport) -> AttendanceImport:
    """The report's summary as things stand: people in it, matched to an account, counted
    as present (by account or person record). Kept in step when staff match, count or
    dismiss an attendee, so the page never shows what was true at import only."""
    counted = (AttendeeStatus.MATCHED, AttendeeStatus.RESOLVED, AttendeeStatus.PERSON)
    figures = Attendee.objects.filter(attendance_import=record).aggregate(
        people=Count("pk"),
        matched=Count("pk", filter=Q(status__in=(AttendeeStatus.MATCHED, AttendeeStatus.RESOLVED))),
        attended=Count("pk", filter=Q(attended=True, status__in=counted)),
    )
    record.people = figures["people"] or 0
    record.matched = figures["matched"] or 0
    record.attended = figures["attended"] or 0
    record.save(update_fields=["people", "matched", "attended"])
    return record


REGISTRATION_MAP_LIMIT = 20_000


class _Account(NamedTuple):
    """An attendee's account, as plain values (no model instances: a large report reads
    thousands): with its registration for the event when it has one."""

    pk: int
    person_key: uuid.UUID
    country_id: int | None
    sex: str
    age_band: str
    role: str
    registration_id: int | None


_ACCOUNT_COLUMNS = ("pk", "person_key", "country_id", "sex", "age_band", "role")
# The same, as columns of the accounts table (read with each batch's addresses).
_ACCOUNT_SQL_COLUMNS = ("id", "person_key", "country_id", "sex", "age_band", "role")


def _registration_rows(event: Event) -> Any:
    """(e-mail, name, *account, registration id) of the event's registrants."""
    return (
        Registration.objects.filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .values_list(
            "user__email",
            "user__name",
            *(f"user__{column}" for column in _ACCOUNT_COLUMNS),
            "pk",
        )
    )


def _registrations_by_email(event: Event, totals: dict[str, Any]) -> dict[str, _Account] | None:
    """Registrants by lower-case e-mail, when the event has up to REGISTRATION_MAP_LIMIT:
    read once per import (memory bounded by the registrations, not the report), with
    their names, so that an attendee under a registrant's name but another address is
    checked by staff. None beyond that: each batch's accounts are read with their
    registration (`_accounts_by_email`), and names are not compared."""
    if "registrations" not in totals:
        count = _registration_rows(event).count()
        registrations: dict[str, _Account] | None = None
        names: dict[str, str] = {}
        if count <= REGISTRATION_MAP_LIMIT:
            registrations = {}
            for email, name, *account in _registration_rows(event).iterator(chunk_size=2000):
                registrations[email.lower()] = _Account(*account)
                if name.strip():
                    names[person_name_key(name)] = email.lower()
        totals["registrations"] = registrations
        totals["registrant_names"] = names
    return totals["registrations"]  # type: ignore[no-any-return]


def _accounts_by_email(event: Event | None, emails: list[str]) -> dict[str, _Account]:
    """The accounts of a batch's addresses, by address, in one query; with their
    registration for `event` (not cancelled) when one is given. Platform e-mail addresses
    are stored lower-case (the account manager and allauth both normalise), so the
    report's address, lower-cased, matches exactly."""
    if not emails:
        return {}
    quote = connection.ops.quote_name
    user = quote(User._meta.db_table)
    columns = ", ".join(f"u.{quote(column)}" for column in _ACCOUNT_SQL_COLUMNS)
    marks = ", ".join(["%s"] * len(emails))
    params: list[Any] = list(emails)
    registration_sql, joined = "NULL", ""
    if event is not None:
        registration_sql = "r.id"
        joined = (
            f"LEFT JOIN {quote(Registration._meta.db_table)} r ON r.user_id = u.id "
            "AND r.event_id = %s AND r.status <> %s "
        )
        params = [event.pk, RegistrationStatus.CANCELLED.value, *params]
    key_field = User._meta.get_field("person_key")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT u.email, {columns}, {registration_sql} FROM {user} u {joined}"  # noqa: S608
            f"WHERE u.email IN ({marks})",
            params,
        )
        rows = cursor.fetchall()
    found: dict[str, _Account] = {}
    for email, pk, key, country_id, sex, age_band, role, registration in rows:
        key = key_field.to_python(key)
        found[email.lower()] = _Account(pk, key, country_id, sex, age_band, role, registration)
    return found


def _insert_sql(model: Any, columns: list[str]) -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608


class Merged(NamedTuple):
    """One person of a report, joins merged. A tuple: import steps keep thousands of
    them, pickled, and a dataclass pickles several times slower."""

    email: str
    name: str
    minutes: float
    joins: int
    country: str = ""
    sex: str = ""
    role: str = ""

    @property
    def host(self) -> bool:
        return self.role.strip().casefold() in HOST_ROLES


def _person(rows: list[tuple[Any, ...]]) -> Merged:
    if len(rows) == 1:
        # Most people join once: their row is the person.
        email, name, joined, left, minutes, country, sex, role = rows[0]
        if joined is not None and left is not None:
            minutes = (left - joined) / 60
        return Merged(email, name or "", minutes, 1, country or "", sex or "", role or "")
    minutes, joins = _merged(rows)

    def first(index: int) -> str:
        return next((r[index] for r in rows if r[index]), "")

    return Merged(rows[0][0], first(1), minutes, joins, first(5), first(6), first(7))


_SEX_WORDS: dict[str, str] = {
    "f": Sex.FEMALE.value,
    "woman": Sex.FEMALE.value,
    "m": Sex.MALE.value,
    "man": Sex.MALE.value,
}


def _choices(choices: Any, extra: dict[str, str] | None = None) -> dict[str, str]:
    """What a report may write for each choice, any case: its value or its English label
    (the first choice wins), else one of `extra`'s words."""
    found: dict[str, str] = {}
    with translation.override("en"):
        for value, label in choices:
            found.setdefault(str(value).casefold(), str(value))
            found.setdefault(str(label).casefold(), str(value))
    return {**(extra or {}), **found}


def _facts(person: Merged, totals: dict[str, Any]) -> PersonFacts:
    """What the report says of a person without an account, mapped to the platform's
    lists; what it does not say (or says in a way not recognised) stays not recorded."""
    country: Country | None = None
    if person.country:
        if "countries" not in totals:
            totals["countries"] = country_lookup()
        country = country_find(person.country, totals["countries"])
    if "choices" not in totals:
        # Read once per import: translating the labels for each person was most of it.
        totals["choices"] = (_choices(Sex.choices, _SEX_WORDS), _choices(PersonRole.choices))
    sexes, roles = totals["choices"]
    return PersonFacts(
        email="" if person.email.startswith("name:") else person.email,
        name=person.name,
        country_id=country.pk if country is not None else None,
        sex=sexes.get(" ".join(person.sex.split()).casefold(), ""),
        role=roles.get(" ".join(person.role.split()).casefold(), ""),
    )


def _to_check(person: Merged, shared_name: bool, totals: dict[str, Any]) -> bool:
    """The ambiguous few staff decide about: the meeting's host, someone with neither an
    address nor a name, and a name the report gives with another address (or none:
    `shared_name`, found while checking) or a registrant of the event holds with another
    address."""
    if person.host or person.email == "name:":
        return True
    name = person_name_key(person.name)
    if not name:
        return False
    return shared_name or name in totals.get("registrant_names", {})


def _write(
    event: Event,
    record: AttendanceImport,
    batch: list[tuple[Merged, bool]],
    threshold: float,
    totals: dict[str, Any],
    journal: Journal,
) -> None:
    """One step: the attendees of a batch of people, their person records and their
    participation (pending until the import completes). The registrations' attendance is
    set from the attendees when the import completes (`_registrations_attended`)."""
    registrations = _registrations_by_email(event, totals)
    if registrations is None:
        registrations = {}
        # Each batch's accounts with their registration, in one query.
        accounts = _accounts_by_email(
            event, [p.email for p, _shared in batch if not p.email.startswith("name:")]
        )
    else:
        accounts = _accounts_by_email(
            None,
            [
                p.email
                for p, _shared in batch
                if p.email not in registrations and not p.email.startswith("name:")
            ],
        )
    record_id, event_id, activity_id = record.pk, event.pk, event.activity_id
    present_accounts: list[_Account] = []
    # (person, attended, account, status)
    decided: list[tuple[Merged, bool, _Account | None, str]] = []
    facts: list[PersonFacts] = []
    for person, shared_name in batch:
        account = registrations.get(person.email) or accounts.get(person.email)
        attended = person.minutes >= threshold
        status: str
        if account is not None:
            status = AttendeeStatus.MATCHED
            if attended:
                present_accounts.append(account)
        elif _to_check(person, shared_name, totals):
            status = AttendeeStatus.UNMATCHED
        else:
            status = AttendeeStatus.PERSON
            if attended:
                facts.append(_facts(person, totals))
        decided.append((person, attended, account, status))
    persons = person_record_journaled(
        facts=facts, source=ParticipationSource.ATTENDANCE, journal=journal
    )
    attendees: list[tuple[Any, ...]] = []
    # The key as the database stores it (what the field's get_db_prep_value does, without
    # its cost per row): a UUID where the database has the type, else its hex.
    native_uuid = connection.features.has_native_uuid_field
    for person, attended, account, status in decided:
        key = None
        if account is not None:
            key = account.person_key
        elif status == AttendeeStatus.PERSON and attended:
            key = persons[person.email].person_key
        attendees.append(
            (
                record_id,
                event_id,
                person.email,
                person.name,
                round(person.minutes),
                person.joins,
                attended,
                account.registration_id if account is not None else None,
                (key if native_uuid else key.hex) if key else None,
                status,
            )
        )
    with connection.cursor() as cursor:
        cursor.executemany(_ATTENDEE_INSERT(), attendees)
    # Present long enough: attended, as participation_record(attended=True) would say,
    # through the programme's bulk door; people without an account count through their
    # person record. Pending until the import completes (`steps_publish`).
    entries: list[ParticipationEntry] = [
        ParticipationEntry(
            activity_id=activity_id,
            person_key=account.person_key,
            person_id=account.pk,
            country_id=account.country_id,
            sex=account.sex,
            age_band=account.age_band,
            person_role=account.role,
            attended=True,
            source=ParticipationSource.ATTENDANCE,
        )
        for account in present_accounts
    ]
    entries += [
        person_participation_entry(
            activity_id=activity_id,
            person=persons[fact.key],
            attended=True,
            source=ParticipationSource.ATTENDANCE,
        )
        for fact in facts
    ]
    participation_record_journaled(entries=entries, journal=journal)


def _ATTENDEE_INSERT() -> str:
    return _insert_sql(
        Attendee,
        [
            "attendance_import_id",
            "event_id",
            "email",
            "name",
            "minutes",
            "joins",
            "attended",
            "registration_id",
            "person_key",
            "status",
        ],
    )


def _registrations_attended(record: AttendanceImport) -> int:
    """The registrations of the report's attendees say they attended (a flag only moves
    forward) and for how long (the longest of the reports): one set-based statement, in
    the transaction that completes the import."""
    quote = connection.ops.quote_name
    registration = quote(Registration._meta.db_table)
    attendee = quote(Attendee._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {registration} SET "  # noqa: S608
            f"attended = ({registration}.attended OR a.attended), "
            f"attended_minutes = CASE WHEN a.minutes > {registration}.attended_minutes "
            f"THEN a.minutes ELSE {registration}.attended_minutes END, updated_at = %s "
            f"FROM {attendee} a WHERE a.registration_id = {registration}.id "
            "AND a.attendance_import_id = %s "
            f"AND ((a.attended AND NOT {registration}.attended) "
            f"OR a.minutes > {registration}.attended_minutes)",
            [now, record.pk],
        )
        return int(cursor.rowcount)


# --- Staff decide about the few the import could not ---------------------------------------


@transaction.atomic
def attendee_resolve(*, attendee: Attendee, user: User) -> Attendee:
    """Staff match an attendee to a platform user.

    The person took part, so they get a confirmed registration (outside the capacity
    count that governs sign-ups) and, when present long enough, attendance.
    """

    registration, _created = Registration.objects.get_or_create(
        event=attendee.event,
        user=user,
        defaults={"status": RegistrationStatus.CONFIRMED},
    )
    if registration.status != RegistrationStatus.CONFIRMED:
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
    attendee.registration = registration
    attendee.status = AttendeeStatus.RESOLVED
    attendee.person_key = user.person_key
    attendee.save(update_fields=["registration", "status", "person_key"])
    if attendee.attended:
        registration_mark_attended(registration=registration, minutes=attendee.minutes)
    attendance_import_refresh(record=attendee.attendance_import)
    return attendee


@transaction.atomic
def attendee_count_as_person(*, attendee: Attendee) -> Attendee:
    """Staff decide an attendee is a person of their own (not the registrant of the same
    name): they count, when present long enough, through a person record of the
    report's address (or name)."""
    attendee.status = AttendeeStatus.PERSON
    if attendee.attended:
        email = "" if attendee.email.startswith("name:") else attendee.email
        fact = PersonFacts(email=email, name=attendee.name)
        person: Person = person_record_many(facts=[fact], source=ParticipationSource.ATTENDANCE)[
            fact.key
        ]
        attendee.person_key = person.person_key
        participation_record_many(
            entries=[
                person_participation_entry(
                    activity_id=attendee.event.activity_id,
                    person=person,
                    attended=True,
                    source=ParticipationSource.ATTENDANCE,
                )
            ]
        )
    attendee.save(update_fields=["status", "person_key"])
    attendance_import_refresh(record=attendee.attendance_import)
    return attendee


@transaction.atomic
def attendee_dismiss(*, attendee: Attendee) -> Attendee:
    """Staff decide an unmatched attendee is nobody to count (a host's test login...)."""
    attendee.status = AttendeeStatus.DISMISSED
    attendee.save(update_fields=["status"])
    attendance_import_refresh(record=attendee.attendance_import)
    return attendee

"""Attendance from Zoom and Microsoft Teams reports.

The file is read as a stream, twice: once for its SHA-256 (a second import of the same
report is a no-op) and once to parse it. Parsed joins are staged in bulk, then read back
ordered by person so that several joins of one person merge (the union of their
intervals, so two devices in the same minutes count once) with memory that does not
grow with the file. Registrants are matched by e-mail in batches (one query per batch)
and attendance is written in bulk through the programme's participation_record_many, with
the semantics of participation_record: a flag only moves forward, and the profile fields
the indicators disaggregate by are copied.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iite.accounts.models import User
from iite.core.tabular import (
    TableError,
    TableErrors,
    TableFile,
    TableProblem,
    normalise_header,
    text_encoding,
)
from iite.programme.models import ParticipationSource
from iite.programme.services import ParticipationEntry, participation_record_many

from .models import (
    AttendanceImport,
    AttendanceRow,
    AttendanceSource,
    Attendee,
    AttendeeStatus,
    Event,
    EventSession,
    Registration,
    RegistrationStatus,
)

STAGE_BATCH = 5000
MATCH_BATCH = 1000

DATE_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%b %d, %Y %H:%M:%S",
    "%b %d, %Y %I:%M:%S %p",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%m/%d/%y, %I:%M:%S %p",
    "%m/%d/%Y, %I:%M:%S %p",
    "%d/%m/%Y, %H:%M:%S",
    "%d/%m/%y, %H:%M:%S",
)
# The layouts Zoom and Teams write by default, parsed without strptime (it is slow).
_US_RE = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$"
)
_ISO_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$")


def _parse_moment(value: str, zone: ZoneInfo) -> float | None:
    match = _US_RE.match(value)
    try:
        if match:
            month, day, year, hour, minute, second, half = match.groups()
            hour_n = int(hour)
            if half:
                if hour_n > 12:
                    return None
                hour_n = hour_n % 12 + (12 if half.upper() == "PM" else 0)
            year_n = int(year) + (2000 if len(year) == 2 else 0)
            moment = datetime(
                year_n, int(month), int(day), hour_n, int(minute), int(second or 0), tzinfo=zone
            )
            return moment.timestamp()
        match = _ISO_RE.match(value)
        if match:
            y, mo, d, h, mi, sec = match.groups()
            moment = datetime(int(y), int(mo), int(d), int(h), int(mi), int(sec or 0), tzinfo=zone)
            return moment.timestamp()
    except ValueError:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=zone).timestamp()
        except ValueError:
            continue
    return None


DURATION_RE = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?\s*$")


@dataclass
class ImportResult:
    record: AttendanceImport | None
    duplicate: bool = False
    errors: list[TableError] = field(default_factory=list)


class AttendanceFileError(Exception):
    def __init__(self, errors: list[TableError]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


@dataclass
class Join:
    row: int
    email: str
    name: str
    joined_at: float | None
    left_at: float | None
    minutes: float


class _Parser:
    """Shared helpers: header lookup by aliases, dates in the report's zone, errors."""

    def __init__(self, file_name: str, zone: str):
        self.file_name = file_name
        self.zone = ZoneInfo(zone)
        self.errors = TableErrors(file_name)
        # Reports repeat the same timestamps (a meeting's start, its end): parse each once.
        self._moments: dict[str, float] = {}

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.add(row, column, message)

    @staticmethod
    def index(header: list[str], *aliases: str) -> int | None:
        names = [normalise_header(cell) for cell in header]
        for alias in aliases:
            name = normalise_header(alias)
            if name in names:
                return names.index(name)
        return None

    def moment(self, value: str, row: int, column: str, required: bool = True) -> float | None:
        """Seconds since the epoch of a report's local time (in the event's zone)."""
        value = (value or "").strip()
        if not value or value == "--":
            if required:
                self.error(row, column, _("A date and time is required."))
            return None
        cached = self._moments.get(value)
        if cached is not None:
            return cached
        moment = _parse_moment(value, self.zone)
        if moment is None:
            self.error(
                row, column, _("“%(value)s” is not a date and time.") % {"value": value[:40]}
            )
            return None
        if len(self._moments) > 50_000:
            self._moments.clear()
        self._moments[value] = moment
        return moment

    def minutes(self, value: str, row: int, column: str) -> float:
        value = (value or "").strip()
        if value in {"", "--"}:
            return 0.0
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            match = DURATION_RE.match(value)
            if not match or not any(match.groups()):
                self.error(row, column, _("“%(value)s” is not a duration.") % {"value": value[:40]})
                return 0.0
            hours, mins, secs = (int(part or 0) for part in match.groups())
            return hours * 60 + mins + secs / 60
        if number < 0:
            self.error(row, column, _("A duration cannot be negative."))
            return 0.0
        return number

    def person(self, email: str, name: str) -> str:
        email = (email or "").strip().lower()
        return email if email else f"name:{(name or '').strip().lower()}"[:254]


class ZoomMeetingParser(_Parser):
    """Zoom "Meeting participants" export: meeting rows, then one row per join."""

    def parse(self, rows: Iterable[list[str]]) -> Iterator[Join]:
        header: list[str] | None = None
        cols: dict[str, int | None] = {}
        for row, cells in enumerate(rows, start=1):
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                if self.index(cells, "join time") is not None:
                    header = cells
                    cols = {
                        "name": self.index(cells, "name (original name)", "name", "participant"),
                        "email": self.index(cells, "user email", "email"),
                        "join": self.index(cells, "join time"),
                        "leave": self.index(cells, "leave time"),
                        "minutes": self.index(cells, "duration (minutes)", "duration (mins)"),
                    }
                    for key, label in (("email", "User Email"), ("leave", "Leave Time")):
                        if cols[key] is None:
                            self.error(row, label, _("The column is missing."))
                continue
            if self.errors.count and cols.get("email") is None:
                return
            if not cells[0].strip() and len(cells) == 1:
                continue
            yield self._join(cells, row, cols)
        if header is None:
            self.error(1, "Join Time", _("No participant header row was found."))

    def _join(self, cells: list[str], row: int, cols: dict[str, int | None]) -> Join:
        size = len(cells)
        name_i, email_i, join_i, leave_i, minutes_i = (
            cols["name"],
            cols["email"],
            cols["join"],
            cols["leave"],
            cols["minutes"],
        )
        name = cells[name_i].strip() if name_i is not None and name_i < size else ""
        email = cells[email_i] if email_i is not None and email_i < size else ""
        joined = self.moment(
            cells[join_i] if join_i is not None and join_i < size else "", row, "Join Time"
        )
        left = self.moment(
            cells[leave_i] if leave_i is not None and leave_i < size else "", row, "Leave Time"
        )
        minutes = self.minutes(
            cells[minutes_i] if minutes_i is not None and minutes_i < size else "",
            row,
            "Duration (Minutes)",
        )
        if joined and left and left < joined:
            self.error(row, "Leave Time", _("The leave time is before the join time."))
        return Join(row, self.person(email, name), name[:200], joined, left, minutes)


class ZoomWebinarParser(_Parser):
    """Zoom webinar "Attendee report": sections; attendees under "Attendee Details"."""

    SECTIONS = ("attendee details", "other attended")

    def parse(self, rows: Iterable[list[str]]) -> Iterator[Join]:
        in_section = False
        cols: dict[str, int | None] | None = None
        seen_section = False
        for row, cells in enumerate(rows, start=1):
            filled = [cell.strip() for cell in cells if cell.strip()]
            if not filled:
                continue
            if len(filled) == 1 and self.index(cells, "attended") is None:
                title = filled[0].lower()
                in_section = title in self.SECTIONS
                seen_section = seen_section or in_section
                cols = None
                continue
            if not in_section:
                continue
            if cols is None:
                cols = {
                    "attended": self.index(cells, "attended"),
                    "name": self.index(cells, "user name (original name)", "user name", "name"),
                    "first": self.index(cells, "first name"),
                    "last": self.index(cells, "last name"),
                    "email": self.index(cells, "email"),
                    "join": self.index(cells, "join time"),
                    "leave": self.index(cells, "leave time"),
                    "minutes": self.index(
                        cells, "time in session (minutes)", "time in session (mins)"
                    ),
                }
                for key, label in (("email", "Email"), ("join", "Join Time")):
                    if cols[key] is None:
                        self.error(row, label, _("The column is missing."))
                continue
            if cols["email"] is None or cols["join"] is None:
                continue

            def cell(key: str, cols: dict[str, int | None] = cols, cells: list[str] = cells) -> str:
                i = cols.get(key)
                return cells[i] if i is not None and i < len(cells) else ""

            if cell("attended").strip().lower() in {"no", "non", "нет"}:
                continue
            name = cell("name").strip() or f"{cell('first').strip()} {cell('last').strip()}".strip()
            joined = self.moment(cell("join"), row, "Join Time")
            left = self.moment(cell("leave"), row, "Leave Time")
            minutes = self.minutes(cell("minutes"), row, "Time in Session (minutes)")
            if joined and left and left < joined:
                self.error(row, "Leave Time", _("The leave time is before the join time."))
            yield Join(row, self.person(cell("email"), name), name[:200], joined, left, minutes)
        if not seen_section:
            self.error(1, "Attendee Details", _("The “Attendee Details” section is missing."))


class TeamsParser(_Parser):
    """Teams attendance report: UTF-16, tab-separated, "1. Summary", "2. Participants",
    "3. In-Meeting Activities". Joins come from section 3 when present (one row per
    join), else from section 2 (first join, last leave, total in-meeting duration)."""

    def parse_sections(self, rows: Iterable[list[str]], wanted: str) -> Iterator[Join]:
        section = ""
        cols: dict[str, int | None] | None = None
        for row, cells in enumerate(rows, start=1):
            filled = [cell.strip() for cell in cells if cell.strip()]
            if not filled:
                continue
            head = filled[0].lower()
            if len(filled) == 1 and re.match(r"^\d+\.\s", head):
                section = head.split(".", 1)[1].strip()
                cols = None
                continue
            if section != wanted:
                continue
            if cols is None:
                if wanted == "participants":
                    join_aliases: tuple[str, ...] = ("first join",)
                    leave_aliases: tuple[str, ...] = ("last leave",)
                    duration_aliases: tuple[str, ...] = ("in-meeting duration", "duration")
                else:
                    join_aliases = ("join time",)
                    leave_aliases = ("leave time",)
                    duration_aliases = ("duration",)
                cols = {
                    "name": self.index(cells, "name", "full name"),
                    "email": self.index(cells, "email", "participant id (upn)"),
                    "join": self.index(cells, *join_aliases),
                    "leave": self.index(cells, *leave_aliases),
                    "minutes": self.index(cells, *duration_aliases),
                }
                if cols["email"] is None:
                    self.error(row, "Email", _("The column is missing."))
                continue
            if cols["email"] is None:
                continue

            def cell(key: str, cols: dict[str, int | None] = cols, cells: list[str] = cells) -> str:
                i = cols.get(key)
                return cells[i] if i is not None and i < len(cells) else ""

            name = cell("name").strip()
            joined = self.moment(cell("join"), row, "Join Time", required=False)
            left = self.moment(cell("leave"), row, "Leave Time", required=False)
            minutes = self.minutes(cell("minutes"), row, "Duration")
            if wanted == "participants":
                # First join to last leave is not time present; only the total counts.
                joined = left = None
            yield Join(row, self.person(cell("email"), name), name[:200], joined, left, minutes)


def _sha256(file: IO[bytes]) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1 << 16), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def detect_source(file: IO[bytes]) -> str | None:
    """Which tool wrote the report: Teams writes UTF-16; Zoom names its report at the top."""
    try:
        encoding = text_encoding(file)
    except TableProblem:
        return None
    if encoding.startswith("utf-16"):
        return AttendanceSource.TEAMS
    head = file.read(4096)
    file.seek(0)
    text = head.decode(encoding, errors="replace").lower()
    if "attendee report" in text or "webinar id" in text or "attendee details" in text:
        return AttendanceSource.ZOOM_WEBINAR
    if "join time" in text or "meeting id" in text:
        return AttendanceSource.ZOOM_MEETING
    return None


def _joins(file: IO[bytes], file_name: str, source: str, parser: _Parser) -> Iterator[Join]:
    if source == AttendanceSource.TEAMS:
        assert isinstance(parser, TeamsParser)
        table = TableFile(file, name=file_name, fmt="csv", delimiter="\t")
        has_activities = any(
            cells and cells[0].strip().lower().startswith("3. in-meeting activities")
            for cells in table.rows()
        )
        yield from parser.parse_sections(
            table.rows(), "in-meeting activities" if has_activities else "participants"
        )
        return
    assert isinstance(parser, ZoomMeetingParser | ZoomWebinarParser)
    yield from parser.parse(TableFile(file, name=file_name, fmt="csv", delimiter=",").rows())


def _session_minutes(event: Event, session: EventSession | None) -> int:
    if session is None:
        sessions = list(event.sessions.all()[:2])
        session = sessions[0] if len(sessions) == 1 else None
    span = session.duration if session is not None else event.duration
    return max(1, round(span.total_seconds() / 60))


def _merged(rows: list[tuple[Any, ...]]) -> tuple[float, int]:
    """Minutes present across several joins: the union of intervals when every join has
    its times, else the sum of the reported durations."""
    if all(joined is not None and left is not None for _e, _n, joined, left, _m in rows):
        total = 0.0
        ordered = sorted(rows, key=lambda r: r[2])
        current_start, current_end = ordered[0][2], ordered[0][3]
        for _e, _n, joined, left, _m in ordered[1:]:
            if joined <= current_end:
                current_end = max(current_end, left)
            else:
                total += current_end - current_start
                current_start, current_end = joined, left
        total += current_end - current_start
        return total / 60, len(rows)
    return sum(r[4] for r in rows), len(rows)


def attendance_import(
    *,
    event: Event,
    file: IO[bytes],
    file_name: str,
    source: str | None = None,
    session: EventSession | None = None,
    imported_by: User | None = None,
) -> ImportResult:
    """Import one report. Errors name the file, row and column; nothing is written from a
    file with an error; the same file imported again changes nothing."""
    file_hash = _sha256(file)
    existing = AttendanceImport.objects.filter(event=event, file_hash=file_hash).first()
    if existing is not None:
        return ImportResult(existing, duplicate=True)
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
    parser: _Parser
    if source == AttendanceSource.TEAMS:
        parser = TeamsParser(file_name, event.time_zone)
    elif source == AttendanceSource.ZOOM_WEBINAR:
        parser = ZoomWebinarParser(file_name, event.time_zone)
    else:
        parser = ZoomMeetingParser(file_name, event.time_zone)
    try:
        with transaction.atomic():
            record = _import(
                event, file, file_name, file_hash, source, session, imported_by, parser
            )
    except AttendanceFileError as exc:
        return ImportResult(None, errors=exc.errors)
    except TableProblem as exc:
        return ImportResult(None, errors=[TableError(file_name, 1, "—", exc.message)])
    return ImportResult(record)


def _import(
    event: Event,
    file: IO[bytes],
    file_name: str,
    file_hash: str,
    source: str,
    session: EventSession | None,
    imported_by: User | None,
    parser: _Parser,
) -> AttendanceImport:
    record = AttendanceImport.objects.create(
        event=event,
        session=session,
        source=source,
        file_name=file_name[:255],
        file_hash=file_hash,
        session_minutes=_session_minutes(event, session),
        imported_by=imported_by,
    )
    stage_sql = _insert_sql(
        AttendanceRow, ["attendance_import_id", "email", "name", "joined_ts", "left_ts", "minutes"]
    )
    batch: list[tuple[Any, ...]] = []
    rows = 0
    record_id = record.pk
    with connection.cursor() as cursor:
        for join in _joins(file, file_name, source, parser):
            rows += 1
            if parser.errors:
                if parser.errors.full:
                    break
                continue  # keep reading to report more errors, but stage nothing more
            batch.append(
                (record_id, join.email, join.name, join.joined_at, join.left_at, join.minutes)
            )
            if len(batch) >= STAGE_BATCH:
                cursor.executemany(stage_sql, batch)
                batch = []
        if parser.errors:
            raise AttendanceFileError(parser.errors.items)
        if batch:
            cursor.executemany(stage_sql, batch)
    if rows == 0:
        raise AttendanceFileError(
            [TableError(file_name, 1, "—", _("The report lists no attendees."))]
        )
    threshold = record.session_minutes * event.attendance_threshold / 100
    people: list[tuple[str, str, float, int]] = []
    totals: dict[str, Any] = {"people": 0, "matched": 0, "attended": 0}
    table = connection.ops.quote_name(AttendanceRow._meta.db_table)
    current: list[tuple[Any, ...]] = []
    # A cursor of its own, read in chunks, so memory stays flat however long the report.
    with connection.chunked_cursor() as reader:
        reader.execute(
            f"SELECT email, name, joined_ts, left_ts, minutes FROM {table} "  # noqa: S608
            "WHERE attendance_import_id = %s ORDER BY email, joined_ts, id",
            [record.pk],
        )
        while chunk := reader.fetchmany(STAGE_BATCH):
            for staged_row in chunk:
                if current and staged_row[0] != current[0][0]:
                    people.append(_person(current))
                    current = []
                current.append(staged_row)
            if len(people) >= MATCH_BATCH:
                _write(event, record, people, threshold, totals)
                people = []
    if current:
        people.append(_person(current))
    if people:
        _write(event, record, people, threshold, totals)
    AttendanceRow.objects.filter(attendance_import=record).delete()
    record.rows = rows
    record.people = totals["people"]
    record.matched = totals["matched"]
    record.attended = totals["attended"]
    record.save(update_fields=["rows", "people", "matched", "attended"])
    return record


REGISTRATION_MAP_LIMIT = 20_000


def _registration_rows(event: Event) -> Any:
    return (
        Registration.objects.filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("user")
        .only(
            "pk",
            "attended",
            "attended_minutes",
            "user__email",
            "user__person_key",
            "user__country_id",
            "user__sex",
            "user__age_band",
            "user__role",
        )
    )


def _registrations_by_email(
    event: Event, people: list[tuple[str, str, float, int]], totals: dict[str, Any]
) -> dict[str, Registration]:
    """Registrants by lower-case e-mail. An event with up to REGISTRATION_MAP_LIMIT
    registrants is read once per import (memory bounded by the registrations, not the
    report); beyond that, one query per batch of the report's addresses."""
    if "registrations" not in totals:
        count = _registration_rows(event).count()
        totals["registrations"] = (
            {r.user.email.lower(): r for r in _registration_rows(event)}
            if count <= REGISTRATION_MAP_LIMIT
            else None
        )
    if totals["registrations"] is not None:
        return totals["registrations"]  # type: ignore[no-any-return]
    emails = [email for email, *_rest in people if not email.startswith("name:")]
    # Platform e-mail addresses are stored lower-case (the account manager and allauth
    # both normalise), so the report's address, lower-cased, matches exactly.
    return {
        r.user.email.lower(): r for r in _registration_rows(event).filter(user__email__in=emails)
    }


def _insert_sql(model: Any, columns: list[str]) -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608


def _person(rows: list[tuple[Any, ...]]) -> tuple[str, str, float, int]:
    minutes, joins = _merged(rows)
    name = next((r[1] for r in rows if r[1]), "")
    return rows[0][0], name, minutes, joins


def _write(
    event: Event,
    record: AttendanceImport,
    people: list[tuple[str, str, float, int]],
    threshold: float,
    totals: dict[str, Any],
) -> None:
    registrations = _registrations_by_email(event, people, totals)
    attendees: list[tuple[Any, ...]] = []
    record_id, event_id = record.pk, event.pk
    changed_registrations = []
    present_people = []
    for email, name, minutes, joins in people:
        registration = registrations.get(email)
        attended = minutes >= threshold
        attendees.append(
            (
                record_id,
                event_id,
                email,
                name,
                round(minutes),
                joins,
                attended,
                registration.pk if registration else None,
                AttendeeStatus.MATCHED if registration else AttendeeStatus.UNMATCHED,
            )
        )
        if registration is None:
            continue
        totals["matched"] += 1
        new_minutes = max(registration.attended_minutes, round(minutes))
        if (attended and not registration.attended) or new_minutes != registration.attended_minutes:
            registration.attended = registration.attended or attended
            registration.attended_minutes = new_minutes
            changed_registrations.append(registration)
        if attended:
            totals["attended"] += 1
            present_people.append(registration.user)
    totals["people"] += len(people)
    with connection.cursor() as cursor:
        cursor.executemany(
            _insert_sql(
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
                    "status",
                ],
            ),
            attendees,
        )
    if changed_registrations:
        # One prepared UPDATE per row through executemany: Django's bulk_update compiles a
        # CASE expression per row and field in Python, which dominated large imports.
        now = timezone.now()
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {Registration._meta.db_table} "  # noqa: S608
                "SET attended = %s, attended_minutes = %s, updated_at = %s WHERE id = %s",
                [(r.attended, r.attended_minutes, now, r.pk) for r in changed_registrations],
            )
    # Present long enough: attended, as participation_record(attended=True) would say,
    # through the programme's bulk door (which announces the change on commit).
    participation_record_many(
        entries=(
            ParticipationEntry.for_person(
                activity_id=event.activity_id,
                person=person,
                attended=True,
                source=ParticipationSource.ATTENDANCE,
            )
            for person in present_people
        )
    )


@transaction.atomic
def attendee_resolve(*, attendee: Attendee, user: User) -> Attendee:
    """Staff match an unmatched attendee to a platform user.

    The person took part, so they get a confirmed registration (outside the capacity
    count that governs sign-ups) and, when present long enough, attendance.
    """
    from .services import registration_mark_attended

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
    attendee.save(update_fields=["registration", "status"])
    if attendee.attended:
        registration_mark_attended(registration=registration, minutes=attendee.minutes)
    return attendee


def attendee_dismiss(*, attendee: Attendee) -> Attendee:
    """Staff decide an unmatched attendee is nobody to count (a host's test login...)."""
    attendee.status = AttendeeStatus.DISMISSED
    attendee.save(update_fields=["status"])
    return attendee

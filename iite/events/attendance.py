"""Attendance from Zoom and Microsoft Teams reports.

The file is read as a stream, twice: once for its SHA-256 (a second import of the same
report is a no-op) and once to parse it. Parsed joins are staged in bulk, then read back
ordered by person so that several joins of one person merge (the union of their
intervals, so two devices in the same minutes count once) with memory that does not
grow with the file. Attendees are matched to accounts by e-mail in batches (registrants
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
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from iite.accounts.models import PersonRole, Sex, User
from iite.core.i18n import TranslatedText
from iite.core.tabular import (
    TableError,
    TableErrors,
    TableFile,
    TableProblem,
    normalise_header,
    text_encoding,
)
from iite.programme.models import ParticipationSource, Person
from iite.programme.services import (
    ParticipationEntry,
    PersonFacts,
    participation_record_many,
    person_email_normalise,
    person_name_key,
    person_participation_entry,
    person_record_many,
)
from iite.reference.models import Country
from iite.reference.selectors import country_find, country_lookup

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
# No session a report covers lasts a month: a longer duration is a broken cell.
MAX_MINUTES = 60 * 24 * 31
# How far a report's meeting may start before or end after the event's time and still be
# taken for it without asking (people join early, meetings overrun).
TIME_TOLERANCE_SECONDS = 60 * 60
HOST_ROLES = frozenset({"host", "co-host", "cohost", "organizer", "organiser", "co-organizer"})
HOST_SUFFIXES = ("(host)", "(co-host)", "(cohost)")


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


@dataclass
class Meeting:
    """What a report says of the meeting it comes from, where it says it."""

    title: str = ""
    meeting_id: str = ""
    start: float | None = None
    end: float | None = None


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
    # As the report writes them (a registration question, Zoom's country, Teams' role).
    country: str = ""
    sex: str = ""
    role: str = ""


class _Parser:
    """Shared helpers: header lookup by aliases, dates in the report's zone, errors."""

    def __init__(self, file_name: str, zone: str):
        self.file_name = file_name
        self.zone = ZoneInfo(zone)
        self.errors = TableErrors(file_name)
        # Reports repeat the same timestamps (a meeting's start, its end): parse each once.
        self._moments: dict[str, float] = {}
        self.meeting = Meeting()
        # The first join and the last leave seen: the meeting's time when it states none.
        self.first_join: float | None = None
        self.last_leave: float | None = None

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.add(row, column, message)

    def check_header(self, row: int, cells: list[str]) -> None:
        """A column named twice is refused, as the activity import refuses it: which of
        the two holds the value would be a guess."""
        names = [normalise_header(cell) for cell in cells]
        for column in sorted({name for name in names if name and names.count(name) > 1}):
            label = cells[names.index(column)].strip()
            self.error(row, label, _("This column appears more than once."))

    def seen(self, joined: float | None, left: float | None) -> None:
        if joined is not None and (self.first_join is None or joined < self.first_join):
            self.first_join = joined
        if left is not None and (self.last_leave is None or left > self.last_leave):
            self.last_leave = left

    def meeting_moment(self, value: str) -> float | None:
        """A date and time of the report's summary: read when it can be, never an error."""
        value = (value or "").strip()
        return _parse_moment(value, self.zone) if value else None

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
            number = hours * 60 + mins + secs / 60
        if not math.isfinite(number):
            self.error(
                row, column, _("“%(value)s” is not a number of minutes.") % {"value": value[:40]}
            )
            return 0.0
        if number < 0:
            self.error(row, column, _("A duration cannot be negative."))
            return 0.0
        if number > MAX_MINUTES:
            self.error(
                row,
                column,
                _("“%(value)s” minutes is longer than any session (at most %(max)s).")
                % {"value": value[:40], "max": MAX_MINUTES},
            )
            return 0.0
        return number

    def person(self, email: str, name: str) -> str:
        email = person_email_normalise(email)
        return email if email else f"name:{person_name_key(name)}"[:254]


class ZoomMeetingParser(_Parser):
    """Zoom "Meeting participants" export: meeting rows, then one row per join."""

    def parse(self, rows: Iterable[list[str]]) -> Iterator[Join]:
        header: list[str] | None = None
        cols: dict[str, int | None] = {}
        meeting_header: list[str] | None = None
        for row, cells in enumerate(rows, start=1):
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                if self.index(cells, "join time") is not None:
                    header = cells
                    self.check_header(row, cells)
                    cols = {
                        "name": self.index(cells, "name (original name)", "name", "participant"),
                        "email": self.index(cells, "user email", "email"),
                        "join": self.index(cells, "join time"),
                        "leave": self.index(cells, "leave time"),
                        "minutes": self.index(cells, "duration (minutes)", "duration (mins)"),
                        "country": self.index(cells, "country/region name", "country"),
                        "sex": self.index(cells, "sex", "gender"),
                        "role": self.index(cells, "role"),
                    }
                    for key, label in (("email", "User Email"), ("leave", "Leave Time")):
                        if cols[key] is None:
                            self.error(row, label, _("The column is missing."))
                elif meeting_header is not None:
                    self._meeting(meeting_header, cells)
                    meeting_header = None
                elif self.index(cells, "meeting id", "topic") is not None:
                    meeting_header = cells
                continue
            if self.errors.count and cols.get("email") is None:
                return
            if not cells[0].strip() and len(cells) == 1:
                continue
            yield self._join(cells, row, cols)
        if header is None:
            self.error(1, "Join Time", _("No participant header row was found."))

    def _meeting(self, header: list[str], cells: list[str]) -> None:
        def cell(*aliases: str) -> str:
            i = self.index(header, *aliases)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        self.meeting = Meeting(
            title=cell("topic"),
            meeting_id=cell("meeting id"),
            start=self.meeting_moment(cell("start time")),
            end=self.meeting_moment(cell("end time")),
        )

    def _join(self, cells: list[str], row: int, cols: dict[str, int | None]) -> Join:
        size = len(cells)
        name_i, email_i, join_i, leave_i, minutes_i = (
            cols["name"],
            cols["email"],
            cols["join"],
            cols["leave"],
            cols["minutes"],
        )

        def cell(key: str) -> str:
            i = cols.get(key)
            return cells[i].strip() if i is not None and i < size else ""

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
        self.seen(joined, left)
        # Zoom marks the meeting's host and co-hosts after their name.
        host = name.lower().endswith(HOST_SUFFIXES)
        return Join(
            row,
            self.person(email, name),
            name[:200],
            joined,
            left,
            minutes,
            cell("country"),
            cell("sex"),
            "host" if host else cell("role"),
        )


class ZoomWebinarParser(_Parser):
    """Zoom webinar "Attendee report": sections; attendees under "Attendee Details"."""

    SECTIONS = ("attendee details", "other attended")

    def parse(self, rows: Iterable[list[str]]) -> Iterator[Join]:
        in_section = False
        cols: dict[str, int | None] | None = None
        seen_section = False
        meeting_header: list[str] | None = None
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
                if meeting_header is not None:
                    self._meeting(meeting_header, cells)
                    meeting_header = None
                elif not seen_section and self.index(cells, "topic", "webinar id") is not None:
                    meeting_header = cells
                continue
            if cols is None:
                self.check_header(row, cells)
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
                    "country": self.index(cells, "country/region name", "country"),
                    "sex": self.index(cells, "sex", "gender"),
                    "role": self.index(cells, "role"),
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
            self.seen(joined, left)
            yield Join(
                row,
                self.person(cell("email"), name),
                name[:200],
                joined,
                left,
                minutes,
                cell("country").strip(),
                cell("sex").strip(),
                cell("role").strip(),
            )
        if not seen_section:
            self.error(1, "Attendee Details", _("The “Attendee Details” section is missing."))

    def _meeting(self, header: list[str], cells: list[str]) -> None:
        def cell(*aliases: str) -> str:
            i = self.index(header, *aliases)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        start = self.meeting_moment(cell("actual start time", "start time"))
        try:
            duration = float(cell("actual duration (minutes)", "duration (minutes)"))
        except ValueError:
            duration = math.nan
        end = start + duration * 60 if start is not None and 0 <= duration <= MAX_MINUTES else None
        self.meeting = Meeting(
            title=cell("topic"), meeting_id=cell("webinar id"), start=start, end=end
        )


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
            if section == "summary" and len(filled) >= 2:
                self._summary(head, filled[1])
                continue
            if section != wanted:
                continue
            if cols is None:
                self.check_header(row, cells)
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
                    "role": self.index(cells, "role"),
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
            self.seen(joined, left)
            if wanted == "participants":
                # First join to last leave is not time present; only the total counts.
                joined = left = None
            yield Join(
                row,
                self.person(cell("email"), name),
                name[:200],
                joined,
                left,
                minutes,
                role=cell("role").strip(),
            )

    def _summary(self, key: str, value: str) -> None:
        if key in {"meeting title", "title"}:
            self.meeting.title = value
        elif key in {"meeting id", "id"}:
            self.meeting.meeting_id = value
        elif key == "start time":
            self.meeting.start = self.meeting_moment(value)
        elif key == "end time":
            self.meeting.end = self.meeting_moment(value)


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


# --- Is the report of this event? ---------------------------------------------------------


def _words(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", (text or "").casefold()).split())


def _same_title(report_title: str, titles: Iterable[str]) -> bool:
    """The same title, or one holding the other ("IITE webinar: AI in schools")."""
    mine = _words(report_title)
    for title in titles:
        theirs = _words(title)
        if not mine or not theirs:
            continue
        if mine == theirs:
            return True
        if min(len(mine), len(theirs)) >= 10 and (mine in theirs or theirs in mine):
            return True
    return False


def _same_meeting_id(meeting_id: str, joining_url: str) -> bool:
    digits = re.sub(r"\D", "", meeting_id or "")
    return len(digits) >= 9 and digits in re.findall(r"\d+", joining_url or "")


def _local(moment: float, zone: ZoneInfo) -> str:
    return datetime.fromtimestamp(moment, tz=zone).strftime("%Y-%m-%d %H:%M")


def report_mismatches(event: Event, session: EventSession | None, parser: _Parser) -> list[str]:
    """Why the report may be of another meeting: its title and ID are neither the event's
    (or the session's) title nor the meeting of its joining link, or its meeting ran
    outside the event's (or the session's) time by more than an hour. What the report
    does not say is not held against it."""
    problems: list[str] = []
    meeting = parser.meeting
    if meeting.title or meeting.meeting_id:
        titles = [text for text in dict(event.title).values() if text]
        if session is not None:
            titles += [text for text in dict(session.title).values() if text]
        if not (
            (meeting.title and _same_title(meeting.title, titles))
            or (meeting.meeting_id and _same_meeting_id(meeting.meeting_id, event.joining_url))
        ):
            shown = TranslatedText(dict(event.title), event.original_language).resolve()
            if meeting.title and meeting.meeting_id:
                problems.append(
                    _(
                        "The report is of the meeting “%(title)s” (ID %(id)s): neither this "
                        "event's title (“%(event)s”) nor the meeting of its joining link."
                    )
                    % {"title": meeting.title[:200], "id": meeting.meeting_id[:40], "event": shown}
                )
            elif meeting.title:
                problems.append(
                    _("The report is of the meeting “%(title)s”, not of “%(event)s”.")
                    % {"title": meeting.title[:200], "event": shown}
                )
            else:
                problems.append(
                    _("The report's meeting ID %(id)s is not the meeting of this event's link.")
                    % {"id": meeting.meeting_id[:40]}
                )
    start = meeting.start if meeting.start is not None else parser.first_join
    end = meeting.end if meeting.end is not None else parser.last_leave
    if start is not None:
        end = end if end is not None and end >= start else start
        span = session if session is not None else event
        window_start = span.starts_at.timestamp() - TIME_TOLERANCE_SECONDS
        window_end = span.ends_at.timestamp() + TIME_TOLERANCE_SECONDS
        if end < window_start or start > window_end:
            zone = parser.zone
            problems.append(
                _(
                    "The report's meeting ran %(start)s–%(end)s, outside this event's time "
                    "(%(event_start)s–%(event_end)s, %(zone)s)."
                )
                % {
                    "start": _local(start, zone),
                    "end": _local(end, zone),
                    "event_start": _local(span.starts_at.timestamp(), zone),
                    "event_end": _local(span.ends_at.timestamp(), zone),
                    "zone": event.time_zone,
                }
            )
    return problems


# --- Import ---------------------------------------------------------------------------------


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
    says why (`mismatches`) and nothing is written."""
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
                event, file, file_name, file_hash, source, session, imported_by, parser, confirmed
            )
    except AttendanceFileError as exc:
        return ImportResult(None, errors=exc.errors)
    except AttendanceUnconfirmed as exc:
        return ImportResult(None, mismatches=exc.mismatches)
    except TableProblem as exc:
        return ImportResult(None, errors=[TableError(file_name, 1, "—", exc.message)])
    return ImportResult(record)


def attendance_import_many(
    *,
    event: Event,
    files: Iterable[tuple[str, IO[bytes]]],
    session: EventSession | None = None,
    imported_by: User | None = None,
    confirmed: bool = False,
) -> list[tuple[str, ImportResult]]:
    """Import several reports together, all or none: when one has an error or needs
    confirmation, nothing of any is written, and each file's result says what it had
    (errors, mismatches, or `withheld`: fine, but not written because of another)."""
    results: list[tuple[str, ImportResult]] = []
    with transaction.atomic():
        for name, file in files:
            results.append(
                (
                    name,
                    attendance_import(
                        event=event,
                        file=file,
                        file_name=name,
                        session=session,
                        imported_by=imported_by,
                        confirmed=confirmed,
                    ),
                )
            )
        if any(result.blocked for _name, result in results):
            transaction.set_rollback(True)
            for _name, result in results:
                if not result.blocked:
                    result.withheld = True
                    result.record = None
    return results


def _import(
    event: Event,
    file: IO[bytes],
    file_name: str,
    file_hash: str,
    source: str,
    session: EventSession | None,
    imported_by: User | None,
    parser: _Parser,
    confirmed: bool,
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
    staged = [
        "attendance_import_id",
        *("email", "name", "joined_ts", "left_ts", "minutes", "country", "sex", "role"),
    ]
    stage_sql = _insert_sql(AttendanceRow, staged)
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
    if not confirmed:
        mismatches = report_mismatches(event, session, parser)
        if mismatches:
            raise AttendanceUnconfirmed(mismatches)
    threshold = record.session_minutes * event.attendance_threshold / 100
    people: list[Merged] = []
    table = connection.ops.quote_name(AttendanceRow._meta.db_table)
    totals: dict[str, Any] = {"shared_names": _shared_names(table, record.pk)}
    current: list[tuple[Any, ...]] = []
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
    record.save(update_fields=["rows"])
    return attendance_import_refresh(record=record)


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
            "user__name",
            "user__person_key",
            "user__country_id",
            "user__sex",
            "user__age_band",
            "user__role",
        )
    )


def _registrations_by_email(
    event: Event, people: list[Merged], totals: dict[str, Any]
) -> dict[str, Registration]:
    """Registrants by lower-case e-mail. An event with up to REGISTRATION_MAP_LIMIT
    registrants is read once per import (memory bounded by the registrations, not the
    report), with their names, so that an attendee under a registrant's name but another
    address is checked by staff; beyond that, one query per batch of the report's
    addresses (and names are not compared)."""
    if "registrations" not in totals:
        count = _registration_rows(event).count()
        totals["registrations"] = (
            {r.user.email.lower(): r for r in _registration_rows(event)}
            if count <= REGISTRATION_MAP_LIMIT
            else None
        )
        totals["registrant_names"] = {
            person_name_key(r.user.name): email
            for email, r in (totals["registrations"] or {}).items()
            if r.user.name.strip()
        }
    if totals["registrations"] is not None:
        return totals["registrations"]  # type: ignore[no-any-return]
    emails = [person.email for person in people if not person.email.startswith("name:")]
    # Platform e-mail addresses are stored lower-case (the account manager and allauth
    # both normalise), so the report's address, lower-cased, matches exactly.
    return {
        r.user.email.lower(): r for r in _registration_rows(event).filter(user__email__in=emails)
    }


def _accounts_by_email(emails: list[str]) -> dict[str, User]:
    if not emails:
        return {}
    accounts = User.objects.filter(email__in=emails).only(
        "pk", "email", "person_key", "country_id", "sex", "age_band", "role"
    )
    return {user.email.lower(): user for user in accounts}


def _insert_sql(model: Any, columns: list[str]) -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608


@dataclass(frozen=True, slots=True)
class Merged:
    """One person of a report, joins merged."""

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


def _choice(text: str, choices: Any, extra: dict[str, str] | None = None) -> str:
    """A choice from what a report writes: its value or its English label, any case."""
    word = " ".join(text.split()).casefold()
    if not word:
        return ""
    for value, label in choices:
        if word in {value.casefold(), str(label).casefold()}:
            return str(value)
    return (extra or {}).get(word, "")


def _facts(person: Merged, totals: dict[str, Any]) -> PersonFacts:
    """What the report says of a person without an account, mapped to the platform's
    lists; what it does not say (or says in a way not recognised) stays not recorded."""
    country: Country | None = None
    if person.country:
        if "countries" not in totals:
            totals["countries"] = country_lookup()
        country = country_find(person.country, totals["countries"])
    with translation.override("en"):
        sex = _choice(person.sex, Sex.choices, _SEX_WORDS)
        role = _choice(person.role, PersonRole.choices)
    return PersonFacts(
        email="" if person.email.startswith("name:") else person.email,
        name=person.name,
        country_id=country.pk if country is not None else None,
        sex=sex,
        role=role,
    )


def _to_check(person: Merged, totals: dict[str, Any]) -> bool:
    """The ambiguous few staff decide about: the meeting's host, someone with neither an
    address nor a name, and a name the report gives with another address (or none) or a
    registrant of the event holds with another address."""
    if person.host or person.email == "name:":
        return True
    name = person_name_key(person.name)
    if not name:
        return False
    return name in totals["shared_names"] or name in totals.get("registrant_names", {})


def _write(
    event: Event,
    record: AttendanceImport,
    people: list[Merged],
    threshold: float,
    totals: dict[str, Any],
) -> None:
    registrations = _registrations_by_email(event, people, totals)
    accounts = _accounts_by_email(
        [
            p.email
            for p in people
            if p.email not in registrations and not p.email.startswith("name:")
        ]
    )
    record_id, event_id = record.pk, event.pk
    changed_registrations = []
    present_accounts: list[User] = []
    # (person, attended, registration, account, status)
    decided: list[tuple[Merged, bool, Registration | None, User | None, str]] = []
    facts: list[PersonFacts] = []
    for person in people:
        registration = registrations.get(person.email)
        account = registration.user if registration is not None else accounts.get(person.email)
        attended = person.minutes >= threshold
        status: str
        if account is not None:
            status = AttendeeStatus.MATCHED
            if attended:
                present_accounts.append(account)
        elif _to_check(person, totals):
            status = AttendeeStatus.UNMATCHED
        else:
            status = AttendeeStatus.PERSON
            if attended:
                facts.append(_facts(person, totals))
        decided.append((person, attended, registration, account, status))
        if registration is None:
            continue
        new_minutes = max(registration.attended_minutes, round(person.minutes))
        if (attended and not registration.attended) or new_minutes != registration.attended_minutes:
            registration.attended = registration.attended or attended
            registration.attended_minutes = new_minutes
            changed_registrations.append(registration)
    persons = person_record_many(facts=facts, source=ParticipationSource.ATTENDANCE)
    attendees: list[tuple[Any, ...]] = []
    key_field = Attendee._meta.get_field("person_key")
    for person, attended, registration, account, status in decided:
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
                registration.pk if registration else None,
                key_field.get_db_prep_value(key, connection) if key else None,
                status,
            )
        )
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
                    "person_key",
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
    # through the programme's bulk door (which announces the change on commit); people
    # without an account count through their person record.
    entries: list[ParticipationEntry] = [
        ParticipationEntry.for_person(
            activity_id=event.activity_id,
            person=account,
            attended=True,
            source=ParticipationSource.ATTENDANCE,
        )
        for account in present_accounts
    ]
    entries += [
        person_participation_entry(
            activity_id=event.activity_id,
            person=persons[fact.key],
            attended=True,
            source=ParticipationSource.ATTENDANCE,
        )
        for fact in facts
    ]
    participation_record_many(entries=entries)


# --- Staff decide about the few the import could not ---------------------------------------


@transaction.atomic
def attendee_resolve(*, attendee: Attendee, user: User) -> Attendee:
    """Staff match an attendee to a platform user.

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

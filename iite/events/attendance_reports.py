"""Reading Zoom and Microsoft Teams attendance reports, and telling whether one is an event's.

The parsers turn a report's rows into joins (who, when, how long, and what the report says
of the person: country, sex, role), with errors by file, row and column; they also keep
what the report says of the meeting (title, ID, start and end), which `report_mismatches`
compares with the event before anything is written.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from iite.core.i18n import TranslatedText
from iite.core.tabular import TableErrors, TableFile, TableProblem, normalise_header, text_encoding
from iite.programme.models import person_email_normalise, person_name_key

from .models import AttendanceSource, Event, EventSession

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
class Meeting:
    """What a report says of the meeting it comes from, where it says it."""

    title: str = ""
    meeting_id: str = ""
    start: float | None = None
    end: float | None = None


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


class ReportParser:
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

    def person_columns(self, header: list[str]) -> dict[str, int | None]:
        """Where a report says what it knows of a person: Zoom's country, and the sex or
        role a registration question asked."""
        return {
            "country": self.index(header, "country/region name", "country"),
            "sex": self.index(header, "sex", "gender"),
            "role": self.index(header, "role"),
        }

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


# The columns of a Zoom meeting report's joins, in the order `_join` reads them.
_ZOOM_KEYS = ("name", "email", "join", "leave", "minutes", "country", "sex", "role")


class ZoomMeetingParser(ReportParser):
    """Zoom "Meeting participants" export: meeting rows, then one row per join."""

    def parse(self, rows: Iterable[list[str]]) -> Iterator[Join]:
        header: list[str] | None = None
        cols: dict[str, int | None] = {}
        order: tuple[int, ...] | None = None
        width = 0
        meeting_header: list[str] | None = None
        for row, cells in enumerate(rows, start=1):
            if not "".join(cells).strip():
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
                        **self.person_columns(cells),
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
            if order is None:
                # The columns' places, a missing one at the blank cell added to each row.
                order = tuple(-1 if (i := cols[key]) is None else i for key in _ZOOM_KEYS)
                width = 1 + max(order)
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            cells.append("")
            yield self._join(cells, row, order)
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

    def _join(self, cells: list[str], row: int, order: tuple[int, ...]) -> Join:
        """One row's join; `cells` holds every column of `order` (a blank one last)."""
        name_i, email_i, join_i, leave_i, minutes_i, country_i, sex_i, role_i = order
        name = cells[name_i].strip()
        joined = self.moment(cells[join_i], row, "Join Time")
        left = self.moment(cells[leave_i], row, "Leave Time")
        minutes = self.minutes(cells[minutes_i], row, "Duration (Minutes)")
        if joined and left and left < joined:
            self.error(row, "Leave Time", _("The leave time is before the join time."))
        self.seen(joined, left)
        # Zoom marks the meeting's host and co-hosts after their name.
        host = name.lower().endswith(HOST_SUFFIXES)
        return Join(
            row,
            self.person(cells[email_i], name),
            name[:200],
            joined,
            left,
            minutes,
            cells[country_i].strip(),
            cells[sex_i].strip(),
            "host" if host else cells[role_i].strip(),
        )


class ZoomWebinarParser(ReportParser):
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
                    **self.person_columns(cells),
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


class TeamsParser(ReportParser):
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


def report_joins(
    file: IO[bytes], file_name: str, source: str, parser: ReportParser
) -> Iterator[Join]:
    """The joins of a report, in the order of its rows, read by the source's parser."""
    if source == AttendanceSource.TEAMS:
        assert isinstance(parser, TeamsParser)
        table = TableFile(file, name=file_name, fmt="csv", delimiter="\t", check_numbers=False)
        has_activities = any(
            cells and cells[0].strip().lower().startswith("3. in-meeting activities")
            for cells in table.rows()
        )
        yield from parser.parse_sections(
            table.rows(), "in-meeting activities" if has_activities else "participants"
        )
        return
    assert isinstance(parser, ZoomMeetingParser | ZoomWebinarParser)
    yield from parser.parse(
        TableFile(file, name=file_name, fmt="csv", delimiter=",", check_numbers=False).rows()
    )


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


def report_mismatches(
    event: Event, session: EventSession | None, parser: ReportParser
) -> list[str]:
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

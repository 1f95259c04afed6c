"""Import activities and participation from CSV or XLSX, all or nothing.

Three kinds of file, told apart by their header row (see COLUMNS and the upload page):

- activities: one row per activity (code, title, kind, dates, strategy links...), with
  optional participants_* columns that add an aggregate participation record to it;
- aggregate participation: counts for existing activities (activity, total, female...);
- individual participation (a sign-in sheet): one row per person (activity, email, role,
  flags). A person with an account counts as the account; anyone else through a person
  record of their address, holding the name, country and sex the sheet gives. Rows for a
  person already recorded update their flags, as the participation_record service does
  (a blank flag leaves the stored one as it is).

The file is read once, as a stream, and validated row by row (lookups a thousand rows
at a time: reference tables once, activities and people per batch). Valid rows are kept,
parsed, batch by batch as the import's steps (`import_steps`); only when every row is
valid are they written, a batch per transaction (so no import holds the database for
long), with executemany for the records and their many-to-many links. Nothing is
written unless the whole file is valid; a batch that cannot be written takes back the
batches written before it; a job whose worker stopped goes on from the first batch not
written. Memory does not grow with the file (except the set of activity codes and an
8-byte digest per participation row, to find repeats).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from iite.accounts.models import Sex, User
from iite.core.exports import Sheet
from iite.core.records import records_changed_on_commit
from iite.core.tabular import (
    CellValueError,
    TableError,
    TableErrors,
    TableFile,
    TableProblem,
    cell_number,
    normalise_header,
)
from iite.reference.models import PriorityRegion
from iite.strategy.models import (
    Initiative,
    Priority,
    ProgrammePillar,
    ProgrammeUnit,
    StrategicObjective,
    StrategyPeriod,
    TargetGroup,
    UnescoOutput,
)

from . import permissions
from .forms import DELIVERY_LANGUAGE_CODES
from .import_steps import (
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
from .lookups import CountryIndex, split_list
from .models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    AggregateParticipation,
    ImportBatch,
    Modality,
    ParticipationRole,
    ParticipationSource,
)
from .services import (
    ParticipationEntry,
    PersonFacts,
    person_participation_entry,
    unit_default,
)

BATCH = 1000
ACTIVITIES, AGGREGATE, PARTICIPATION = "activities", "aggregate", "participation"

_TITLE_COLUMNS = [f"title_{code.replace('-', '_')}" for code in settings.LANGUAGE_CODES]
COLUMNS: dict[str, dict[str, list[str]]] = {
    ACTIVITIES: {
        "required": ["code", "title", "kind", "start_date"],
        "optional": [
            "title_language",
            *_TITLE_COLUMNS,
            "description",
            "end_date",
            "period",
            "unit",
            "pillars",
            "objectives",
            "output",
            "initiative",
            "modality",
            "status",
            "languages",
            "target_countries",
            "target_regions",
            "target_groups",
            "priorities",
            "partners",
            "is_public",
            "participants_total",
            "participants_female",
            "participants_male",
            "participants_another",
            "participants_not_stated",
            "participants_countries",
        ],
    },
    AGGREGATE: {
        "required": ["activity", "total"],
        "optional": [
            "role",
            "female",
            "male",
            "another",
            "not_stated",
            "countries",
            "country_count",
            "target_group",
            "completed",
            "certified",
            "evidence",
            "notes",
        ],
    },
    PARTICIPATION: {
        "required": ["activity", "email"],
        "optional": ["role", "attended", "completed", "certified", "name", "country", "sex"],
    },
}

EXAMPLES: dict[str, list[str]] = {
    ACTIVITIES: [
        "webinar-ai-teachers-2026",
        "AI competencies for teachers",
        "webinar",
        "2026-03-12",
        "en",
        *["" for _code in _TITLE_COLUMNS],
        "A webinar on the AI Competency Framework for Teachers.",
        "2026-03-12",
        "2026-2029",
        "TPDN",
        "P4",
        "SO2",
        "7.4",
        "P4-WEBINARS",
        "online",
        "completed",
        "en; ru",
        "KZ; UZ; KE",
        "africa",
        "teachers",
        "gender_equality; africa_sids",
        "",
        "yes",
        "150",
        "90",
        "58",
        "0",
        "2",
        "KZ; UZ; KE; NG",
    ],
    AGGREGATE: [
        "gsec-2026",
        "120",
        "participant",
        "70",
        "48",
        "0",
        "2",
        "CN; KZ; EG",
        "12",
        "teachers",
        "0",
        "0",
        "Attendance sheets, hall A",
        "",
    ],
    PARTICIPATION: [
        *("gsec-2026", "teacher@example.org", "speaker", "yes", "", ""),
        *("Amina Kariuki", "KE", "female"),
    ],
}


def template_header(kind: str) -> list[str]:
    return COLUMNS[kind]["required"] + COLUMNS[kind]["optional"]


@dataclass
class ImportReport:
    file: str
    kind: str = ""
    rows: int = 0
    created: dict[str, int] = field(default_factory=dict)
    problems: TableErrors = field(init=False)

    def __post_init__(self) -> None:
        self.problems = TableErrors(self.file)

    @property
    def errors(self) -> list[TableError]:
        """The errors to show (the first MAX_ERRORS)."""
        return self.problems.items

    @property
    def error_count(self) -> int:
        return self.problems.count

    @property
    def ok(self) -> bool:
        return self.problems.count == 0

    def error(self, row: int, column: str, message: str) -> None:
        self.problems.add(row, column, message)


# --- Cell parsers ------------------------------------------------------------------------------


class CellError(Exception):
    pass


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() if value is not None else ""


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text[:10] if len(text) > 10 else text)
    except ValueError as exc:
        raise CellError(_("“%(value)s” is not a date; use YYYY-MM-DD.") % {"value": text}) from exc


def _int(value: Any) -> int | None:
    text = _text(value)
    if not text:
        return None
    try:
        number = int(text)
    except ValueError as exc:
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": text}) from exc
    if number < 0:
        raise CellError(_("The number cannot be negative."))
    try:  # the same bounds as every other import: 1e30 would overflow the database
        return int(cell_number(number, integer=True) or 0)
    except CellValueError as exc:
        raise CellError(exc.message) from exc


_TRUE = {"1", "yes", "y", "true", "x", "oui", "sí", "si", "да", "是", "نعم"}
_FALSE = {"0", "no", "n", "false", "non", "нет", "否", "لا"}


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _text(value).casefold()
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(_("“%(value)s” is not yes or no.") % {"value": _text(value)})


@functools.lru_cache(maxsize=64)
def _choice_map(choices: type[models.TextChoices], language: str) -> dict[str, str]:
    """Values and labels (in the active language) of a TextChoices, case-folded, to values."""
    mapping: dict[str, str] = {}
    for key, label in choices.choices:
        mapping.setdefault(str(label).casefold(), key)
        mapping[key.casefold()] = key
    return mapping


@functools.lru_cache(maxsize=64)
def _choice_values(choices: type[models.TextChoices]) -> dict[str, str]:
    """A TextChoices' values, case-folded, to values (they win over labels)."""
    return {key.casefold(): key for key in choices.values}


def _choice(value: Any, choices: type[models.TextChoices], default: str | None) -> str | None:
    text = _text(value)
    if not text:
        return default
    folded = text.casefold()
    # A value as such needs no look-up of the active language (once per cell of a file).
    found = _choice_values(choices).get(folded)
    if found is None:
        found = _choice_map(choices, get_language() or "en").get(folded)
    if found is not None:
        return found
    allowed = ", ".join(choices.values)
    raise CellError(
        _("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed}
    )


# --- Lookups -----------------------------------------------------------------------------------


class Lookups:
    """Reference tables loaded once per import; activities and people per batch of rows."""

    def __init__(self) -> None:
        self.periods = {p.code: p for p in StrategyPeriod.objects.all()}
        self.period_by_year: dict[int, StrategyPeriod] = {}
        for period in sorted(self.periods.values(), key=lambda p: p.is_current):
            for year in range(period.start_year, period.end_year + 1):
                self.period_by_year[year] = period
        self.current = next((p for p in self.periods.values() if p.is_current), None)
        self.framework: dict[str, dict[tuple[int, str], int]] = {}
        for key, model in (
            ("unit", ProgrammeUnit),
            ("pillars", ProgrammePillar),
            ("objectives", StrategicObjective),
            ("output", UnescoOutput),
            ("initiative", Initiative),
            ("priorities", Priority),
            ("target_groups", TargetGroup),
        ):
            self.framework[key] = {
                (period_id, code.casefold()): pk
                for pk, period_id, code in model.objects.values_list("pk", "period_id", "code")
            }
        self.regions = {
            code.casefold(): pk for pk, code in PriorityRegion.objects.values_list("pk", "code")
        }
        # Partners sit above the programme (they read its activities); the activity's own
        # relation names their model, so a row's partner slugs resolve without importing it.
        partner = Activity._meta.get_field("partners").related_model
        self.partners = {
            slug: pk for pk, slug in partner._default_manager.values_list("pk", "slug")
        }
        self.countries = CountryIndex.load()

    def framework_id(self, key: str, period_id: int, code: str) -> int | None:
        return self.framework[key].get((period_id, code.casefold()))


@dataclass
class _Parsed:
    row: int
    values: dict[str, Any]


def _cells(header: list[str], raw: list[Any]) -> dict[str, Any]:
    return {name: (raw[i] if i < len(raw) else "") for i, name in enumerate(header) if name}


def _blank(raw: list[Any]) -> bool:
    return all(_text(cell) == "" for cell in raw)


def _batched(iterable: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


# --- The importer -----------------------------------------------------------------------------


class Importer:
    def __init__(
        self,
        *,
        name: str,
        handle: IO[bytes],
        user: User | None,
        progress: Callable[[int], None] | None = None,
    ):
        self.progress = progress
        self.name = name
        self.handle = handle
        self.user = user
        self.table = TableFile(handle, name=name)
        self.report = ImportReport(file=name)
        self.lookups = Lookups()
        self.codes_in_file: set[str] = set()
        # An 8-byte digest per (activity, e-mail, role): repeats are found with a set
        # several times smaller than the keys themselves.
        self.participation_keys: set[bytes] = set()

    # Permissions: the management command has no user and may import anything.
    def _may_edit_unit(self, unit_id: int | None) -> bool:
        return self.user is None or permissions.can_edit_activity_in_unit(self.user, unit_id)

    def _default_unit(self, period: Any) -> int | None:
        if self.user is None:
            return None
        cache = self.__dict__.setdefault("_default_units", {})
        if period.pk not in cache:
            unit = unit_default(user=self.user, period=period)
            cache[period.pk] = unit.pk if unit is not None else None
        return cache[period.pk]

    def run(self) -> ImportReport:
        """Check the whole file, then write it batch by batch (see the module docstring)."""
        owner = f"run:{uuid.uuid4().hex[:16]}"
        try:
            if self.check(owner) and self.write(owner):
                # Everything the file holds counts at once, with the import's record.
                with transaction.atomic():
                    steps_publish(owner)
                    self.record_batch()
        except BaseException:
            steps_undo(owner)
            raise
        finally:
            steps_clear(owner)
        return self.report

    def check(self, owner: str) -> bool:
        """Check every row; keep each batch of checked rows as a step of `owner`.

        False, with nothing kept, when the file has an error (the report says which)."""
        steps_clear(owner)
        try:
            header, kind = self._header()
        except TableProblem as exc:
            self.report.error(1, "", exc.message)
            return False
        self.report.kind = kind
        if not self.report.ok:
            return False
        try:
            self._validate(header, kind, owner)
        except TableProblem as exc:
            self.report.error(0, "", exc.message)
        if self.report.ok and self.report.rows == 0:
            self.report.error(2, "", _("The file has no data rows."))
        if not self.report.ok:
            steps_clear(owner)
            return False
        return True

    def write(self, owner: str, progress: Callable[[], None] | None = None) -> bool:
        """Write the checked steps not yet written, each in its own transaction (with
        `progress`, the job's record of it). If one cannot be written, the steps written
        before it are taken back: False, and the report says nothing was imported."""
        try:
            with checkpoints_deferred():
                for number in steps_pending(owner):
                    step_write(owner, number, self._write_step, progress)
        except DatabaseError:
            # Someone created the same records while this file was being checked.
            steps_undo(owner)
            self.report.created.clear()
            self.report.error(
                0, "", _("Another change was saved meanwhile; nothing was imported. Try again.")
            )
            return False
        return True

    def record_batch(self) -> ImportBatch:
        """The audit trail's record of the import, once every step is written."""
        return ImportBatch.objects.create(
            file_name=self.name[:255],
            kind=self.report.kind,
            rows=self.report.rows,
            created=self.report.created,
            imported_by=self.user,
        )

    def _write_step(self, value: tuple[str, Any], journal: Journal) -> None:
        kind, ready = value
        self.report.kind = kind
        writers: dict[str, Callable[[Any, Journal], None]] = {
            ACTIVITIES: self._write_activities,
            AGGREGATE: self._write_aggregates,
            PARTICIPATION: self._write_participations,
        }
        writers[kind](ready, journal)

    def _rows(self) -> Iterator[list[Any]]:
        return self.table.rows()

    def _header(self) -> tuple[list[str], str]:
        rows = self._rows()
        first = next(rows, None)
        if first is None:
            raise TableProblem(_("The file is empty."))
        header = [normalise_header(cell) for cell in first]
        names = set(header) - {""}
        if "email" in names:
            kind = PARTICIPATION
        elif "activity" in names and "total" in names:
            kind = AGGREGATE
        elif "code" in names or "title" in names:
            kind = ACTIVITIES
        else:
            raise TableProblem(
                _(
                    "The header row names no known columns. Activities need code, title, kind "
                    "and start_date; aggregate participation needs activity and total; "
                    "individual participation needs activity and email."
                )
            )
        known = set(template_header(kind))
        for column in sorted(names - known):
            self.report.error(1, column, _("Unknown column."))
        for column in COLUMNS[kind]["required"]:
            if column not in names:
                self.report.error(1, column, _("This column is required."))
        repeated = {name for name in header if name and header.count(name) > 1}
        for column in sorted(repeated):
            self.report.error(1, column, _("This column appears more than once."))
        return header, kind

    def _validate(self, header: list[str], kind: str, owner: str) -> None:
        rows = self._rows()
        next(rows, None)
        numbered = ((number, raw) for number, raw in enumerate(rows, start=2) if not _blank(raw))
        handler: Callable[[list[tuple[int, dict[str, Any]]]], Any] = {
            ACTIVITIES: self._activities,
            AGGREGATE: self._aggregates,
            PARTICIPATION: self._participations,
        }[kind]
        self.report.rows = 0
        for step, chunk in enumerate(_batched(numbered, BATCH), start=1):
            self.report.rows += len(chunk)
            ready = handler([(number, _cells(header, raw)) for number, raw in chunk])
            if self.report.ok:
                step_add(owner, step, (kind, ready))
            if self.progress is not None:
                self.progress(self.report.rows)

    def _count(self, label: str, n: int) -> None:
        if n:
            self.report.created[label] = self.report.created.get(label, 0) + n

    # --- activities ---------------------------------------------------------------------------

    def _parse_activity(self, number: int, cells: dict[str, Any]) -> _Parsed | None:
        report, lookups = self.report, self.lookups
        before = report.error_count
        values: dict[str, Any] = {}

        def cell(column: str, parser: Callable[[Any], Any]) -> Any:
            try:
                return parser(cells.get(column, ""))
            except CellError as exc:
                report.error(number, column, str(exc))
                return None

        code = _text(cells.get("code"))
        if not code:
            report.error(number, "code", _("The code is required."))
        elif slugify(code) != code or len(code) > 80:
            report.error(
                number,
                "code",
                _("Use lower-case letters, digits and hyphens only (at most 80), e.g. gsec-2026."),
            )
        elif code in self.codes_in_file:
            report.error(number, "code", _("This code appears on an earlier row."))
        else:
            self.codes_in_file.add(code)
        values["code"] = code

        language = _text(cells.get("title_language")) or "en"
        if language not in settings.LANGUAGE_CODES:
            report.error(
                number,
                "title_language",
                _("“%(value)s” is not one of: %(allowed)s.")
                % {"value": language, "allowed": ", ".join(settings.LANGUAGE_CODES)},
            )
            language = "en"
        title = {language: _text(cells.get("title"))} if _text(cells.get("title")) else {}
        for code_lang, column in zip(settings.LANGUAGE_CODES, _TITLE_COLUMNS, strict=True):
            if _text(cells.get(column)):
                title[code_lang] = _text(cells.get(column))
        if not title:
            report.error(number, "title", _("The title is required."))
        values["title"] = title
        values["original_language"] = language
        description = _text(cells.get("description"))
        values["description"] = {language: description} if description else {}

        if not _text(cells.get("kind")):
            report.error(number, "kind", _("The kind is required."))
        values["kind"] = cell("kind", lambda v: _choice(v, ActivityKind, None))
        values["modality"] = cell("modality", lambda v: _choice(v, Modality, Modality.ONLINE))
        values["status"] = cell(
            "status", lambda v: _choice(v, ActivityStatus, ActivityStatus.PLANNED)
        )
        public = cell("is_public", _bool)
        values["is_public"] = True if public is None else public

        start = cell("start_date", _date)
        end = cell("end_date", _date)
        if start is None and "start_date" not in {e.column for e in report.errors[before:]}:
            report.error(number, "start_date", _("The start date is required."))
        if start and end and end < start:
            report.error(number, "end_date", _("The end date is before the start date."))
        values["start_date"], values["end_date"] = start, end or start

        period_code = _text(cells.get("period"))
        period: StrategyPeriod | None = None
        if period_code:
            period = lookups.periods.get(period_code)
            if period is None:
                report.error(number, "period", _("No strategy period has this code."))
        elif start:
            period = lookups.period_by_year.get(start.year)
            if period is None:
                report.error(number, "period", _("No strategy period covers the start date."))
        if period and start and not (period.start_year <= start.year <= period.end_year):
            report.error(number, "start_date", _("The start date is outside the strategy period."))
        values["period_id"] = period.pk if period else None

        def framework_one(column: str, key: str) -> int | None:
            text = _text(cells.get(column))
            if not text or period is None:
                return None
            found = lookups.framework_id(key, period.pk, text)
            if found is None:
                report.error(
                    number,
                    column,
                    _("“%(value)s” is not a code of the %(period)s strategy.")
                    % {"value": text, "period": period.code},
                )
            return found

        def framework_many(column: str, key: str) -> list[int]:
            found: list[int] = []
            if period is None:
                return found
            for text in split_list(_text(cells.get(column))):
                pk = lookups.framework_id(key, period.pk, text)
                if pk is None:
                    report.error(
                        number,
                        column,
                        _("“%(value)s” is not a code of the %(period)s strategy.")
                        % {"value": text, "period": period.code},
                    )
                elif pk not in found:
                    found.append(pk)
            return found

        values["unit_id"] = framework_one("unit", "unit")
        if values["unit_id"] is None and not _text(cells.get("unit")) and period is not None:
            # Every activity belongs to a unit: by default the importing officer's.
            default = self._default_unit(period)
            if default is None:
                report.error(
                    number, "unit", _("Give the programme unit: every activity belongs to one.")
                )
            values["unit_id"] = default
        values["output_id"] = framework_one("output", "output")
        values["initiative_id"] = framework_one("initiative", "initiative")
        values["pillars"] = framework_many("pillars", "pillars")
        values["objectives"] = framework_many("objectives", "objectives")
        values["priorities"] = framework_many("priorities", "priorities")
        values["target_groups"] = framework_many("target_groups", "target_groups")
        if not self._may_edit_unit(values["unit_id"]):
            report.error(number, "unit", _("You can only import activities of your own units."))

        languages = split_list(_text(cells.get("languages")))

        bad = [code for code in languages if code not in DELIVERY_LANGUAGE_CODES]
        if bad:
            report.error(
                number,
                "languages",
                _("Unknown language codes: %(codes)s.") % {"codes": ", ".join(bad)},
            )
        values["languages"] = languages

        countries, unknown = lookups.countries.resolve(
            split_list(_text(cells.get("target_countries")))
        )
        if unknown:
            report.error(
                number,
                "target_countries",
                _("Unknown countries: %(names)s.") % {"names": ", ".join(unknown)},
            )
        values["target_countries"] = countries
        regions = []
        for text in split_list(_text(cells.get("target_regions"))):
            pk = lookups.regions.get(text.casefold())
            if pk is None:
                report.error(
                    number,
                    "target_regions",
                    _("“%(value)s” is not a priority region code.") % {"value": text},
                )
            else:
                regions.append(pk)
        values["target_regions"] = regions
        partners = []
        for slug in split_list(_text(cells.get("partners"))):
            pk = lookups.partners.get(slug)
            if pk is None:
                report.error(
                    number, "partners", _("No partner has the code “%(value)s”.") % {"value": slug}
                )
            else:
                partners.append(pk)
        values["partners"] = partners

        total = cell("participants_total", _int)
        split = [
            cell(f"participants_{name}", _int) or 0
            for name in ("female", "male", "another", "not_stated")
        ]
        participant_countries, unknown = lookups.countries.resolve(
            split_list(_text(cells.get("participants_countries")))
        )
        if unknown:
            report.error(
                number,
                "participants_countries",
                _("Unknown countries: %(names)s.") % {"names": ", ".join(unknown)},
            )
        if total is None and (any(split) or participant_countries):
            report.error(
                number, "participants_total", _("Give the total when you give counts by sex.")
            )
        if total is not None and sum(split) != total:
            report.error(
                number,
                "participants_total",
                _("Female, male, another and not stated add up to %(split)s, not %(total)s.")
                % {"split": sum(split), "total": total},
            )
        values["participants"] = (
            (total, *split, participant_countries) if total is not None else None
        )
        if report.error_count > before:
            return None
        return _Parsed(number, values)

    def _activities(self, chunk: list[tuple[int, dict[str, Any]]]) -> list[dict[str, Any]]:
        parsed = [self._parse_activity(number, cells) for number, cells in chunk]
        valid = [item for item in parsed if item is not None]
        codes = [item.values["code"] for item in valid]
        existing = set(Activity.objects.filter(code__in=codes).values_list("code", flat=True))
        for item in valid:
            if item.values["code"] in existing:
                self.report.error(item.row, "code", _("An activity with this code already exists."))
        return [item.values for item in valid]

    def _write_activities(self, rows: list[dict[str, Any]], journal: Journal) -> None:
        user_id = self.user.pk if self.user is not None else None
        now = timezone.now()
        ids = _insert_returning_ids(
            Activity,
            [*_ACTIVITY_VALUES, "created_by_id", "created_at", "updated_at"],
            [[v[name] for name in _ACTIVITY_VALUES] + [user_id, now, now] for v in rows],
            key="code",
            keys=[v["code"] for v in rows],
        )
        self._count("activities", len(ids))
        # Their links and counts go with them if the import is taken back.
        journal.create("programme.activity", ids)
        for name in (
            "pillars",
            "objectives",
            "priorities",
            "target_groups",
            "target_countries",
            "target_regions",
            "partners",
        ):
            _insert_links(
                getattr(Activity, name).through,
                _through_columns(name),
                [(pk, other) for pk, v in zip(ids, rows, strict=True) for other in v[name]],
            )
        counted = [(pk, v["participants"]) for pk, v in zip(ids, rows, strict=True)]
        counted = [(pk, counts) for pk, counts in counted if counts is not None]
        # Raw SQL bypasses the model signals: say what changed, once per batch, on commit.
        records_changed_on_commit(
            sender="programme", kinds={"activity", "aggregate"} if counted else {"activity"}
        )
        if not counted:
            return
        # One venue record per new activity: the activity id is the record's key.
        evidence = _("Imported from %(file)s") % {"file": self.name[:200]}
        record_ids = _insert_returning_ids(
            AggregateParticipation,
            [
                "activity_id",
                "role",
                "total",
                "female",
                "male",
                "another",
                "not_stated",
                "country_count",
                "completed",
                "certified",
                "evidence",
                "notes",
                "entered_by_id",
                "created_at",
            ],
            [
                [
                    pk,
                    ParticipationRole.PARTICIPANT,
                    *counts[:5],
                    len(counts[5]),
                    0,
                    0,
                    evidence,
                    "",
                    user_id,
                    now,
                ]
                for pk, counts in counted
            ],
            key="activity_id",
            keys=[pk for pk, _counts in counted],
        )
        _insert_links(
            AggregateParticipation.countries.through,
            ("aggregateparticipation_id", "country_id"),
            [
                (record_id, country)
                for record_id, (_pk, counts) in zip(record_ids, counted, strict=True)
                for country in counts[5]
            ],
        )
        self._count("aggregate participation records", len(record_ids))

    def _write_aggregates(self, rows: list[dict[str, Any]], journal: Journal) -> None:
        if not rows:
            return
        user_id = self.user.pk if self.user is not None else None
        records = [
            AggregateParticipation(
                **{k: v for k, v in row.items() if k != "countries"}, entered_by_id=user_id
            )
            for row in rows
        ]
        AggregateParticipation.objects.bulk_create(records, batch_size=BATCH)
        journal.create("programme.aggregateparticipation", [r.pk for r in records])
        _insert_links(
            AggregateParticipation.countries.through,
            ("aggregateparticipation_id", "country_id"),
            [(r.pk, pk) for r, row in zip(records, rows, strict=True) for pk in row["countries"]],
        )
        self._count("aggregate participation records", len(records))
        records_changed_on_commit(sender="programme", kinds={"aggregate"})

    # --- aggregate participation ----------------------------------------------------------------

    def _activities_by_code(self, chunk: list[tuple[int, dict[str, Any]]]) -> dict[str, Any]:
        codes = {_text(cells.get("activity")) for _number, cells in chunk}
        return {
            row[0]: row
            for row in Activity.objects.filter(code__in=codes).values_list(
                "code", "pk", "unit_id", "period_id"
            )
        }

    def _activity(self, number: int, cells: dict[str, Any], known: dict[str, Any]) -> Any:
        code = _text(cells.get("activity"))
        if not code:
            self.report.error(number, "activity", _("The activity code is required."))
            return None
        found = known.get(code)
        if found is None:
            self.report.error(number, "activity", _("No activity has this code."))
            return None
        if not self._may_edit_unit(found[2]):
            self.report.error(
                number,
                "activity",
                _("You can only record participation in your units' activities."),
            )
            return None
        return found

    def _aggregates(self, chunk: list[tuple[int, dict[str, Any]]]) -> list[dict[str, Any]]:
        report = self.report
        known = self._activities_by_code(chunk)
        ready: list[dict[str, Any]] = []
        for number, cells in chunk:
            before = report.error_count

            def cell(
                column: str,
                parser: Callable[[Any], Any],
                row: int = number,
                cells: dict[str, Any] = cells,
            ) -> Any:
                try:
                    return parser(cells.get(column, ""))
                except CellError as exc:
                    report.error(row, column, str(exc))
                    return None

            activity = self._activity(number, cells, known)
            total = cell("total", _int)
            if total is None and not any(e.column == "total" for e in report.errors[before:]):
                report.error(number, "total", _("The total is required."))
            role = cell(
                "role",
                lambda v: _choice(v, ParticipationRole, ParticipationRole.PARTICIPANT),
            )
            split = [cell(name, _int) or 0 for name in ("female", "male", "another", "not_stated")]
            completed = cell("completed", _int) or 0
            certified = cell("certified", _int) or 0
            country_count = cell("country_count", _int) or 0
            if total is not None and sum(split) != total:
                report.error(
                    number,
                    "total",
                    _("Female, male, another and not stated add up to %(split)s, not %(total)s.")
                    % {"split": sum(split), "total": total},
                )
            if total is not None and completed > total:
                report.error(number, "completed", _("This cannot be more than the total."))
            if total is not None and certified > total:
                report.error(number, "certified", _("This cannot be more than the total."))
            countries, unknown = self.lookups.countries.resolve(
                split_list(_text(cells.get("countries")))
            )
            if unknown:
                report.error(
                    number,
                    "countries",
                    _("Unknown countries: %(names)s.") % {"names": ", ".join(unknown)},
                )
            group_id = None
            group_code = _text(cells.get("target_group"))
            if group_code and activity is not None:
                group_id = self.lookups.framework_id("target_groups", activity[3], group_code)
                if group_id is None:
                    report.error(
                        number,
                        "target_group",
                        _("“%(value)s” is not a target group of the activity's strategy period.")
                        % {"value": group_code},
                    )
            evidence = _text(cells.get("evidence"))
            if len(evidence) > 500:
                report.error(number, "evidence", _("At most 500 characters."))
            if report.error_count > before:
                continue
            ready.append(
                {
                    "activity_id": activity[1],
                    "role": role,
                    "total": total,
                    "female": split[0],
                    "male": split[1],
                    "another": split[2],
                    "not_stated": split[3],
                    "countries": countries,
                    "country_count": max(country_count, len(countries)),
                    "target_group_id": group_id,
                    "completed": completed,
                    "certified": certified,
                    "evidence": evidence,
                    "notes": _text(cells.get("notes")),
                }
            )
        return ready

    # --- individual participation ---------------------------------------------------------------

    def _participations(self, chunk: list[tuple[int, dict[str, Any]]]) -> list[tuple[Any, ...]]:
        report = self.report
        known = self._activities_by_code(chunk)
        emails = {_text(cells.get("email")).lower() for _number, cells in chunk}
        # Plain rows, not model instances: a batch of a thousand accounts made into
        # instances was a sixth of a large file's import.
        people = {
            row[1].lower(): row
            for row in User.objects.filter(email__in=emails).values_list(
                "pk", "email", "person_key", "country_id", "sex", "age_band", "role"
            )
        }
        wanted: list[tuple[Any, ...]] = []
        for number, cells in chunk:
            before = report.error_count
            activity = self._activity(number, cells, known)
            email = _text(cells.get("email")).lower()
            person = people.get(email)
            facts: PersonFacts | None = None
            if not email:
                report.error(number, "email", _("The email is required."))
            elif person is None:
                facts = self._person_facts(number, email, cells)
            try:
                role = _choice(
                    cells.get("role", ""), ParticipationRole, ParticipationRole.PARTICIPANT
                )
            except CellError as exc:
                report.error(number, "role", str(exc))
                role = None
            flags: list[bool | None] = []
            for column in ("attended", "completed", "certified"):
                try:
                    flags.append(_bool(cells.get(column, "")))
                except CellError as exc:
                    report.error(number, column, str(exc))
            key = hashlib.blake2b(
                "\x00".join((_text(cells.get("activity")), email, str(role))).encode(),
                digest_size=8,
            ).digest()
            if key in self.participation_keys:
                report.error(number, "email", _("This person and role appear on an earlier row."))
            self.participation_keys.add(key)
            if report.error_count == before and person is not None and role is not None:
                pk, _email, person_key, country_id, sex, age_band, person_role = person
                snapshot = {
                    "country_id": country_id,
                    "sex": sex,
                    "age_band": age_band,
                    "person_role": person_role,
                }
                wanted.append((activity[1], pk, person_key, snapshot, role, flags))
            elif report.error_count == before and facts is not None and role is not None:
                wanted.append((activity[1], None, None, facts, role, flags))
        return wanted

    def _person_facts(self, number: int, email: str, cells: dict[str, Any]) -> PersonFacts | None:
        """What the sheet says of someone without an account; None when it is wrong."""
        report = self.report
        before = report.error_count
        try:
            validate_email(email)
        except ValidationError:
            report.error(
                number, "email", _("“%(value)s” is not an e-mail address.") % {"value": email[:80]}
            )
        country = _text(cells.get("country"))
        country_id = None
        if country:
            found, unknown = self.lookups.countries.resolve([country])
            if unknown:
                report.error(
                    number,
                    "country",
                    _("Unknown countries: %(names)s.") % {"names": ", ".join(unknown)},
                )
            country_id = found[0] if found else None
        try:
            sex = _choice(cells.get("sex", ""), Sex, "") or ""
        except CellError as exc:
            report.error(number, "sex", str(exc))
            sex = ""
        if report.error_count != before:
            return None
        return PersonFacts(
            email=email, name=_text(cells.get("name"))[:200], country_id=country_id, sex=sex
        )

    def _write_participations(self, wanted: list[tuple[Any, ...]], journal: Journal) -> None:
        """Through the bulk door: a blank flag keeps the stored one, the profile copy is new."""
        if not wanted:
            return
        # People without an account: their person records, made where missing.
        persons = person_record_journaled(
            facts=[row[3] for row in wanted if row[1] is None],
            source=ParticipationSource.IMPORT,
            journal=journal,
        )
        entries: list[ParticipationEntry] = []
        for activity_id, person_id, person_key, snapshot, role, flags in wanted:
            if person_id is None:
                entries.append(
                    person_participation_entry(
                        activity_id=activity_id,
                        person=persons[snapshot.key],
                        role=role,
                        attended=flags[0],
                        completed=flags[1],
                        certified=flags[2],
                        source=ParticipationSource.IMPORT,
                    )
                )
                continue
            entries.append(
                ParticipationEntry(
                    activity_id=activity_id,
                    person_key=person_key,
                    role=role,
                    person_id=person_id,
                    attended=flags[0],
                    completed=flags[1],
                    certified=flags[2],
                    source=ParticipationSource.IMPORT,
                    **snapshot,
                )
            )
        result = participation_record_journaled(entries=entries, journal=journal)
        self._count("participation records", result.created)
        self._count("participation records updated", result.updated)


_ACTIVITY_VALUES = [
    "code",
    "title",
    "description",
    "original_language",
    "kind",
    "period_id",
    "unit_id",
    "output_id",
    "initiative_id",
    "start_date",
    "end_date",
    "modality",
    "status",
    "languages",
    "is_public",
]


def _insert_returning_ids(
    model: type[models.Model],
    columns: list[str],
    rows: list[list[Any]],
    *,
    key: str,
    keys: list[Any],
) -> list[int]:
    """Insert rows with executemany and return their ids, read back by a unique key.

    Values go through each field's get_db_prep_save, as the ORM would, so JSON, dates
    and booleans are stored the same way on SQLite and PostgreSQL.
    """
    if not rows:
        return []
    meta = model._meta
    fields = [meta.get_field(name) for name in columns]
    db = connections[DEFAULT_DB_ALIAS]  # the real connection, not the per-access proxy
    quote = db.ops.quote_name
    names = ", ".join(quote(str(field.column)) for field in fields)  # type: ignore[union-attr]
    marks = ", ".join(["%s"] * len(fields))
    table = quote(str(meta.db_table))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
    # Only JSON, dates and times need the backend's conversion (the same adapters the
    # ORM calls); numbers, text and booleans go to the driver as they are.
    preparers = [_preparer(field, db) for field in fields]
    params = [
        [
            prepare(value) if prepare is not None else value
            for prepare, value in zip(preparers, row, strict=True)
        ]
        for row in rows
    ]
    with db.cursor() as cursor:
        cursor.executemany(sql, params)
    found = dict(model._default_manager.filter(**{f"{key}__in": keys}).values_list(key, "pk"))
    return [found[value] for value in keys]


def _preparer(field: Any, db: Any) -> Callable[[Any], Any] | None:
    if isinstance(field, models.JSONField):
        return lambda value: db.ops.adapt_json_value(value, field.encoder)
    if isinstance(field, models.DateTimeField):
        cache: dict[Any, Any] = {}

        def datetime_value(value: Any) -> Any:
            # Every row of a batch carries the same timestamp: convert it once.
            if value not in cache:
                cache[value] = db.ops.adapt_datetimefield_value(value)
            return cache[value]

        return datetime_value
    if isinstance(field, models.DateField):
        return db.ops.adapt_datefield_value  # type: ignore[no-any-return]
    return None


def _insert_links(
    through: type[models.Model], columns: tuple[str, str], rows: list[tuple[int, int]]
) -> None:
    """Rows of a many-to-many table with one executemany per batch: no model instances.

    The ids come from this import's own bulk_create and from lookups done while
    validating, so the rows need none of the ORM's checks.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    table, source, target = (
        quote(through._meta.db_table),
        quote(columns[0]),
        quote(columns[1]),
    )
    sql = f"INSERT INTO {table} ({source}, {target}) VALUES (%s, %s)"  # noqa: S608 - our names
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5 * BATCH):
            cursor.executemany(sql, rows[start : start + 5 * BATCH])


@functools.cache
def _through_columns(name: str) -> tuple[str, str]:
    """The two id columns of an Activity many-to-many table, e.g. activity_id, country_id."""
    field_ = Activity._meta.get_field(name)
    source = field_.m2m_field_name() + "_id"  # type: ignore[union-attr]
    target = field_.m2m_reverse_field_name() + "_id"  # type: ignore[union-attr]
    return source, target


def import_activities_file(
    *,
    name: str,
    handle: IO[bytes],
    user: User | None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Validate the whole file, then write it batch by batch; see the module docstring.

    `progress`, if given, is called with the number of rows checked after each batch.
    """
    return Importer(name=name, handle=handle, user=user, progress=progress).run()


def template_sheet(kind: str) -> Sheet:
    """The downloadable template of a kind of file: its header and one example row."""
    return Sheet(kind, template_header(kind), [EXAMPLES[kind]])

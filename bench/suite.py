"""The benchmarks, each a function that returns its figures (and the floor they are
measured against). They run inside a configured Django process whose database holds the
scale data (bench.scale.build); bench.run calls them for `make bench` and the smoke test
calls them at a tiny scale. Nothing here asserts a speed: bench.run compares figures with
the goals and writes bench/RESULTS.md.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import os
import random
import re
import shutil
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

Figures = dict[str, Any]


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share in 0..1) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


# --- Memory: resident set size, sampled while work runs -------------------------------------


def rss_kib(pid: int | str = "self", field: str = "VmRSS") -> int:
    """A memory figure of a process from /proc/<pid>/status in KiB (0 when it is gone):
    VmRSS (all resident pages) or RssAnon (the heap: without the database file pages
    SQLite maps into memory, which VmRSS counts too)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


@contextlib.contextmanager
def rss_peak(interval: float = 0.02) -> Iterator[dict[str, int]]:
    """Samples this process's anonymous resident memory (RssAnon) in a thread; yields a
    dict filled with the baseline, the peak and the growth."""
    found = {"baseline_kib": rss_kib(field="RssAnon"), "peak_kib": rss_kib(field="RssAnon")}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            found["peak_kib"] = max(found["peak_kib"], rss_kib(field="RssAnon"))
            stop.wait(interval)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        stop.set()
        thread.join()
        found["peak_kib"] = max(found["peak_kib"], rss_kib(field="RssAnon"))
        found["growth_kib"] = found["peak_kib"] - found["baseline_kib"]


def run_import(kind: str, spec: dict[str, Any]) -> Figures:
    """One import, its time and the growth of this process's heap while it runs."""
    from iite.events.attendance import attendance_import
    from iite.events.models import Event
    from iite.programme.importer import import_activities_file

    path = Path(spec["path"])
    if kind == "zoom":
        event = Event.objects.get(pk=spec["event"])
        with rss_peak() as memory, path.open("rb") as handle:
            seconds, result = _timed(
                lambda: attendance_import(event=event, file=handle, file_name=path.name)
            )
        if result.errors:
            raise RuntimeError(f"Zoom import failed: {result.errors[:3]}")
        record = result.record
        return {
            "seconds": seconds,
            "people": record.people,
            "matched": record.matched,
            "attended": record.attended,
            **memory,
        }
    with rss_peak() as memory, path.open("rb") as handle:
        seconds, report = _timed(
            lambda: import_activities_file(name=path.name, handle=handle, user=None)
        )
    if not report.ok:
        raise RuntimeError(f"programme import failed: {report.errors[:3]}")
    return {"seconds": seconds, "created": dict(report.created), **memory}


def isolated(kind: str, spec: dict[str, Any], isolate: bool) -> Figures:
    """run_import in a fresh Python process (`python -m bench.suite`) when `isolate`, so
    the heap it reports is the import's own and not memory the benchmark process freed
    earlier; in this process otherwise (the smoke test's in-memory database)."""
    if not isolate:
        return run_import(kind, spec)
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "bench.suite", kind, json.dumps(spec)],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{kind} import failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# --- 3. Dashboard -------------------------------------------------------------------------


FLOOR_SQL = (
    "SELECT p.country_id, p.sex, p.person_role, COUNT(DISTINCT p.person_key) "
    "FROM {participation} p JOIN {activity} a ON a.id = p.activity_id "
    "WHERE a.start_date >= %s AND a.start_date <= %s "
    "GROUP BY p.country_id, p.sex, p.person_role"
)


def dashboard(*, year: int = 2026, runs: int = 5) -> Figures:
    """All seven indicators with every disaggregation (the dashboard's tables), cold
    (cache invalidated) and warm (cached), against one hand-written GROUP BY."""
    from django.db import connection

    from iite.monitoring import indicators, selectors
    from iite.monitoring.services import indicators_invalidate
    from iite.programme.models import Activity, Participation

    scope = indicators.Scope(year=year)
    sql = FLOOR_SQL.format(
        participation=Participation._meta.db_table, activity=Activity._meta.db_table
    )
    params = [dt.date(year, 1, 1), dt.date(year, 12, 31)]

    def floor() -> int:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return len(cursor.fetchall())

    def cold() -> int:
        # As a record written anywhere leaves it (the kinds of record a write sends).
        indicators_invalidate(kinds=indicators.RECORD_KINDS)
        blocks = selectors.indicator_report(scope)
        return sum(len(row.dims) for block in blocks for row in block.measures)

    def warm() -> int:
        blocks = selectors.indicator_report(scope)
        return sum(len(row.dims) for block in blocks for row in block.measures)

    floor()  # the first query of a connection pays for opening files and plans
    floors, colds, warms = [], [], []
    tables = groups = 0
    for _run in range(runs):
        seconds, groups = _timed(floor)
        floors.append(seconds)
        seconds, tables = _timed(cold)
        colds.append(seconds)
        for _repeat in range(3):
            seconds, _tables = _timed(warm)
            warms.append(seconds)
    computation = indicators.compute_cached(scope)
    return {
        "scope": f"year {year}",
        "runs": runs,
        "participations": Participation.objects.count(),
        "scope_participations": Participation.objects.filter(
            activity__start_date__range=(params[0], params[1])
        ).count(),
        "floor_groups": groups,
        "measures": len(computation.measures),
        "indicators": len(indicators.INDICATORS),
        "dimension_tables": tables,
        "floor_s": statistics.median(floors),
        "cold_s": statistics.median(colds),
        "warm_s": statistics.median(warms),
        "cold_over_floor": statistics.median(colds) / statistics.median(floors),
        "cold_runs_s": colds,
        "floor_runs_s": floors,
    }


# --- 5. Imports ---------------------------------------------------------------------------


def _scale_people(limit: int) -> list[tuple[int, str, str]]:
    from iite.accounts.models import User

    return list(
        User.objects.filter(email__endswith="@scale.iite.example.org")
        .order_by("pk")
        .values_list("pk", "email", "name")[:limit]
    )


def _bench_activities(prefix: str, count: int, year: int = 2026) -> list[int]:
    from iite.programme.models import Activity
    from iite.strategy.models import ProgrammeUnit, StrategyPeriod

    period = StrategyPeriod.objects.filter(is_current=True).first()
    unit = ProgrammeUnit.objects.filter(period=period).order_by("order").first()
    start = dt.date(year, 3, 1)
    Activity.objects.bulk_create(
        [
            Activity(
                code=f"{prefix}-{i:05d}",
                title={"en": f"Benchmark activity {prefix} {i}"},
                original_language="en",
                kind="training",
                period=period,
                unit=unit,
                start_date=start,
                end_date=start,
                modality="online",
                languages=["en"],
                status="completed",
                is_public=False,
            )
            for i in range(count)
        ],
        batch_size=1000,
    )
    return list(
        Activity.objects.filter(code__startswith=f"{prefix}-")
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _participation_pairs(
    rows: int, people: list[tuple[int, str, str]], activities: int
) -> list[tuple[int, int]]:
    """(activity index, person index) pairs, each once, `rows` of them."""
    per_activity = max(1, -(-rows // activities))
    pairs: list[tuple[int, int]] = []
    rng = random.Random(rows)
    for a in range(activities):
        take = min(per_activity, rows - len(pairs), len(people))
        if take <= 0:
            break
        pairs.extend((a, p) for p in rng.sample(range(len(people)), take))
    return pairs


def programme_file(
    path: Path, rows: int, people: list[tuple[int, str, str]], codes: list[str]
) -> int:
    """A participation CSV (the programme importer's 'individual participation' kind)."""
    pairs = _participation_pairs(rows, people, len(codes))
    rng = random.Random(7)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["activity", "email", "role", "attended", "completed", "certified"])
        for a, p in pairs:
            completed = rng.random() < 0.5
            writer.writerow(
                [
                    codes[a],
                    people[p][1],
                    "participant" if rng.random() < 0.97 else "speaker",
                    "yes" if rng.random() < 0.85 else "no",
                    "yes" if completed else "no",
                    "yes" if completed and rng.random() < 0.6 else "",
                ]
            )
    return len(pairs)


def zoom_file(path: Path, rows: int, people: list[tuple[int, str, str]]) -> int:
    """A Zoom 'Meeting participants' report: rejoins, several devices, guests, phones."""
    rng = random.Random(11)
    start = dt.datetime(2026, 11, 10, 12, 0)
    fmt = "%m/%d/%Y %I:%M:%S %p"
    written = 0
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["Meeting ID", "Topic", "Start Time", "End Time", "User Email", "Duration (Minutes)"]
        )
        writer.writerow(
            [
                "81234567890",
                "AI in education: a webinar for teachers",
                start.strftime(fmt),
                (start + dt.timedelta(minutes=90)).strftime(fmt),
                "webinars@iite.example.org",
                "90",
            ]
        )
        writer.writerow([])
        writer.writerow(
            [
                "Name (Original Name)",
                "User Email",
                "Join Time",
                "Leave Time",
                "Duration (Minutes)",
                "Guest",
                "Recording Consent",
                "In Waiting Room",
            ]
        )
        person = 0
        while written < rows:
            kind = rng.random()
            if kind < 0.08:
                name, email = f"Guest {written}", f"guest{written}@example.net"
            elif kind < 0.10:
                name, email = f"Phone {written}", ""
            else:
                _pk, email, name = people[person % len(people)]
                person += 1
            joins = min(rows - written, rng.choice([1, 1, 1, 2, 2, 3]))
            moment = start + dt.timedelta(minutes=rng.randrange(0, 20))
            for _join in range(joins):
                stay = rng.randrange(5, 70)
                leave = min(moment + dt.timedelta(minutes=stay), start + dt.timedelta(minutes=95))
                if leave <= moment:
                    leave = moment + dt.timedelta(minutes=1)
                writer.writerow(
                    [
                        name,
                        email.upper() if rng.random() < 0.05 else email,
                        moment.strftime(fmt),
                        leave.strftime(fmt),
                        max(1, round((leave - moment).total_seconds() / 60)),
                        "Yes" if not email.endswith("scale.iite.example.org") else "No",
                        "Y",
                        "No",
                    ]
                )
                written += 1
                moment = leave + dt.timedelta(minutes=rng.randrange(0, 10))
    return written


def _zoom_event(tag: str, people: list[tuple[int, str, str]]) -> Any:
    from iite.events.models import Event, Registration

    [activity_id] = _bench_activities(f"bench-zoom-{tag}", 1, 2026)
    starts = dt.datetime(2026, 11, 10, 12, 0, tzinfo=dt.UTC)
    event = Event.objects.create(
        activity_id=activity_id,
        slug=f"bench-zoom-{tag}",
        title={"en": "AI in education: a webinar for teachers"},
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=90),
        status="published",
    )
    Registration.objects.bulk_create(
        [Registration(event=event, user_id=pk, status="confirmed") for pk, _email, _name in people],
        batch_size=2000,
    )
    return event


def _zoom_rows(path: Path) -> list[tuple[Any, ...]]:
    """The parsed joins of a generated Zoom file (for the executemany floor)."""
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        for cells in reader:
            if len(cells) == 8 and cells[0] != "Name (Original Name)":
                fmt = "%m/%d/%Y %I:%M:%S %p"
                rows.append(
                    (
                        (cells[1] or f"name:{cells[0]}").lower(),
                        cells[0],
                        dt.datetime.strptime(cells[2], fmt).replace(tzinfo=dt.UTC),
                        dt.datetime.strptime(cells[3], fmt).replace(tzinfo=dt.UTC),
                        float(cells[4]),
                    )
                )
    return rows


def _floor_record(tag: str) -> Any:
    """A report of an event of its own for a floor to write against."""
    from iite.events.models import AttendanceImport

    return AttendanceImport.objects.create(
        event=_zoom_event(tag, []),
        source="zoom_meeting",
        file_name="floor.csv",
        file_hash="0" * 64,
        session_minutes=90,
    )


def _floor_zoom(rows: list[tuple[Any, ...]], tag: str) -> float:
    from django.db import connection, transaction

    from iite.events.models import AttendanceRow

    record = _floor_record(f"floor{tag}")
    # The staging table's own columns (times as datetimes or as epoch seconds).
    names = {f.name for f in AttendanceRow._meta.concrete_fields}
    as_epoch = "joined_ts" in names
    times = ("joined_ts", "left_ts") if as_epoch else ("joined_at", "left_at")
    sql = (
        f"INSERT INTO {AttendanceRow._meta.db_table} "
        f"(attendance_import_id, email, name, {times[0]}, {times[1]}, minutes) "
        "VALUES (%s, %s, %s, %s, %s, %s)"
    )
    values = [
        (
            record.pk, email, name,
            joined.timestamp() if as_epoch else joined,
            left.timestamp() if as_epoch else left,
            minutes,
        )
        for email, name, joined, left, minutes in rows
    ]  # fmt: skip
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for first in range(0, len(values), 5000):
            cursor.executemany(sql, values[first : first + 5000])
    seconds = time.perf_counter() - start
    AttendanceRow.objects.filter(attendance_import=record).delete()
    return seconds


def _floor_zoom_written(rows: list[tuple[Any, ...]], event_id: int, tag: str) -> float:
    """A second floor for the Zoom import: a bare executemany, in one transaction, of every
    row the import finally wrote (read back after it ran): the staged joins, the attendees,
    the person records it made, the participation records and the registrations' update.
    The first floor (`_floor_zoom`) is the staging insert alone, so its ratio counts every
    other table the import must write (and their indexes) as overhead; this one shows what
    is left above a bare write of the same rows."""
    from django.db import connection, transaction

    from iite.events.models import AttendanceImport, Attendee, Event, Registration
    from iite.programme.models import Participation, Person

    record = AttendanceImport.objects.get(event_id=event_id)
    floor = _floor_record(f"floorw{tag}")
    event = floor.event
    quote = connection.ops.quote_name

    def columns(model: Any) -> list[str]:
        return [f.column for f in model._meta.concrete_fields if not f.primary_key]

    def read(model: Any, where: str, params: list[Any]) -> tuple[list[str], list[list[Any]]]:
        names = columns(model)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(quote(n) for n in names)} "
                f"FROM {quote(model._meta.db_table)} WHERE {where}",
                params,
            )
            return names, [list(row) for row in cursor.fetchall()]

    def insert(model: Any, names: list[str]) -> str:
        return (
            f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(n) for n in names)}) "
            f"VALUES ({', '.join(['%s'] * len(names))})"
        )

    attendee = quote(Attendee._meta.db_table)
    a_names, attendees = read(Attendee, "attendance_import_id = %s", [record.pk])
    for row in attendees:
        row[a_names.index("attendance_import_id")] = floor.pk
        row[a_names.index("event_id")] = event.pk
    p_names, persons = read(
        Person,
        f"person_key IN (SELECT person_key FROM {attendee} "
        "WHERE attendance_import_id = %s AND status = 'person')",
        [record.pk],
    )
    native = connection.features.has_native_uuid_field
    for row in persons:  # copies: the same size, other keys (they are unique)
        for name in ("email", "name_key"):
            if row[p_names.index(name)]:
                row[p_names.index(name)] = f"floor-{tag}-{row[p_names.index(name)]}"
        key = uuid.uuid4()
        row[p_names.index("person_key")] = key if native else key.hex
    activity_id = Event.objects.filter(pk=event_id).values_list("activity_id", flat=True).get()
    t_names, participation = read(Participation, "activity_id = %s", [activity_id])
    for row in participation:
        row[t_names.index("activity_id")] = event.activity_id
    registrations = [
        [attended, minutes, pk]
        for pk, attended, minutes in Registration.objects.filter(
            pk__in=Attendee.objects.filter(attendance_import=record).values("registration_id")
        ).values_list("pk", "attended", "attended_minutes")
    ]
    staged = [
        (floor.pk, email, name, joined.timestamp(), left.timestamp(), minutes)
        for email, name, joined, left, minutes in rows
    ]
    staging_sql = (
        "INSERT INTO events_attendancerow "
        "(attendance_import_id, email, name, joined_ts, left_ts, minutes) "
        "VALUES (%s, %s, %s, %s, %s, %s)"
    )
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for first in range(0, len(staged), 5000):
            cursor.executemany(staging_sql, staged[first : first + 5000])
        cursor.executemany(insert(Attendee, a_names), attendees)
        cursor.executemany(insert(Person, p_names), persons)
        cursor.executemany(insert(Participation, t_names), participation)
        cursor.executemany(
            f"UPDATE {quote(Registration._meta.db_table)} "
            "SET attended = %s, attended_minutes = %s WHERE id = %s",
            registrations,
        )
    seconds = time.perf_counter() - start
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM events_attendancerow WHERE attendance_import_id = %s", [floor.pk]
        )
        cursor.execute(f"DELETE FROM {attendee} WHERE attendance_import_id = %s", [floor.pk])
        cursor.execute(
            f"DELETE FROM {quote(Participation._meta.db_table)} WHERE activity_id = %s",
            [event.activity_id],
        )
        cursor.execute(
            f"DELETE FROM {quote(Person._meta.db_table)} WHERE email LIKE %s OR name_key LIKE %s",
            [f"floor-{tag}-%", f"floor-{tag}-%"],
        )
    return seconds


def _floor_participation(pairs: list[tuple[int, int]], people: list[Any], tag: str) -> float:
    from django.db import connection, transaction

    from iite.accounts.models import User
    from iite.programme.models import Participation

    activity_ids = _bench_activities(f"bench-floor-{tag}", 1 + max(a for a, _p in pairs))
    profiles = {
        pk: (key, country, sex, age, role)
        for pk, key, country, sex, age, role in User.objects.filter(
            pk__in={people[p][0] for _a, p in pairs}
        ).values_list("pk", "person_key", "country_id", "sex", "age_band", "role")
    }
    as_text = connection.vendor == "sqlite"
    now = dt.datetime.now(dt.UTC)
    values = []
    for a, p in pairs:
        pk = people[p][0]
        key, country, sex, age, role = profiles[pk]
        values.append(
            (
                activity_ids[a], pk, key.hex if as_text else key, "participant", True, False,
                False, country, sex, age, role, "import", now, now,
            )
        )  # fmt: skip
    sql = (
        f"INSERT INTO {Participation._meta.db_table} (activity_id, person_id, person_key, role, "
        "attended, completed, certified, country_id, sex, age_band, person_role, source, "
        "created_at, updated_at) VALUES (" + ", ".join(["%s"] * 14) + ")"
    )
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for first in range(0, len(values), 5000):
            cursor.executemany(sql, values[first : first + 5000])
    return time.perf_counter() - start


def imports(*, rows: int = 100_000, small: int = 10_000, isolate: bool = True) -> Figures:
    """The Zoom report import (events) and the participation CSV import (programme) at
    `small` and `rows` rows, each against a bare executemany of the same rows; memory is
    the heap growth (RssAnon) of the process that runs it (a fresh one when `isolate`)."""
    people = _scale_people(50_000)
    work = Path(tempfile.mkdtemp(prefix="iite-bench-import-"))
    figures: Figures = {"zoom": {}, "programme": {}}
    run = uuid.uuid4().hex[:6]
    try:
        for size in (small, rows):
            tag = f"{run}-{size}"
            # Zoom: one webinar, everyone in the scale data registered.
            zoom_path = work / f"zoom-{size}.csv"
            written = zoom_file(zoom_path, size, people)
            event = _zoom_event(tag, people)

            zoom = isolated("zoom", {"event": event.pk, "path": str(zoom_path)}, isolate)
            zoom["rows"] = written
            zoom["bytes"] = zoom_path.stat().st_size
            parsed = _zoom_rows(zoom_path)
            zoom["floor_s"] = _floor_zoom(parsed, tag)
            zoom["ratio"] = zoom["seconds"] / zoom["floor_s"]
            zoom["floor_written_s"] = _floor_zoom_written(parsed, event.pk, tag)
            zoom["ratio_written"] = zoom["seconds"] / zoom["floor_written_s"]
            figures["zoom"][str(size)] = zoom

            # Programme: individual participation rows for fresh activities.
            activity_count = max(1, size // 500, -(-size // len(people)))
            ids = _bench_activities(f"bench-import-{tag}", activity_count)
            from iite.programme.models import Activity

            codes = list(
                Activity.objects.filter(pk__in=ids).order_by("pk").values_list("code", flat=True)
            )
            csv_path = work / f"participation-{size}.csv"
            written = programme_file(csv_path, size, people, codes)

            programme = isolated("programme", {"path": str(csv_path)}, isolate)
            programme["rows"] = written
            programme["bytes"] = csv_path.stat().st_size
            pairs = _participation_pairs(size, people, activity_count)
            programme["floor_s"] = _floor_participation(pairs, people, tag)
            programme["ratio"] = programme["seconds"] / programme["floor_s"]
            figures["programme"][str(size)] = programme
    finally:
        shutil.rmtree(work, ignore_errors=True)
    from iite.monitoring.services import indicators_invalidate

    indicators_invalidate()
    figures["sizes"] = [small, rows]
    return figures


# --- 6. Credentials ------------------------------------------------------------------------


def credentials(*, cohort: int = 2_000, verify: int = 200) -> Figures:
    """A cohort's credentials issued by the background batch (with progress on its row),
    and single verifications, against bare Ed25519 signing and verifying."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from iite.accounts.models import User
    from iite.credentials import integrity
    from iite.credentials.models import Achievement, Credential, CredentialBatch
    from iite.credentials.services import credential_issue_batch
    from iite.credentials.verification import verify_document

    [activity_id] = _bench_activities(f"bench-cohort-{uuid.uuid4().hex[:8]}", 1)
    achievement = Achievement.objects.create(
        code=f"bench-cohort-{activity_id}",
        name={"en": "AI competencies for teachers: foundations"},
        description={"en": "Completed the foundations course of the AI competency framework."},
        criteria={"en": "All lessons and the final quiz passed."},
        activity_id=activity_id,
    )
    recipients = list(
        User.objects.filter(email__endswith="@scale.iite.example.org").order_by("pk")[:cohort]
    )
    seconds, batch = _timed(
        lambda: credential_issue_batch(achievement=achievement, recipients=recipients)
    )
    batch = CredentialBatch.objects.get(pk=batch.pk)
    if batch.status != CredentialBatch.Status.DONE or batch.issued != len(recipients):
        raise RuntimeError(f"batch ended {batch.status} with {batch.issued} issued")
    issued = list(
        Credential.objects.filter(achievement=achievement)
        .order_by("pk")
        .values_list("document", flat=True)
    )
    sample = issued[: min(verify, len(issued))]

    # Verification, one credential at a time, as the verify page does.
    verify_document(sample[0])  # the first call loads the JSON-LD contexts
    times = []
    for document in sample:
        start = time.perf_counter()
        result = verify_document(document)
        spent = time.perf_counter() - start
        if not result.valid:
            raise RuntimeError(f"a fresh credential did not verify: {result.checks}")
        times.append(spent)

    # Floors: Ed25519 over the same signing input (the 64 bytes of the two digests).
    from iite.credentials.verification import _published_key

    messages, signatures = [], []
    for document in sample:
        proof = document["proof"]
        config = {key: value for key, value in proof.items() if key != "proofValue"}
        config["@context"] = document["@context"]
        message = integrity.hash_data(document, config, integrity.default_loader)
        messages.append(message)
        signatures.append(integrity.multibase_decode(proof["proofValue"]))
    public = _published_key(sample[0]["proof"]["verificationMethod"])
    if public is None:
        raise RuntimeError("the signing key is not published")
    start = time.perf_counter()
    for message, signature in zip(messages, signatures, strict=True):
        public.verify(signature, message)
    verify_floor = (time.perf_counter() - start) / len(messages)
    private = Ed25519PrivateKey.generate()
    rounds = max(1, len(issued) // len(messages))
    start = time.perf_counter()
    for _round in range(rounds):
        for message in messages:
            private.sign(message)
    sign_floor = (time.perf_counter() - start) / (rounds * len(messages)) * len(issued)
    per = seconds / len(issued)
    return {
        "cohort": len(issued),
        "batch_status": batch.status,
        "batch_progress": f"{batch.done}/{batch.total}",
        "issue_s": seconds,
        "issue_per_credential_ms": per * 1000,
        "issue_50k_s": per * 50_000,
        "sign_floor_s": sign_floor,
        "issue_over_floor": seconds / sign_floor,
        "verify_n": len(times),
        "verify_p50_ms": percentile(times, 0.5) * 1000,
        "verify_p99_ms": percentile(times, 0.99) * 1000,
        "verify_floor_ms": verify_floor * 1000,
        "verify_p50_over_floor": percentile(times, 0.5) / verify_floor,
        "document_bytes": len(json.dumps(sample[0])),
    }


# --- 4. Pages -------------------------------------------------------------------------------


def page_paths() -> dict[str, str]:
    """The four anonymous pages: home, course catalogue, a published event, results."""
    from django.utils import timezone

    from iite.events.models import Event

    event = (
        Event.objects.filter(status="published", starts_at__gte=timezone.now())
        .exclude(slug__startswith="bench-")
        .order_by("starts_at")
        .first()
        or Event.objects.filter(status="published").exclude(slug__startswith="bench-").first()
    )
    if event is None:
        raise RuntimeError("no published event: load the demo data first")
    return {
        "home": "/en/",  # "/" redirects to the visitor's language
        "catalogue": "/en/learning/",
        "event": f"/en/events/{event.slug}/",
        "summary": "/en/results/",
    }


def fetch(url: str) -> tuple[int, bytes]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"Accept-Language": "en"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def single_loader(url: str, connections: int, seconds: float) -> Figures:
    """One request at a time (the smoke test's stand-in for wrk)."""
    times: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or not times:
        spent, (status, _body) = _timed(lambda: fetch(url))
        errors += status != 200
        times.append(spent)
    total = sum(times)
    return {
        "loader": "single",
        "connections": 1,
        "requests": len(times),
        "rps": len(times) / total,
        "p50_ms": percentile(times, 0.5) * 1000,
        "p99_ms": percentile(times, 0.99) * 1000,
        "errors": errors,
    }


_WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d %d %d %d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.timeout, e.status, summary.bytes))
end
"""


def parse_wrk(output: str, connections: int) -> Figures:
    """Figures from the line the done() hook of _WRK_SCRIPT prints."""
    for line in output.splitlines():
        if line.startswith("BENCH "):
            requests, duration_us, p50, p99, connect, read, write, timeout, status, size = (
                int(part) for part in line.split()[1:]
            )
            kinds = {"connect": connect, "read": read, "write": write, "timeout": timeout}
            kinds["status"] = status  # responses other than 2xx and 3xx
            return {
                "loader": "wrk",
                "connections": connections,
                "requests": requests,
                "rps": requests / (duration_us / 1e6),
                "p50_ms": p50 / 1000,
                "p99_ms": p99 / 1000,
                "errors": sum(kinds.values()),
                "error_kinds": {kind: n for kind, n in kinds.items() if n},
                "bytes": size,
            }
    raise RuntimeError(f"wrk printed no figures: {output[-500:]}")


def wrk_loader(url: str, connections: int, seconds: float) -> Figures:
    import subprocess

    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_WRK_SCRIPT)
    try:
        threads = min(2, connections)
        command = [
            "wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s",
            "--timeout", "10s", "-H", "Accept-Language: en", "-s", script.name, url,
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        return parse_wrk(done.stdout, connections)
    finally:
        os.unlink(script.name)


Loader = Callable[[str, int, float], Figures]


def drain(url: str, fast: float = 0.5, limit: float = 60.0) -> None:
    """Request the page until it answers quickly: wrk stops with requests still queued in
    the server, which must not be counted against the next run."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        spent, _answer = _timed(lambda: fetch(url))
        if spent < fast:
            return


def save_copies(app_base: str, paths: dict[str, str], directory: Path) -> dict[str, str]:
    """Fetch each page from the application and save it as a static file; returns the
    path of each copy under the static server's root."""
    copies = {}
    for name, path in paths.items():
        status, body = fetch(app_base + path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        (directory / f"{name}.html").write_bytes(body)
        (directory / f"{name}.html").chmod(0o644)
        copies[name] = f"/{name}.html"
    return copies


def nginx_config(root: Path, listen: str, work: Path) -> str:
    """An nginx configuration that serves `root` on `listen`, run as our own process."""
    return f"""daemon off;
worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    default_type text/html;
    sendfile on;
    keepalive_timeout 5;
    server {{
        listen {listen};
        root {root};
    }}
}}
"""


def upstream_config(upstream: str, apps: list[str]) -> str:
    """deploy/nginx/upstream.conf (its health checks, keepalive) with its servers' addresses
    replaced, in order, by `apps`."""
    servers = re.findall(r"^(\s*server )(\S+)", upstream, flags=re.MULTILINE)
    if len(servers) != len(apps):
        raise ValueError(f"upstream.conf lists {len(servers)} servers, not {len(apps)}")
    addresses = iter(apps)
    return re.sub(
        r"^(\s*server )(\S+)",
        lambda match: match.group(1) + next(addresses),
        upstream,
        flags=re.MULTILINE,
    )


def proxy_config(
    *,
    site: str,
    listen: str,
    app: str | list[str],
    work: Path,
    static: Path,
    upstream: str | None = None,
) -> str:
    """deploy/nginx/iite.conf (the production site: proxy cache, gzip, retries) made to run
    as our own process: its upstream is the benchmark's app server (or, given the text of
    upstream.conf, its servers replaced by the benchmark's), its port and cache directory
    the benchmark's own. `site` is the file's text; nothing else is changed."""
    if upstream is not None:
        block = upstream_config(upstream, [app] if isinstance(app, str) else app)
    else:
        block = f"upstream iite_app {{ server {app}; keepalive 32; }}"
    text = site.replace("include upstream.conf;", block)
    text = re.sub(r"listen \d+;", f"listen {listen};", text)
    text = text.replace("var/nginx/cache", str(work / "cache"))
    text = text.replace("alias var/static/;", f"alias {static}/;")
    return f"""daemon off;
worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    keepalive_timeout 30;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
{text}
}}
"""


def pages(
    *,
    app_base: str,
    ceiling_base: str,
    copies_dir: Path,
    loader: Loader,
    proxy_base: str | None = None,
    connections: tuple[int, ...] = (16, 64),
    seconds: float = 5.0,
    warmup: float = 2.0,
    worker_pids: Callable[[], list[int]] | None = None,
    ready: Callable[[], Any] | None = None,
    warm_requests: int = 8,
) -> Figures:
    """Each page from the application server and its saved copy from the static server
    (the ceiling), at each number of connections; then the RSS of each worker."""
    paths = page_paths()
    copies = save_copies(app_base, paths, copies_dir)
    if ready is not None:
        ready()  # the static server answers
    figures: Figures = {"paths": paths, "pages": {}}
    for name, path in paths.items():
        # Warm every worker's caches one request at a time (a cold computation must not
        # sit in the queue of the measured run), then under load.
        for _request in range(warm_requests):
            fetch(app_base + path)
        loader(app_base + path, max(connections), warmup)
        drain(app_base + path)
        per: Figures = {}
        for count in connections:
            app = loader(app_base + path, count, seconds)
            drain(app_base + path)
            ceiling = loader(ceiling_base + copies[name], count, seconds)
            per[str(count)] = {
                "app": app,
                "ceiling": ceiling,
                "rps_over_ceiling": app["rps"] / ceiling["rps"] if ceiling["rps"] else 0.0,
            }
            if proxy_base is not None:
                # nginx in front with its page cache, as deploy/nginx/iite.conf serves pages.
                proxy = loader(proxy_base + path, count, seconds)
                per[str(count)]["proxy"] = proxy
                per[str(count)]["proxy_over_ceiling"] = (
                    proxy["rps"] / ceiling["rps"] if ceiling["rps"] else 0.0
                )
        per["bytes"] = (copies_dir / f"{name}.html").stat().st_size
        figures["pages"][name] = per
    if worker_pids is not None:
        pids = worker_pids()
        figures["worker_rss_kib"] = {str(pid): rss_kib(pid) for pid in pids}
        figures["worker_anon_kib"] = {str(pid): rss_kib(pid, "RssAnon") for pid in pids}
    return figures


# --- Hostile load: learners browse while others send verification bombs and large uploads ---


def verification_bomb(objects: int = 3_000) -> bytes:
    """Reproduction 3: a credential whose subject is a list of many small objects (< 256 KB)."""
    subjects = [{"name": f"n{index}"} for index in range(objects)]
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "id": "urn:uuid:00000000-0000-0000-0000-000000000000",
        "issuer": "https://example.org/issuer",
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": subjects,
        "proof": {"type": "DataIntegrityProof"},
    }
    return json.dumps(document).encode()


def post(url: str, body: bytes, content_type: str) -> int | str:
    """POST and return the status, or the name of the error when the server cut us off
    (a 413 may be answered before a large body has been sent)."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(  # noqa: S310
        url, data=body, method="POST", headers={"Content-Type": content_type}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        exc.read()
        return int(exc.code)
    except OSError as exc:
        return type(exc).__name__


def _browse(app_base: str, paths: list[str], stop: threading.Event) -> tuple[list[float], int]:
    times: list[float] = []
    errors = 0
    index = 0
    while not stop.is_set() or not times:
        url = app_base + paths[index % len(paths)]
        started = time.perf_counter()
        status, _body = fetch(url)
        spent = time.perf_counter() - started
        times.append(spent)
        errors += status != 200
        index += 1
    return times, errors


def _attack(app_base: str, upload: bytes, stop: threading.Event, seen: dict[str, int]) -> None:
    bomb = verification_bomb()
    turn = 0
    while not stop.is_set():
        if turn % 2:
            status = post(app_base + "/api/credentials/verify", upload, "application/json")
        else:
            status = post(app_base + "/api/credentials/verify", bomb, "application/json")
        key = f"{'upload' if turn % 2 else 'bomb'} {status}"
        seen[key] = seen.get(key, 0) + 1
        turn += 1


def _learners(app_base: str, paths: list[str], count: int, seconds: float) -> Figures:
    stop = threading.Event()
    results: list[tuple[list[float], int]] = []
    threads = [
        threading.Thread(target=lambda: results.append(_browse(app_base, paths, stop)))
        for _ in range(count)
    ]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    times = [spent for spent_list, _errors in results for spent in spent_list]
    return {
        "requests": len(times),
        "errors": sum(errors for _times, errors in results),
        "p50_ms": percentile(times, 0.5) * 1000,
        "p99_ms": percentile(times, 0.99) * 1000,
    }


def hostile(
    *,
    app_base: str,
    seconds: float = 10.0,
    learners: int = 4,
    attackers: int = 4,
    upload_mb: int = 30,
) -> Figures:
    """Learners browse the four anonymous pages alone, then while attackers alternate
    verification bombs (3,000 objects) and large uploads to the public verifier. The
    figures are the learners' p50/p99 in each run and their ratio; the goal is no error
    for the learners and their p99 under 1 s. The attackers' answers are counted by kind
    and status (422 and 413 when the bounds hold, 429 once the rate limit applies)."""
    paths = list(page_paths().values())
    for path in paths:
        fetch(app_base + path)  # warm
    quiet = _learners(app_base, paths, learners, seconds)
    upload = b'{"x": "' + b"a" * (upload_mb * 1024 * 1024) + b'"}'
    stop = threading.Event()
    seen: dict[str, int] = {}
    attack_threads = [
        threading.Thread(target=_attack, args=(app_base, upload, stop, seen))
        for _ in range(attackers)
    ]
    for thread in attack_threads:
        thread.start()
    try:
        under_attack = _learners(app_base, paths, learners, seconds)
    finally:
        stop.set()
        for thread in attack_threads:
            thread.join()
    return {
        "learners": learners,
        "attackers": attackers,
        "upload_mb": upload_mb,
        "quiet": quiet,
        "hostile": under_attack,
        "p99_ratio": under_attack["p99_ms"] / quiet["p99_ms"] if quiet["p99_ms"] else 0.0,
        "attacks": dict(sorted(seen.items())),
    }


# --- Helpers for the smoke test's in-process servers ----------------------------------------


@contextlib.contextmanager
def static_server(root: Path) -> Iterator[str]:
    """A loopback HTTP server for saved pages (the smoke test's stand-in for nginx)."""
    import functools
    import http.server

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    print(json.dumps(run_import(sys.argv[1], json.loads(sys.argv[2]))))

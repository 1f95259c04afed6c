"""Another connection never counts part of an import (issue 14).

The import runs in a thread of its own (its own database connection) and stops between
two of its batches; meanwhile staff save on the same activity from the test's connection
and read the dashboard's figure. Run on SQLite and, through DATABASE_URL, on PostgreSQL.
"""

import io
import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import IntegrityError, connections
from django.utils import timezone

from iite.accounts.tests.factories import UserFactory
from iite.events import attendance
from iite.events.attendance import attendance_import
from iite.events.models import AttendanceImport, Registration
from iite.events.services import registration_create
from iite.monitoring.indicators import Scope, compute_cached
from iite.monitoring.measures import MEASURES
from iite.monitoring.selectors import measure_count
from iite.programme.import_steps import step_write
from iite.programme.models import ImportStep, Participation, ParticipationChange
from iite.programme.services import activity_for_delivery_save, participation_record

from .factories import current_period, make_event

pytestmark = pytest.mark.django_db(transaction=True)

BATCH = 5  # people per batch: the report below is written in three
GUESTS = 10
JOIN = "{name},{email},11/10/2026 12:00:00 PM,11/10/2026 01:00:00 PM,60,Yes"
MEASURE = "webinars.people"


def _report() -> bytes:
    """Zoom's participants report: three registrants and ten guests, all present 60 of
    the webinar's 90 minutes (45 needed). Written by e-mail: aigerim and four guests,
    five guests, the last guest, ivan and layla."""
    lines = ["Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest"]
    for name in ("aigerim", "ivan", "layla"):
        lines.append(JOIN.format(name=name.title(), email=f"{name}.demo@example.org"))
    for n in range(GUESTS):
        lines.append(JOIN.format(name=f"Guest {n}", email=f"g{n:03}@example.net"))
    return ("\n".join(lines) + "\n").encode()


def _figure(measure: str = MEASURE) -> tuple[int, int]:
    """The dashboard's figure (one pass over every measure) and the drill-down's reading
    of the same definition (the querysets of the figure's pages and exports)."""
    scope = Scope(year=2026)
    return compute_cached(scope).measures[measure].value, measure_count(MEASURES[measure], scope)


@pytest.fixture
def setting() -> dict[str, Any]:
    """A webinar held on 10 November 2026 (so it counts: held, not planned), three
    registrants, and someone staff will record by hand."""
    current_period()
    event = make_event(
        title={"en": "Teachers and AI"},
        starts_at=datetime(2026, 11, 10, 12, 0, tzinfo=UTC),
        ends_at=datetime(2026, 11, 10, 13, 30, tzinfo=UTC),
        time_zone="UTC",
    )
    people: dict[str, Any] = {
        name: UserFactory(email=f"{name}.demo@example.org", role="teacher")
        for name in ("aigerim", "ivan", "layla")
    }
    with pytest.MonkeyPatch.context() as before_the_webinar:
        before_the_webinar.setattr(timezone, "now", lambda: datetime(2026, 11, 1, tzinfo=UTC))
        for person in people.values():
            registration_create(event=event, user=person)
    return {"event": event, "people": people, "staff_marked": UserFactory(role="teacher")}


class PausedImport:
    """The report imported in a thread of its own, stopping after its first batch is
    written (committed) until the test lets it go on; `fail_at` makes that batch fail as
    a record made meanwhile would."""

    def __init__(self, monkeypatch: Any, event: Any, fail_at: int | None = None):
        self.paused = threading.Event()
        self.go = threading.Event()
        self.errors: list[BaseException] = []
        self.result: Any = None
        monkeypatch.setattr(attendance, "MATCH_BATCH", BATCH)
        write = attendance._write
        calls = [0]

        def failing_write(*args: Any) -> None:
            calls[0] += 1
            if calls[0] == fail_at:
                raise IntegrityError("made meanwhile")
            write(*args)

        def pausing_step_write(owner: str, number: int, *args: Any) -> bool:
            done = step_write(owner, number, *args)
            if number == 1:
                self.paused.set()
                if not self.go.wait(120):
                    raise TimeoutError("the test never let the import go on")
            return done

        monkeypatch.setattr(attendance, "_write", failing_write)
        monkeypatch.setattr(attendance, "step_write", pausing_step_write)

        def run() -> None:
            try:
                self.result = attendance_import(
                    event=event, file=io.BytesIO(_report()), file_name="zoom.csv"
                )
            except BaseException as exc:  # reported by the test's thread
                self.errors.append(exc)
                self.paused.set()
            finally:
                connections.close_all()

        self.thread = threading.Thread(target=run)

    def __enter__(self) -> "PausedImport":
        self.thread.start()
        assert self.paused.wait(120), "the import never wrote its first batch"
        assert self.errors == []
        return self

    def __exit__(self, *exc: Any) -> None:
        self.go.set()
        self.thread.join(120)
        assert not self.thread.is_alive()


def _staff_save(setting: dict[str, Any]) -> None:
    """Staff edit the activity and record two people present by hand: one the report
    does not list, and Ivan, whom the report lists in a batch not yet written."""
    event = setting["event"]
    activity_for_delivery_save(
        activity=event.activity, values={"description": {"en": "Edited during the import."}}
    )
    for person in (setting["staff_marked"], setting["people"]["ivan"]):
        participation_record(activity=event.activity, person=person, attended=True)


def test_a_running_import_is_counted_by_no_other_connection_until_it_completes(
    setting, monkeypatch
):
    event, aigerim = setting["event"], setting["people"]["aigerim"]
    before = _figure()
    assert before == (0, 0)
    with PausedImport(monkeypatch, event) as running:
        # The first batch (Aigerim and four guests) is committed, and pending.
        owner = f"attendance:{AttendanceImport.objects.get(event=event).pk}"
        assert Participation.all_with_pending.filter(pending_import=owner).count() == 4
        assert ParticipationChange.objects.filter(owner=owner).count() == 1
        _staff_save(setting)
        # The staff's two saves count at once; nothing of the import does.
        assert _figure() == (2, 2)
        assert not Participation.objects.filter(person=aigerim, attended=True).exists()
        assert not Registration.objects.get(event=event, user=aigerim).attended
        event.activity.refresh_from_db()
        assert event.activity.description["en"] == "Edited during the import."
    assert running.errors == []
    assert running.result.errors == [] and running.result.record.state == "done"
    # Three registrants, ten guests and the person staff added: each counted once.
    assert _figure() == (3 + GUESTS + 1, 3 + GUESTS + 1)
    rows = Participation.objects.filter(activity=event.activity, attended=True)
    assert rows.count() == rows.values("person_key").distinct().count() == 3 + GUESTS + 1
    assert Registration.objects.get(event=event, user=aigerim).attended
    assert not Participation.all_with_pending.exclude(pending_import=None).exists()
    assert not ParticipationChange.objects.exists() and not ImportStep.objects.exists()


def test_an_import_failing_in_a_late_batch_is_never_counted_and_keeps_the_staff_saves(
    setting, monkeypatch
):
    event, people = setting["event"], setting["people"]
    with PausedImport(monkeypatch, event, fail_at=3) as running:
        _staff_save(setting)
        assert _figure() == (2, 2)
    assert running.errors == []
    assert running.result.record is None
    assert [e.message for e in running.result.errors] == [
        "Another change was saved meanwhile; nothing was imported. Try again."
    ]
    # Only the staff's saves count: the import's two written batches are gone.
    assert _figure() == (2, 2)
    present = Participation.objects.filter(activity=event.activity, attended=True)
    assert set(present.values_list("person_id", flat=True)) == {
        setting["staff_marked"].pk,
        people["ivan"].pk,
    }
    assert not Registration.objects.filter(event=event, attended=True).exists()
    assert not Participation.all_with_pending.exclude(pending_import=None).exists()
    assert not ParticipationChange.objects.exists()
    assert not AttendanceImport.objects.exists() and not ImportStep.objects.exists()

"""The embedded database makes a concurrent save wait for a long write instead of failing.

The test database is SQLite's shared in-memory database, which answers "locked" at once
and ignores these settings; so this test opens two connections of its own to a database
file with exactly the embedded database's OPTIONS (settings.SQLITE_OPTIONS: WAL, BEGIN IMMEDIATE,
the busy timeout). One holds a write transaction the way an import's write phase does;
a save sent meanwhile waits and succeeds, and reads are not blocked at all.
"""

from __future__ import annotations

import contextlib
import copy
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import OperationalError, connections
from django.db.backends.sqlite3.base import DatabaseWrapper

HOLD_SECONDS = 1.0


@pytest.fixture(autouse=True)
def _own_connections(django_db_blocker: Any) -> Any:
    """These connections open a file of their own, never the test database."""
    with django_db_blocker.unblock():
        yield


def _connection(path: Path, **options: Any) -> DatabaseWrapper:
    # The embedded database's own settings, whichever database the suite runs on.
    settings_dict = copy.deepcopy(connections.settings["default"])
    settings_dict["ENGINE"] = "django.db.backends.sqlite3"
    for key in ("HOST", "PORT", "USER", "PASSWORD"):
        settings_dict[key] = ""
    settings_dict["NAME"] = str(path)
    settings_dict["OPTIONS"] = {**settings.SQLITE_OPTIONS, **options}
    return DatabaseWrapper(settings_dict, alias=f"file-{id(settings_dict)}")


def _hold_write(path: Path, started: threading.Event, **options: Any) -> None:
    """An import's write phase: one transaction holding the write lock for a while."""
    writer = _connection(path, **options)
    try:
        with writer.cursor() as cursor:
            cursor.execute("BEGIN IMMEDIATE")
            cursor.executemany(
                "INSERT INTO attendee (email) VALUES (%s)",
                [(f"p{n}@example.org",) for n in range(5_000)],
            )
            started.set()
            time.sleep(HOLD_SECONDS)
            cursor.execute("COMMIT")
    finally:
        writer.close()


def _setup(path: Path) -> None:
    first = _connection(path)
    with first.cursor() as cursor:
        cursor.execute("CREATE TABLE attendee (id INTEGER PRIMARY KEY, email TEXT)")
        cursor.execute("CREATE TABLE profile (id INTEGER PRIMARY KEY, name TEXT)")
        cursor.execute("INSERT INTO profile (id, name) VALUES (1, 'Amina')")
    first.close()


@contextlib.contextmanager
def _saver_during_import(path: Path, **options: Any) -> Iterator[DatabaseWrapper]:
    """A fresh database file, an import holding its write lock, and a second connection."""
    _setup(path)
    started = threading.Event()
    importer = threading.Thread(target=_hold_write, args=(path, started))
    importer.start()
    assert started.wait(10)
    saver = _connection(path, **options)
    try:
        yield saver
    finally:
        saver.close()
        importer.join()


def test_a_save_during_a_long_write_waits_and_succeeds(tmp_path):
    """With the configured WAL and busy timeout, a profile save made during an import's
    write transaction waits for it and is saved; a read meanwhile is answered at once."""
    with _saver_during_import(tmp_path / "iite.sqlite3") as saver, saver.cursor() as cursor:
        cursor.execute("SELECT name FROM profile WHERE id = 1")  # WAL: not blocked
        assert cursor.fetchone() == ("Amina",)
        cursor.execute("BEGIN IMMEDIATE")  # waits for the import's transaction
        cursor.execute("UPDATE profile SET name = 'Amina D.' WHERE id = 1")
        cursor.execute("COMMIT")
        cursor.execute("SELECT name, (SELECT count(*) FROM attendee) FROM profile")
        assert cursor.fetchone() == ("Amina D.", 5_000)
    assert settings.SQLITE_OPTIONS["timeout"] >= 10


def test_without_a_busy_timeout_the_same_save_fails(tmp_path):
    """The control: with no timeout the save is refused as "database is locked" (what
    users saw), so the test above depends on the configured timeout."""
    with (
        _saver_during_import(tmp_path / "iite.sqlite3", timeout=0) as saver,
        pytest.raises(OperationalError, match="locked"),
        saver.cursor() as cursor,
    ):
        cursor.execute("BEGIN IMMEDIATE")

"""Back up and restore the whole platform: the database, uploaded files and signing keys.

One archive (`iite-backup-<UTC time>.tar.gz`) holds

- the database: `pg_dump --format=custom` on PostgreSQL, SQLite's online backup API on the
  embedded default (a consistent copy while the platform keeps serving);
- `media/` (uploaded files) and `keys/` (the credentials' private signing keys: the archive
  is as secret as the key directory, and is written readable by its owner only);
- `manifest.json`: the database engine, each table's row count and the digests that
  domains register (`register_backup_check`, e.g. the indicators' figures), so a restore
  proves it brought back what was saved.

Restoring is all or nothing for the database (one pg_restore transaction; one SQLite
backup step) and swaps each file directory in only once it is fully extracted.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection

FORMAT = 1
MANIFEST = "manifest.json"
_DIRECTORIES = {"media": "MEDIA_ROOT", "keys": "CREDENTIAL_KEY_DIR"}
# Directories only their owner may read, as credentials.keys makes the key directory.
_PRIVATE = {"keys"}

# name → check(): a short text (a digest) that must be the same after a restore.
backup_checks: dict[str, Callable[[], str]] = {}


def register_backup_check(name: str, check: Callable[[], str]) -> None:
    backup_checks[name] = check


class BackupError(Exception):
    """The backup or restore could not be made; nothing was changed by a failed restore."""


@dataclass(frozen=True)
class Verification:
    tables: dict[str, tuple[int, int]]  # table → (saved, now) where they differ
    checks: dict[str, tuple[str, str]]  # check → (saved, now) where they differ

    @property
    def ok(self) -> bool:
        return not self.tables and not self.checks


def table_counts() -> dict[str, int]:
    """Row counts of every table the platform's models use."""
    names = sorted(connection.introspection.django_table_names(only_existing=True))
    counts = {}
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608
            counts[name] = int(cursor.fetchone()[0])
    return counts


def checks_run() -> dict[str, str]:
    return {name: check() for name, check in sorted(backup_checks.items())}


def digest(value: Any) -> str:
    """A stable digest of JSON-like data, for `register_backup_check` callables."""
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _pg_tool(name: str) -> str:
    """pg_dump/pg_restore: on the PATH, else Debian's PostgreSQL 15 directory."""
    found = shutil.which(name) or f"/usr/lib/postgresql/15/bin/{name}"
    if not Path(found).exists():
        raise BackupError(f"{name} is not installed (Debian package postgresql-client-15).")
    return found


def _pg_arguments() -> tuple[list[str], dict[str, str]]:
    database = connection.settings_dict
    arguments = [f"--dbname={database['NAME']}"]
    if database.get("HOST"):
        arguments.append(f"--host={database['HOST']}")
    if database.get("PORT"):
        arguments.append(f"--port={database['PORT']}")
    if database.get("USER"):
        arguments.append(f"--username={database['USER']}")
    environment = {**os.environ, "PGPASSWORD": str(database.get("PASSWORD") or "")}
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")


def _database_save(engine: str, folder: Path) -> str:
    if engine == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(folder / "database.sqlite3")
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return "database.sqlite3"
    arguments, environment = _pg_arguments()
    dump = folder / "database.pgdump"
    command = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={dump}"]
    _run([*command, *arguments], environment)
    return "database.pgdump"


def _database_load(engine: str, path: Path) -> None:
    if engine == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    arguments, environment = _pg_arguments()
    connection.close()  # no session of ours holds a lock on what pg_restore drops
    restore = [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner"]
    restore += ["--single-transaction", "--exit-on-error", *arguments, str(path)]
    _run(restore, environment)


def backup_create(directory: Path) -> Path:
    """Write a backup archive into `directory` and return its path."""
    engine = _engine()
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    archive = directory / f"iite-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(dir=directory) as scratch:
        folder = Path(scratch)
        database = _database_save(engine, folder)
        manifest = {
            "format": FORMAT,
            "created_at": stamp,
            "engine": engine,
            "database": database,
            "tables": table_counts(),
            "checks": checks_run(),
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        descriptor = os.open(archive, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            tar.add(folder / MANIFEST, arcname=MANIFEST)
            tar.add(folder / database, arcname=database)
            for name, setting in _DIRECTORIES.items():
                source = Path(getattr(settings, setting))
                if source.is_dir():
                    tar.add(source, arcname=name)
    return archive


def _manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.extractfile(MANIFEST)
    except KeyError as exc:
        raise BackupError("This file is not a platform backup (no manifest).") from exc
    if member is None:
        raise BackupError("This file is not a platform backup (no manifest).")
    manifest: dict[str, Any] = json.loads(member.read().decode("utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Backup format {manifest.get('format')} is not {FORMAT}.")
    return manifest


def _private(directory: Path) -> None:
    directory.chmod(0o700)
    for path in directory.rglob("*"):
        path.chmod(0o700 if path.is_dir() else 0o600)


def _directory_swap(extracted: Path, target: Path) -> None:
    """Put `extracted` where `target` is; the old directory goes only once the new is in."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.before-restore")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    shutil.move(str(extracted), target)
    if old.exists():
        shutil.rmtree(old)


def backup_restore(archive: Path) -> Verification:
    """Replace the database and the file directories with the archive's; verify them."""
    engine = _engine()
    with tempfile.TemporaryDirectory() as scratch, tarfile.open(archive, "r:gz") as tar:
        manifest = _manifest(tar)
        if manifest["engine"] != engine:
            raise BackupError(
                f"This backup is of a {manifest['engine']} database; this platform runs {engine}."
            )
        tar.extractall(scratch, filter="data")
        folder = Path(scratch)
        _database_load(engine, folder / manifest["database"])
        for name, setting in _DIRECTORIES.items():
            if (folder / name).is_dir():
                if name in _PRIVATE:
                    _private(folder / name)
                _directory_swap(folder / name, Path(getattr(settings, setting)))
    cache.clear()  # every cached page and figure was built from the records replaced
    return backup_verify(manifest)


def backup_verify(manifest: dict[str, Any]) -> Verification:
    """What differs between the manifest and the database as it is now."""
    now = table_counts()
    tables = {
        name: (saved, now.get(name, -1))
        for name, saved in manifest["tables"].items()
        if now.get(name, -1) != saved
    }
    current = checks_run()
    checks = {
        name: (saved, current.get(name, ""))
        for name, saved in manifest["checks"].items()
        if current.get(name, "") != saved
    }
    return Verification(tables, checks)

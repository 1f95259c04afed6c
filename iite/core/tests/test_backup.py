"""`manage.py backup` and `restore`: a round trip brings back every row, file and figure."""

from __future__ import annotations

import io
import json
import stat
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from iite.accounts.tests.factories import UserFactory
from iite.core.backup import table_counts
from iite.monitoring.services import indicators_digest
from iite.programme.models import Activity, Participation
from iite.programme.services import participation_record
from iite.programme.tests.factories import ActivityFactory
from iite.strategy.loader import strategy_load_reference

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def platform(settings, tmp_path):
    """A platform with records the indicators count, an uploaded file and a signing key."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CREDENTIAL_KEY_DIR = tmp_path / "keys"
    (tmp_path / "media" / "uploads").mkdir(parents=True)
    (tmp_path / "media" / "uploads" / "report.csv").write_text("name\nAda\n")
    (tmp_path / "keys").mkdir(mode=0o700)
    (tmp_path / "keys" / "key-1.key").write_bytes(b"secret key bytes")
    strategy_load_reference()
    for kind in ("course", "webinar"):
        activity = ActivityFactory(kind=kind, start_date="2026-03-01", end_date="2026-03-31")
        for _ in range(3):
            participation_record(activity=activity, person=UserFactory(), completed=True)
    return tmp_path


def _backup(directory: Path) -> Path:
    out = io.StringIO()
    call_command("backup", output=str(directory), stdout=out)
    return Path(out.getvalue().strip())


def test_a_restore_brings_back_every_row_file_and_indicator(platform):
    """After records, files and keys change, restoring the backup gives the same row count
    in every table, the same indicator figures and the same files."""
    counts, figures = table_counts(), indicators_digest()
    assert counts["programme_participation"] == 6

    archive = _backup(platform / "backups")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # it holds the signing keys
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert {"manifest.json", "media/uploads/report.csv", "keys/key-1.key"} <= names
    assert manifest["tables"] == counts and manifest["checks"] == {"indicators": figures}

    Participation.objects.filter(activity__kind="course").delete()
    ActivityFactory(kind="webinar")
    (platform / "media" / "uploads" / "report.csv").unlink()
    (platform / "keys" / "key-1.key").write_bytes(b"another key")
    assert indicators_digest() != figures

    out = io.StringIO()
    call_command("restore", str(archive), noinput=True, stdout=out)
    assert "every table and indicator matches" in out.getvalue()
    assert table_counts() == counts
    assert indicators_digest() == figures
    assert Activity.objects.count() == 2
    assert (platform / "media" / "uploads" / "report.csv").read_text() == "name\nAda\n"
    assert (platform / "keys" / "key-1.key").read_bytes() == b"secret key bytes"
    assert stat.S_IMODE((platform / "keys").stat().st_mode) == 0o700


def test_a_file_that_is_not_a_backup_changes_nothing(platform):
    """Restoring something else is refused with a message; the records stay as they are."""
    counts = table_counts()
    other = platform / "not-a-backup.tar.gz"
    with tarfile.open(other, "w:gz") as tar:
        tar.add(platform / "media", arcname="media")
    with pytest.raises(CommandError, match="not a platform backup"):
        call_command("restore", str(other), noinput=True)
    assert table_counts() == counts
    assert (platform / "media" / "uploads" / "report.csv").exists()


def test_a_backup_of_the_other_database_engine_is_refused(platform):
    """A PostgreSQL dump cannot be restored into SQLite (and the reverse): nothing changes."""
    archive = _backup(platform / "backups")
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers() if m.isfile()]  # type: ignore[union-attr]
    manifest["engine"] = "postgresql" if manifest["engine"] == "sqlite" else "sqlite"
    forged = platform / "forged.tar.gz"
    with tarfile.open(forged, "w:gz") as tar:
        for member, data in members:
            if member.name == "manifest.json":
                data = json.dumps(manifest).encode()
                member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    counts = table_counts()
    with pytest.raises(CommandError, match="backup is of a"):
        call_command("restore", str(forged), noinput=True)
    assert table_counts() == counts

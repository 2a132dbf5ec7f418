import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from netcoach import backups
from tests.factories import make_contact

pytestmark = pytest.mark.django_db
ROOT = Path(django_settings.BASE_DIR)


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def rows(path, sql):
    with closing(sqlite3.connect(path)) as db:
        return db.execute(sql).fetchall()


def test_a_snapshot_is_a_standalone_copy_of_the_database(user):
    make_contact(user, first_name="Ada")

    path = backups.snapshot("manual")

    assert path.parent == django_settings.DATA_DIR / "backups"
    assert rows(path, "SELECT first_name FROM contacts_contact") == [("Ada",)]
    assert rows(path, "PRAGMA journal_mode") == [("delete",)]
    assert not list(path.parent.glob("*.part"))


def test_only_the_newest_of_each_kind_are_kept(user):
    for _ in range(backups.KEEP["pre-import"] + 2):
        backups.snapshot("pre-import")
    backups.snapshot("daily")

    kinds = [b.kind for b in backups.list_backups()]

    assert kinds.count("pre-import") == 5
    assert kinds.count("daily") == 1


def test_an_unknown_kind_of_snapshot_is_refused():
    with pytest.raises(ValueError):
        backups.snapshot("weekly")


def test_files_that_are_not_snapshots_are_not_listed_nor_pruned(data_dir):
    folder = data_dir / "backups"
    folder.mkdir()
    (folder / "my-notes.txt").write_text("keep me")

    backups.snapshot("daily")

    assert [b.kind for b in backups.list_backups()] == ["daily"]
    assert (folder / "my-notes.txt").exists()


def test_the_backup_command_writes_where_it_is_told(user, tmp_path):
    out = tmp_path / "copy.sqlite3"

    call_command("backup", str(out))

    assert backups.check_restorable(out)["users"] == 1
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(out))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"hello", "not a SQLite database"),
        (b"SQLite format 3\x00" + b"\x00" * 100, "cannot be read|damaged"),
    ],
)
def test_restore_refuses_files_that_are_not_databases(tmp_path, content, message):
    path = tmp_path / "bad.sqlite3"
    path.write_bytes(content)

    with pytest.raises(backups.BackupError, match=message):
        backups.check_restorable(path)


def test_restore_refuses_a_database_that_is_not_netcoachs(tmp_path):
    path = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE songs (title)")

    with pytest.raises(backups.BackupError, match="not a netcoach one"):
        backups.check_restorable(path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("DELETE FROM django_migrations WHERE app = 'contacts' AND name LIKE '0001%'", "older"),
        (
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('contacts', '9999_future', '2030-01-01')",
            "newer",
        ),
    ],
)
def test_restore_refuses_another_versions_schema(user, tmp_path, change, message):
    path = backups.write_snapshot(tmp_path / "copy.sqlite3")
    with closing(sqlite3.connect(path)) as db:
        db.execute(change)
        db.commit()

    with pytest.raises(backups.BackupError, match=message):
        backups.check_restorable(path)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path))


@pytest.mark.slow
def test_restore_brings_back_the_backup_and_keeps_the_current_database(tmp_path):
    """On a real database file, as the commands run: back up, change, restore."""
    env = {**os.environ, "NETCOACH_DATA_DIR": str(tmp_path / "data")}

    def manage(*args, code=None):
        command = [sys.executable, "manage.py", *args]
        if code:
            command += ["-c", code]
        return subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60
        ).stdout

    manage("migrate", "-v0")
    add = (
        "from tests.factories import make_user, make_contact;"
        "from django.contrib.auth.models import User;"
        "u = User.objects.first() or make_user('alice');"
        "make_contact(u, first_name='{}')"
    )
    manage("shell", code=add.format("Before"))
    manage("backup", str(tmp_path / "saved.sqlite3"))
    manage("shell", code=add.format("After"))

    said = manage("restore", str(tmp_path / "saved.sqlite3"))

    database = tmp_path / "data" / "netcoach.sqlite3"
    assert rows(database, "SELECT first_name FROM contacts_contact") == [("Before",)]
    assert "1 user(s), 1 contacts" in said
    kept = [p for p in (tmp_path / "data" / "backups").iterdir() if "pre-restore" in p.name]
    assert len(kept) == 1
    assert rows(kept[0], "SELECT first_name FROM contacts_contact ORDER BY id") == [
        ("Before",),
        ("After",),
    ]

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from contacts.models import Contact, Note
from netcoach import backups
from tests.factories import age_snapshots, make_contact, make_user
from tests.netcoach.helpers_data import data_of, make_everything

pytestmark = pytest.mark.django_db
ROOT = Path(django_settings.BASE_DIR)


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def rows(path, sql):
    with closing(sqlite3.connect(path)) as db:
        return db.execute(sql).fetchall()


def account_tables(user, path=None):
    """Every row of the account, table by table, ids included, as SQLite stores them: from the
    live database, or from the snapshot at `path`."""
    connection.ensure_connection()
    with closing(sqlite3.connect(path or ":memory:")) as db:
        if path is None:
            db.deserialize(connection.connection.serialize())
        return {
            table: db.execute(
                f'SELECT * FROM "{table}" WHERE {where.format(db="main", mark="?")} ORDER BY 1',
                (user.pk,),
            ).fetchall()
            for table, where in backups.account_rows()
        }


def overwrite_pages(path):
    """Garbage over the pages after the second: SQLite still opens the file, reading it fails."""
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.seek(4096 * 2)
        f.write(b"\xde\xad" * ((size - 4096 * 2) // 2))


def break_an_index(path):
    """An index that no longer matches its table: only SQLite's integrity check sees it."""
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA writable_schema = ON")
        db.execute(
            "UPDATE sqlite_master SET sql = replace(sql, '\"introduced_by_id\"', '\"owner_id\"') "
            "WHERE name = 'contacts_contact_introduced_by_id_aeed48ad'"
        )
        db.commit()


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
        age_snapshots(8)
    backups.snapshot("daily")

    kinds = [b.kind for b in backups.list_backups()]

    assert kinds.count("pre-import") == 5
    assert kinds.count("daily") == 1


def test_no_snapshot_younger_than_a_week_is_pruned(user):
    for _ in range(backups.KEEP["manual"] + 3):
        backups.snapshot("manual")
        age_snapshots(0.1)

    assert len(backups.list_backups()) == backups.KEEP["manual"] + 3

    age_snapshots(7)
    backups.snapshot("manual")
    assert len(backups.list_backups()) == backups.KEEP["manual"]


def test_one_accounts_imports_never_push_out_anothers_snapshots(user, other_user):
    backups.snapshot("pre-import", by=user)
    age_snapshots(30)
    for _ in range(backups.KEEP["pre-import"] * 2):
        backups.snapshot("pre-import", other_user)
        age_snapshots(8)

    theirs = [b for b in backups.list_backups() if b.account_key == other_user.pk]
    mine = [b for b in backups.list_backups() if b.account_key == user.pk]
    assert len(theirs) == backups.KEEP["pre-import"]
    assert len(mine) == 1 and mine[0].user_id is None  # of the whole database, for my import


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

    assert backups.check_restorable(out).counts["users"] == 1
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
def test_restore_brings_back_the_backup_and_keeps_the_current_database(tmp_path, new_data_dir):
    """On a real database file, as the commands run: back up, change, restore."""
    env = {**os.environ, "NETCOACH_DATA_DIR": str(new_data_dir)}

    def manage(*args, code=None):
        command = [sys.executable, "manage.py", *args]
        if code:
            command += ["-c", code]
        return subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60
        ).stdout

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


def test_an_accounts_snapshot_holds_that_accounts_rows_only(user, other_user):
    make_everything(user)
    make_everything(other_user, prefix="Other ")

    path = backups.snapshot("pre-import", user)

    assert path.name.endswith(f"-user{user.pk}.sqlite3")
    assert account_tables(user, path) == account_tables(user)
    assert rows(path, "SELECT DISTINCT owner_id FROM contacts_contact") == [(user.pk,)]
    assert rows(path, "SELECT username FROM auth_user") == [("alice",)]
    assert rows(path, f"SELECT * FROM {backups.ACCOUNT_TABLE}") == [(user.pk, "alice")]
    # Every table, and no index but those of the tables' UNIQUE constraints.
    schema = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1"
    live = connection.connection.execute(schema).fetchall()
    # ... but the search index, derived from the rows (a restore's inserts rebuild it).
    live = [table for table in live if not table[0].startswith("search_index")]
    assert rows(path, schema) == sorted([*live, (backups.ACCOUNT_TABLE,)])
    indexes = "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    assert rows(path, indexes) == [(0,)]
    assert backups.check_restorable(path).account == (user.pk, "alice")
    [listed] = backups.listed()
    assert (listed.kind, listed.user_id, listed.username) == ("pre-import", user.pk, "alice")


def test_restoring_an_accounts_snapshot_replaces_its_rows_and_nothing_else(user, other_user):
    make_everything(user)
    make_everything(other_user, prefix="Other ")
    path = backups.snapshot("pre-import", user)
    saved = account_tables(user, path)
    make_contact(user, first_name="Added after")
    Note.objects.filter(owner=user).delete()
    Contact.objects.filter(owner=user).update(how_we_met="changed")
    make_contact(other_user, first_name="Theirs, after")
    theirs = account_tables(other_user)
    mine_changed = data_of(user)

    restored = backups.restore(path)

    assert restored.account == "alice"
    assert account_tables(user) == saved
    assert account_tables(other_user) == theirs
    # The pre-restore snapshot is of the same account, as it was: restoring it undoes the restore.
    assert restored.pre_restore.name.startswith("netcoach-pre-restore-")
    assert restored.pre_restore.name.endswith(f"-user{user.pk}.sqlite3")
    backups.restore(restored.pre_restore)
    assert data_of(user) == mine_changed
    assert account_tables(other_user) == theirs


def test_an_accounts_snapshot_is_refused_once_the_account_is_gone(user):
    doomed = make_user("dora")
    make_contact(doomed)
    path = backups.snapshot("pre-import", doomed)
    doomed.delete()

    with pytest.raises(backups.BackupError, match="no longer has"):
        backups.restore(path)

    assert [b.kind for b in backups.list_backups()] == ["pre-import"]


@pytest.mark.parametrize(
    ("damage", "message"),
    [(overwrite_pages, "cannot be read.*malformed"), (break_an_index, "damaged")],
)
def test_a_damaged_snapshot_is_refused_and_changes_nothing(user, damage, message):
    for i in range(300):
        make_contact(user, first_name=f"Person {i}", how_we_met="x" * 200)
    path = backups.snapshot("manual")
    damage(path)
    Contact.objects.filter(owner=user).update(first_name="Now")

    with pytest.raises(backups.BackupError, match=message):
        backups.restore(path)

    assert set(Contact.objects.values_list("first_name", flat=True)) == {"Now"}
    assert [b.kind for b in backups.list_backups()] == ["manual"]


def test_restore_checks_every_apps_migrations(user, tmp_path):
    path = backups.write_snapshot(tmp_path / "copy.sqlite3")
    with closing(sqlite3.connect(path)) as db:
        db.execute("DELETE FROM django_migrations WHERE app = 'auth' AND name LIKE '0012%'")
        db.commit()

    with pytest.raises(backups.BackupError, match=r"older netcoach.*auth\.0012"):
        backups.check_restorable(path)


def test_a_snapshot_made_before_the_squashed_migrations_restores(user, tmp_path):
    """Its django_migrations has only the migrations the squashed ones replace."""
    path = backups.write_snapshot(tmp_path / "copy.sqlite3")
    with closing(sqlite3.connect(path)) as db:
        squashed = "DELETE FROM django_migrations WHERE name LIKE '%\\_squashed\\_%' ESCAPE '\\'"
        assert db.execute(squashed).rowcount == 2
        db.commit()

    assert backups.check_restorable(path).counts["users"] == 1


def test_a_squashed_migration_does_not_stand_for_a_missing_one_it_replaces(user, tmp_path):
    """Django would refuse to migrate that database (InconsistentMigrationHistory)."""
    path = backups.write_snapshot(tmp_path / "copy.sqlite3")
    with closing(sqlite3.connect(path)) as db:
        db.execute("DELETE FROM django_migrations WHERE app = 'contacts' AND name LIKE '0005%'")
        db.commit()

    with pytest.raises(backups.BackupError, match=r"older netcoach.*contacts\.0005"):
        backups.check_restorable(path)


def test_a_snapshot_lacking_a_migration_after_the_squashed_ones_is_refused(user, tmp_path):
    path = backups.write_snapshot(tmp_path / "copy.sqlite3")
    with closing(sqlite3.connect(path)) as db:
        db.execute("DELETE FROM django_migrations WHERE app = 'contacts' AND name LIKE '0023%'")
        db.commit()

    with pytest.raises(backups.BackupError, match=r"older netcoach.*contacts\.0023"):
        backups.check_restorable(path)


def test_from_the_page_a_snapshot_without_its_owner_is_refused(tmp_path, user):
    owner = make_user("olive", is_superuser=True)
    path = backups.write_snapshot(tmp_path / "copy.sqlite3")
    with closing(sqlite3.connect(path)) as db:
        db.execute("UPDATE auth_user SET is_superuser = 0 WHERE id = ?", (owner.pk,))
        db.commit()

    with pytest.raises(backups.BackupError, match="does not hold your account"):
        backups.check_restorable(path, by=owner)
    assert backups.check_restorable(path).counts["users"] == 2


@pytest.mark.django_db(transaction=True)
def test_restoring_the_whole_database_brings_back_the_snapshots_rows():
    alice = make_user()
    make_everything(alice)
    path = backups.snapshot("manual")
    saved = account_tables(alice, path)
    make_user("bob")
    Contact.objects.update(first_name="Changed")

    restored = backups.restore(path)

    assert restored.account is None
    assert account_tables(alice) == saved
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["alice"]
    assert rows(restored.pre_restore, "SELECT username FROM auth_user ORDER BY id") == [
        ("alice",),
        ("bob",),
    ]


def test_the_backups_folder_lists_no_links_to_files_elsewhere(data_dir, tmp_path):
    folder = data_dir / "backups"
    folder.mkdir()
    (folder / "netcoach-manual-20260101-000000-000000.sqlite3").symlink_to(
        django_settings.BASE_DIR / "manage.py"
    )

    assert backups.list_backups() == []
    assert backups.find("netcoach-manual-20260101-000000-000000.sqlite3") is None


@pytest.mark.django_db(transaction=True)
def test_the_oldest_pre_restore_snapshot_can_be_restored():
    make_contact(make_user(), first_name="Oldest")
    for i in range(backups.KEEP["pre-restore"]):
        backups.snapshot("pre-restore")
        Contact.objects.update(first_name=f"Then {i}")
    oldest = backups.list_backups()[-1]

    backups.restore(oldest.path)

    assert list(Contact.objects.values_list("first_name", flat=True)) == ["Oldest"]
    # Kept while it was read; the next pre-restore snapshot prunes it as usual, once it is a
    # week old.
    assert oldest.path.exists()
    age_snapshots(8)
    backups.snapshot("pre-restore")
    assert [b.kind for b in backups.list_backups()].count("pre-restore") == backups.KEEP[
        "pre-restore"
    ]

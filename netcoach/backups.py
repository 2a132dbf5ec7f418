"""Snapshots of the whole database, kept in DATA_DIR/backups/, and restoring one.

Every copy goes through SQLite's online backup API (`sqlite3.Connection.backup`): it reads a
consistent state of the database while pages keep being served and imports keep writing, which a
copy of the file (and its -wal file) would not.
"""

import logging
import os
import re
import sqlite3
import threading
import time
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

logger = logging.getLogger(__name__)

# How many snapshots of each kind are kept; older ones are deleted after each new one.
KEEP = {"daily": 7, "pre-import": 5, "manual": 10, "pre-restore": 5}
NAME = re.compile(
    r"^netcoach-(?P<kind>daily|pre-import|manual|pre-restore)-"
    r"(?P<stamp>\d{8}-\d{6}-\d{6})\.sqlite3$"
)
SQLITE_HEADER = b"SQLite format 3\x00"
# The apps whose schema a restored database must match migration for migration.
SCHEMA_APPS = ("contacts", "invitations")
NETCOACH_TABLES = {"django_migrations", "auth_user", "contacts_contact", "invitations_invitation"}


class BackupError(Exception):
    """A file that cannot be restored, with the reason in words for the user."""


@dataclass(frozen=True)
class Backup:
    path: Path
    kind: str
    taken_at: datetime
    size: int

    @property
    def name(self) -> str:
        return self.path.name


def backups_dir() -> Path:
    return Path(settings.DATA_DIR) / "backups"


def snapshot(kind: str) -> Path:
    """Takes a snapshot of the database into DATA_DIR/backups/ and prunes that kind's old ones.

    Call it outside a transaction (before an import's `atomic()` block): the snapshot holds what
    is committed.
    """
    if kind not in KEEP:
        raise ValueError(f"Unknown kind of backup: {kind!r}; one of {', '.join(KEEP)}.")
    directory = backups_dir()
    directory.mkdir(parents=True, exist_ok=True)
    taken_at = timezone.now().astimezone(UTC)
    path = directory / f"netcoach-{kind}-{taken_at:%Y%m%d-%H%M%S-%f}.sqlite3"
    write_snapshot(path)
    prune(kind)
    return path


def write_snapshot(path: Path) -> Path:
    """Writes a self-contained copy of the database to `path` (never a half-written file)."""
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    partial.unlink(missing_ok=True)
    try:
        with _live_database() as source, closing(sqlite3.connect(partial)) as target:
            if connection.is_in_memory_db():
                # The tests' shared in-memory database, inside the test's transaction: the backup
                # API would wait forever for that transaction to end, so copy its pages instead.
                with closing(sqlite3.connect(":memory:")) as pages:
                    pages.deserialize(source.serialize())
                    pages.backup(target)
            else:
                source.backup(target)
            # One file with no -wal beside it: the copy can be moved, mailed or restored alone.
            target.execute("PRAGMA journal_mode=DELETE")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def list_backups() -> list[Backup]:
    """The snapshots in DATA_DIR/backups/, newest first."""
    found = []
    try:
        entries = list(os.scandir(backups_dir()))
    except FileNotFoundError:
        return []
    for entry in entries:
        match = NAME.match(entry.name)
        if not match or not entry.is_file():
            continue
        taken_at = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S-%f").replace(tzinfo=UTC)
        found.append(Backup(Path(entry.path), match["kind"], taken_at, entry.stat().st_size))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def prune(kind: str) -> list[Path]:
    """Deletes the snapshots of `kind` beyond the newest KEEP[kind]; returns the deleted paths."""
    of_kind = [b for b in list_backups() if b.kind == kind]
    deleted = []
    for backup in of_kind[KEEP[kind] :]:
        backup.path.unlink(missing_ok=True)
        deleted.append(backup.path)
    return deleted


# --- The daily snapshot ---------------------------------------------------------------------

_daily_lock = threading.Lock()


def daily_due(today: date | None = None) -> bool:
    """True when no daily snapshot was taken today (in the app's time zone)."""
    today = today or timezone.localdate()
    newest = next((b for b in list_backups() if b.kind == "daily"), None)
    return newest is None or timezone.localdate(newest.taken_at) < today


def take_daily_if_due() -> Path | None:
    """Takes today's daily snapshot unless it exists or another thread is taking it."""
    if not _daily_lock.acquire(blocking=False):
        return None
    try:
        return snapshot("daily") if daily_due() else None
    except Exception:
        logger.exception("The daily backup failed")
        return None
    finally:
        _daily_lock.release()


def automatic_backups_enabled() -> bool:
    """True unless settings.NETCOACH_AUTOMATIC_BACKUPS says otherwise; by default, when the
    database is on disk (the tests run on an in-memory one and turn them on where they test them).
    """
    enabled = getattr(settings, "NETCOACH_AUTOMATIC_BACKUPS", None)
    if enabled is not None:
        return enabled
    return not connection.is_in_memory_db()


def before_import(refused: type[Exception]) -> Path | None:
    """The "pre-import" snapshot every import takes first (the last KEEP["pre-import"] kept).

    Call it before the import's transaction. Returns its path, or None when automatic backups
    are off. A snapshot that fails raises `refused` (the caller's error for a refused import)
    with the reason: no import writes without one taken first.
    """
    if not automatic_backups_enabled():
        return None
    try:
        return snapshot("pre-import")
    except (OSError, sqlite3.Error) as err:
        raise refused(
            f"netcoach could not back up the database before importing ({err}); "
            "nothing was imported."
        ) from err


class DailyBackupMiddleware:
    """Starts the day's snapshot in a background thread on the first request of the day.

    Requests never wait for it and it runs no SQL on their connection: at most once a minute per
    process, a thread lists DATA_DIR/backups/ and snapshots only when today's file is missing.
    """

    CHECK_EVERY_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response
        self.next_check = 0.0

    def __call__(self, request):
        now = time.monotonic()
        if now >= self.next_check:
            self.next_check = now + self.CHECK_EVERY_SECONDS
            if automatic_backups_enabled():
                self.in_background(take_daily_if_due)
        return self.get_response(request)

    @staticmethod
    def in_background(task):
        threading.Thread(target=task, name="daily-backup", daemon=True).start()


# --- Restoring ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    counts: dict
    pre_restore: Path


def check_restorable(path) -> dict:
    """Checks `path` is a netcoach database of this code's schema; returns what it holds.

    Raises BackupError saying why when it is not: not a file, not SQLite, damaged, not netcoach's,
    or made by an older or newer netcoach (a different set of migrations).
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    with path.open("rb") as f:
        if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{path} is not a SQLite database.")
    try:
        with closing(_open_read_only(path)) as db:
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} is a damaged SQLite database.")
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if not tables >= NETCOACH_TABLES:
                raise BackupError(f"{path} is a SQLite database but not a netcoach one.")
            applied = set(
                db.execute(
                    "SELECT app, name FROM django_migrations WHERE app IN (?, ?)", SCHEMA_APPS
                )
            )
            _check_schema(path, applied)
            return _counts(db)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} cannot be read as a SQLite database: {error}.") from error


def restore(path) -> Restored:
    """Replaces the database with the backup at `path`, after a "pre-restore" snapshot."""
    counts = check_restorable(path)
    pre_restore = snapshot("pre-restore")
    with closing(_open_read_only(path)) as source, _live_database() as target:
        source.backup(target)
    return Restored(counts, pre_restore)


def known_migrations() -> set[tuple[str, str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {key for key in loader.disk_migrations if key[0] in SCHEMA_APPS}


def _check_schema(path, applied):
    known = known_migrations()
    missing = sorted(f"{app}.{name}" for app, name in known - applied)
    unknown = sorted(f"{app}.{name}" for app, name in applied - known)
    if unknown:
        raise BackupError(
            f"{path} was made by a newer netcoach (it has migrations this one does not know: "
            f"{', '.join(unknown)}). Update netcoach, then restore it."
        )
    if missing:
        raise BackupError(
            f"{path} was made by an older netcoach (it lacks migrations {', '.join(missing)}). "
            "Restore it with the netcoach version that made it, then update."
        )


def _counts(db) -> dict:
    tables = {
        "users": "auth_user",
        "contacts": "contacts_contact",
        "interactions": "contacts_interaction",
        "invitations": "invitations_invitation",
    }
    return {
        label: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        for label, table in tables.items()
    }


def _open_read_only(path):
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)


@contextmanager
def _live_database():
    """A connection to the app's database: a fresh one to the file, or Django's own when the
    database lives in memory (the tests), where no other connection could see it."""
    if connection.is_in_memory_db():
        connection.ensure_connection()
        yield connection.connection
        return
    with closing(sqlite3.connect(settings.DATABASES["default"]["NAME"], timeout=30)) as db:
        yield db

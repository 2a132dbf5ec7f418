"""Snapshots of the database, kept in DATA_DIR/backups/, and restoring one.

A snapshot is of the whole database (daily, manual, before a restore), or of one account (before
an import, which writes only the rows of the account it imports into, when other accounts hold
people too): the tables with that account's rows only, so that its cost does not grow with the
other accounts (docs/performance.md).

Every copy reads a consistent state of the database while pages keep being served and imports
keep writing, which a copy of the file (and its -wal file) would not: the whole database through
SQLite's online backup API (`sqlite3.Connection.backup`), an account in one read transaction.
Restoring goes the same ways back, inside the running process: the backup API into the live
database, or one transaction replacing the account's rows.
"""

import logging
import os
import re
import sqlite3
import threading
import time
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# How many snapshots of each kind are kept: the newest KEEP[kind] of each kind, and of each
# account for the pre-import ones (one account's imports never push out another's), and every
# snapshot younger than KEEP_YOUNGER_THAN whatever their number (docs/architecture.md, "Your
# data"). Older ones are deleted after each new one.
KEEP = {"daily": 7, "pre-import": 5, "manual": 10, "pre-restore": 5}
KEEP_YOUNGER_THAN = timedelta(days=7)
# An account's snapshot ends in -user<id>: the id of the account whose rows it holds. A snapshot
# of the whole database taken before an import ends in -by<id>: the account importing.
NAME = re.compile(
    r"^netcoach-(?P<kind>daily|pre-import|manual|pre-restore)-"
    r"(?P<stamp>\d{8}-\d{6}-\d{6})(?:-user(?P<user_id>\d+)|-by(?P<by_id>\d+))?\.sqlite3$"
)
SQLITE_HEADER = b"SQLite format 3\x00"
# The apps whose models an account owns, and whose schema an export names.
SCHEMA_APPS = ("contacts", "invitations")
NETCOACH_TABLES = {"django_migrations", "auth_user", "contacts_contact", "invitations_invitation"}
# In an account's snapshot: whose rows it holds.
ACCOUNT_TABLE = "netcoach_account_snapshot"


class BackupError(Exception):
    """A file that cannot be restored, with the reason in words for the user."""


@dataclass(frozen=True)
class Backup:
    path: Path
    kind: str
    taken_at: datetime
    size: int
    # The account whose rows an account's snapshot holds; None for the whole database.
    user_id: int | None = None
    username: str = ""
    # The account whose import a whole-database pre-import snapshot was taken for.
    by_id: int | None = None

    @property
    def account_key(self) -> int | None:
        """The account a snapshot was taken for, which its pruning counts it against."""
        return self.user_id if self.user_id is not None else self.by_id

    @property
    def name(self) -> str:
        return self.path.name


def backups_dir() -> Path:
    return Path(settings.DATA_DIR) / "backups"


def snapshot(kind: str, user=None, *, by=None) -> Path:
    """Takes a snapshot of the database, or of `user`'s account when given, into
    DATA_DIR/backups/ and prunes that kind's old ones. `by`: the account a snapshot of the whole
    database is taken for (its import), named in the file so that pruning counts it as theirs.

    Call it outside a transaction (before an import's `atomic()` block): the snapshot holds what
    is committed.
    """
    if kind not in KEEP:
        raise ValueError(f"Unknown kind of backup: {kind!r}; one of {', '.join(KEEP)}.")
    directory = backups_dir()
    directory.mkdir(parents=True, exist_ok=True)
    taken_at = timezone.now().astimezone(UTC)
    account = f"-user{user.pk}" if user is not None else f"-by{by.pk}" if by is not None else ""
    path = directory / f"netcoach-{kind}-{taken_at:%Y%m%d-%H%M%S-%f}{account}.sqlite3"
    if user is None:
        write_snapshot(path)
    else:
        write_account_snapshot(path, user)
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


def write_account_snapshot(path: Path, user) -> Path:
    """Writes the database's tables with only `user`'s rows (`account_rows`) to `path`, and who
    they are in ACCOUNT_TABLE: what an import into that account can change, read in one
    transaction. Never a half-written file.

    The tables' indexes are left out (all but those of their UNIQUE constraints): a snapshot is
    read whole, never searched, and building them took twice as long as copying the rows
    (docs/performance.md). A restore writes the rows into the live database's own indexes.
    """
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    partial.unlink(missing_ok=True)
    try:
        with _readable_database() as db:
            db.execute("ATTACH DATABASE ? AS snapshot", (str(partial),))
            try:
                # Nothing to roll back into: a failed copy is the .part file, deleted below.
                db.execute("PRAGMA snapshot.journal_mode = OFF")
                db.execute("BEGIN")
                tables = db.execute(
                    "SELECT sql FROM main.sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
                ).fetchall()
                for (sql,) in tables:
                    # The search index is derived: a restore of the rows rebuilds it (triggers).
                    if sql.startswith("CREATE VIRTUAL TABLE") or SEARCH_SHADOW.match(sql):
                        continue
                    db.execute(_in_schema(sql, "snapshot"))
                db.execute("INSERT INTO snapshot.django_migrations SELECT * FROM django_migrations")
                for table, where in account_rows(include_user=True):
                    db.execute(
                        f'INSERT INTO snapshot."{table}" SELECT * FROM main."{table}" '
                        f"WHERE {where.format(db='main', mark='?')}",
                        (user.pk,),
                    )
                db.execute(
                    f"CREATE TABLE snapshot.{ACCOUNT_TABLE} (user_id INTEGER, username TEXT)"
                )
                db.execute(
                    f"INSERT INTO snapshot.{ACCOUNT_TABLE} VALUES (?, ?)",
                    (user.pk, user.get_username()),
                )
                db.execute("COMMIT")
            finally:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                db.execute("DETACH DATABASE snapshot")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def others_hold_people(user) -> bool:
    """True when an account other than `user`'s has people or invitations."""
    with _readable_database() as db:
        return any(
            db.execute(
                f'SELECT 1 FROM "{table}" WHERE owner_id != ? LIMIT 1', (user.pk,)
            ).fetchone()
            for table in ("contacts_contact", "invitations_invitation")
        )


def owned_models() -> list:
    """Every model of netcoach's apps with an `owner`: the rows an account owns."""
    user_model = get_user_model()
    return [
        model
        for app in SCHEMA_APPS
        for model in apps.get_app_config(app).get_models()
        if any(f.name == "owner" and f.related_model is user_model for f in model._meta.fields)
    ]


def account_rows(*, include_user: bool = False) -> list[tuple[str, str]]:
    """Where one account's rows are: (table, condition), the condition with `{mark}` for the
    account's id and `{db}` for the database it reads. The many-to-many links of an owned row
    come right after its table; the account's own `auth_user` row first when `include_user`."""
    user_meta = get_user_model()._meta
    rows = [(user_meta.db_table, f'"{user_meta.pk.column}" = {{mark}}')] if include_user else []
    for model in owned_models():
        table, owner = model._meta.db_table, model._meta.get_field("owner").column
        rows.append((table, f'"{owner}" = {{mark}}'))
        for link in model._meta.local_many_to_many:
            through = link.remote_field.through._meta
            source = through.get_field(link.m2m_field_name()).column
            rows.append(
                (
                    through.db_table,
                    f'"{source}" IN (SELECT "{model._meta.pk.column}" FROM {{db}}."{table}" '
                    f'WHERE "{owner}" = {{mark}})',
                )
            )
    return rows


CREATE_TABLE = re.compile(r"^CREATE TABLE ")
# The search index's own tables (FTS5 keeps its index in `search_index_data` and the like).
SEARCH_SHADOW = re.compile(r"^CREATE TABLE '?\"?search_index_")


def _in_schema(sql: str, schema: str) -> str:
    """A CREATE TABLE statement of sqlite_master, made in the database `schema`."""
    qualified, found = CREATE_TABLE.subn(lambda m: f"{m[0]}{schema}.", sql, count=1)
    if not found:
        raise sqlite3.DatabaseError(f"netcoach cannot copy this part of the schema: {sql[:80]}")
    return qualified


def list_backups() -> list[Backup]:
    """The snapshots in DATA_DIR/backups/, newest first: files whose name a snapshot has (not a
    link to a file elsewhere)."""
    found = []
    try:
        entries = list(os.scandir(backups_dir()))
    except FileNotFoundError:
        return []
    for entry in entries:
        match = NAME.match(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        taken_at = _taken_at(match)
        user_id = int(match["user_id"]) if match["user_id"] else None
        by_id = int(match["by_id"]) if match["by_id"] else None
        found.append(
            Backup(
                Path(entry.path),
                match["kind"],
                taken_at,
                entry.stat().st_size,
                user_id,
                by_id=by_id,
            )
        )
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def taken_at(path) -> datetime:
    """When the snapshot at `path` (named by `snapshot()`) was taken."""
    return _taken_at(NAME.match(Path(path).name))


def _taken_at(match) -> datetime:
    return datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S-%f").replace(tzinfo=UTC)


def listed() -> list[Backup]:
    """`list_backups()` with the name of each account snapshot's account (one query), for the
    page."""
    found = list_backups()
    ids = {b.user_id for b in found if b.user_id is not None}
    if not ids:
        return found
    names = dict(get_user_model()._base_manager.filter(pk__in=ids).values_list("pk", "username"))
    return [replace(b, username=names.get(b.user_id, "")) if b.user_id else b for b in found]


def find(name: str) -> Backup | None:
    """The snapshot listed under `name`, or None: a name, never a path, so nothing outside
    DATA_DIR/backups/ can be reached through it."""
    return next((b for b in listed() if b.name == name), None)


# The snapshot a restore is reading: never pruned under its feet (restoring the oldest
# pre-restore snapshot takes a new one first; the daily thread prunes at any time).
_being_restored: set[Path] = set()


def prune(kind: str, now: datetime | None = None) -> list[Path]:
    """Deletes the snapshots of `kind` beyond the newest KEEP[kind] (of each account, for the
    pre-import ones) that are older than KEEP_YOUNGER_THAN, but one being restored; returns the
    deleted paths."""
    young = (now or timezone.now()) - KEEP_YOUNGER_THAN
    groups: dict[int | None, list[Backup]] = {}
    for backup in list_backups():  # newest first
        if backup.kind == kind:
            key = backup.account_key if kind == "pre-import" else None
            groups.setdefault(key, []).append(backup)
    deleted = []
    for of_group in groups.values():
        for backup in of_group[KEEP[kind] :]:
            if backup.taken_at >= young or backup.path.resolve() in _being_restored:
                continue
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


def before_import(owner, refused: type[Exception]) -> Path | None:
    """The "pre-import" snapshot every import takes first (the last KEEP["pre-import"] kept).

    An import writes only the rows of the account it imports into: when other accounts hold
    people too, the snapshot is of that account alone, so that its cost does not grow with
    theirs; else of the whole database, which SQLite's backup API copies faster than the rows
    of one account can be (docs/performance.md), and which restores the same rows.

    Call it before the import's transaction, once it is known to write (an archive already
    imported writes nothing and takes none). Returns its path, or None when automatic backups are
    off. A snapshot that fails raises `refused` (the caller's error for a refused import) with the
    reason: no import writes without one taken first.
    """
    if not automatic_backups_enabled():
        return None
    try:
        if others_hold_people(owner):
            return snapshot("pre-import", owner)
        return snapshot("pre-import", by=owner)
    except (OSError, sqlite3.Error) as err:
        raise refused(
            _(
                "netcoach could not back up the database before importing (%(error)s); "
                "nothing was imported."
            )
            % {"error": err}
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

_restore_lock = threading.Lock()


@dataclass(frozen=True)
class Contents:
    """What a restorable snapshot holds: its counts, and whose rows when it is an account's."""

    counts: dict
    account: tuple[int, str] | None = None  # (user id, username)


@dataclass(frozen=True)
class Restored:
    counts: dict
    pre_restore: Path
    account: str | None = None  # the username, when only that account's rows were restored


def check_restorable(path, *, by=None) -> Contents:
    """Checks `path` is a netcoach database of this code's schema; returns what it holds.

    Raises BackupError saying why when it is not: not a file, not SQLite, damaged (SQLite's
    integrity check), not netcoach's, made by an older or newer netcoach (a different set of
    migrations), or an account's snapshot of an account this database no longer has. With `by`
    (the owner restoring from the page), a snapshot of the whole database must hold their
    account as the install's owner: otherwise the restore would sign them out of an install they
    could not sign in to again, nor undo it from the page.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("%(path)s is not a file.") % {"path": path})
    with path.open("rb") as f:
        if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(_("%(path)s is not a SQLite database.") % {"path": path})
    try:
        with closing(_open_read_only(path)) as db:
            if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(_("%(path)s is a damaged SQLite database.") % {"path": path})
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if not tables >= NETCOACH_TABLES:
                raise BackupError(
                    _("%(path)s is a SQLite database but not a netcoach one.") % {"path": path}
                )
            migrations = _migrations()
            labels = sorted({app for app, _name in migrations[0]})
            marks = ", ".join("?" * len(labels))
            applied = set(
                db.execute(
                    f"SELECT app, name FROM django_migrations WHERE app IN ({marks})", labels
                )
            )
            _check_schema(path, applied, migrations)
            account = None
            if ACCOUNT_TABLE in tables:
                account = db.execute(f"SELECT user_id, username FROM {ACCOUNT_TABLE}").fetchone()
                _check_account(path, account)
            elif by is not None:
                _check_owner_in(db, by)
            return Contents(_counts(db), account)
    except sqlite3.DatabaseError as error:
        raise BackupError(
            _("%(path)s cannot be read as a SQLite database: %(error)s.")
            % {"path": path, "error": error}
        ) from error


def restore(path, *, by=None) -> Restored:
    """Replaces the database with the snapshot at `path`, after a "pre-restore" snapshot of it;
    an account's snapshot replaces only that account's rows, after a "pre-restore" snapshot of
    that account. Nothing is touched unless `check_restorable(path, by=by)` passes.

    Safe while netcoach serves: the whole database is written by SQLite's backup API, which takes
    the write lock (waiting for an import to commit) and replaces every page in one transaction;
    the other connections read the restored database from their next query. This thread's
    Django connections are closed first, so none holds a transaction or a statement across it.
    """
    with _restore_lock:
        contents = check_restorable(path, by=by)
        _being_restored.add(Path(path).resolve())
        try:
            if contents.account is not None:
                user = get_user_model()._base_manager.get(pk=contents.account[0])
                pre_restore = snapshot("pre-restore", user)
                _replace_account_rows(path, user.pk)
                return Restored(contents.counts, pre_restore, account=user.get_username())
            pre_restore = snapshot("pre-restore")
            if not connection.is_in_memory_db():
                connections.close_all()
            with closing(_open_read_only(path)) as source, _live_database() as target:
                source.backup(target)
            return Restored(contents.counts, pre_restore)
        finally:
            _being_restored.clear()


def _replace_account_rows(path, user_id):
    """Deletes the account's rows and inserts the snapshot's, in one transaction: the ids are the
    snapshot's (SQLite never gives an id twice), the foreign keys are checked at the commit."""
    plan = account_rows()
    with (
        closing(_open_read_only(path)) as snapshot_db,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        # Links first: they find their rows through the owned table's owner.
        for table, where in reversed(plan):
            cursor.execute(
                f'DELETE FROM main."{table}" WHERE {where.format(db="main", mark="%s")}',
                [user_id],
            )
        for table, where in plan:
            cursor.execute(f'PRAGMA main.table_info("{table}")')
            columns = [row[1] for row in cursor.fetchall()]
            names = ", ".join(f'"{c}"' for c in columns)
            rows = snapshot_db.execute(
                f'SELECT {names} FROM main."{table}" WHERE {where.format(db="main", mark="?")}',
                (user_id,),
            )
            insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join(["%s"] * len(columns))})'
            while batch := rows.fetchmany(5000):
                cursor.executemany(insert, batch)


def known_migrations() -> set[tuple[str, str]]:
    """The migrations of netcoach's own apps (an export's "schema")."""
    return {key for key in all_migrations() if key[0] in SCHEMA_APPS}


def all_migrations() -> set[tuple[str, str]]:
    """Every migration of every installed app: the schema a restored database must have. A
    squashed migration is not in it: the migrations it replaces are."""
    return _migrations()[0]


def _migrations() -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(`all_migrations()`, the squashed migrations), from one reading of the files."""
    on_disk = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    squashed = {key for key, migration in on_disk.items() if migration.replaces}
    return set(on_disk) - squashed, squashed


def _check_schema(path, applied, migrations):
    """Django records the migrations a squashed one replaces when it runs it, and counts the
    squashed one as applied only when all of those are: a database made before the squash has
    only them, and one missing any of them would not migrate (`InconsistentMigrationHistory`).
    So they are what is checked, and the squashed ones' own rows are left aside."""
    known, squashed = migrations
    applied = applied - squashed
    missing = sorted(f"{app}.{name}" for app, name in known - applied)
    unknown = sorted(f"{app}.{name}" for app, name in applied - known)
    if unknown:
        raise BackupError(
            _(
                "%(path)s was made by a newer netcoach (it has migrations this one does not "
                "know: %(migrations)s). Update netcoach, then restore it."
            )
            % {"path": path, "migrations": ", ".join(unknown)}
        )
    if missing:
        raise BackupError(
            _(
                "%(path)s was made by an older netcoach (it lacks migrations %(migrations)s). "
                "Restore it with the netcoach version that made it, then update."
            )
            % {"path": path, "migrations": ", ".join(missing)}
        )


def _check_account(path, account):
    if account is None:
        raise BackupError(
            _("%(path)s is an account's snapshot that does not say whose.") % {"path": path}
        )
    user_id, username = account
    if not get_user_model()._base_manager.filter(pk=user_id, username=username).exists():
        raise BackupError(
            _(
                "%(path)s holds the data of the account %(username)s, which this netcoach no "
                "longer has: there is no account to restore it into."
            )
            % {"path": path, "username": repr(username)}
        )


def _check_owner_in(db, user):
    found = db.execute(
        "SELECT username, is_superuser, is_active FROM auth_user WHERE id = ?", (user.pk,)
    ).fetchone()
    if found != (user.get_username(), 1, 1):
        raise BackupError(
            _(
                "This snapshot does not hold your account (%(username)s) as the owner of this "
                "netcoach: it was taken before the account existed or was the owner's. Restoring "
                "it from this page would sign you out with no way back here; restore it from a "
                "terminal with manage.py restore if that is what you want."
            )
            % {"username": user.get_username()}
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


@contextmanager
def _readable_database():
    """A connection of its own that reads the app's database and may attach others: a fresh one
    to the file, or, when the database lives in memory (the tests, inside a test's transaction),
    one to a copy of its pages."""
    if connection.is_in_memory_db():
        connection.ensure_connection()
        with closing(sqlite3.connect(":memory:", isolation_level=None)) as db:
            db.deserialize(connection.connection.serialize())
            yield db
        return
    name = settings.DATABASES["default"]["NAME"]
    with closing(sqlite3.connect(name, timeout=30, isolation_level=None)) as db:
        yield db

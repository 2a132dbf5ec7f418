"""The timed part of the backups benchmark, in a process of its own (`bench_backups.run()` starts
it with a fresh data directory): Django is set up before the project's modules are imported.

"Before" is what `backups.before_import` did until the account snapshots: a copy of the whole
database with SQLite's backup API (`backups.write_snapshot`). It is measured in the same run,
on the same database, by putting that function back for the imports marked "before".
"""

import os
import sqlite3
import tempfile
import time
from contextlib import closing
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netcoach.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

from benchmarks.bench_import import SIZE, build, timed  # noqa: E402
from netcoach import backups  # noqa: E402
from netcoach.linkedin.apply import import_file  # noqa: E402
from netcoach.linkedin.sample import build_sample_export  # noqa: E402

ACCOUNTS = int(os.environ.get("NETCOACH_BENCH_ACCOUNTS", "20"))
SMALL = {"connections": 200, "messages": 400, "invitations": 20}
MB = 1e6


def database_bytes() -> int:
    """The database file once its WAL is checkpointed into it."""
    path = Path(settings.DATABASES["default"]["NAME"])
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path.stat().st_size


def whole_database_before_import(owner, refused):
    """`backups.before_import` as it was: the whole database, whoever imports."""
    try:
        return backups.snapshot("pre-import")
    except (OSError, sqlite3.Error) as err:
        raise refused(str(err)) from err


def snapshots_written(since: set) -> list[Path]:
    return [b.path for b in backups.list_backups() if b.path not in since]


def timed_import(data, name, user, *, force, before):
    """Seconds of one import, and the bytes of the pre-import snapshot it wrote (0 for none)."""
    current = backups.before_import
    if before:
        backups.before_import = whole_database_before_import
    try:
        existing = {b.path for b in backups.list_backups()}
        seconds, _ = timed(lambda: import_file(data, name, user, force=force))
        written = snapshots_written(existing)
    finally:
        backups.before_import = current
    return seconds[0], sum(p.stat().st_size for p in written), len(written)


def timed_snapshot(user) -> tuple[float, int]:
    """Seconds and bytes of the pre-import snapshot an import into `user`'s account takes now."""
    seconds, path = timed(lambda: backups.before_import(user, RuntimeError))
    return seconds[0], path.stat().st_size


def measure():
    print(f"Building the archive {SIZE} ...", flush=True)
    full = build(newer=False)
    small = build_sample_export(**SMALL)
    User = get_user_model()
    users = []
    started = time.perf_counter()
    for i in range(ACCOUNTS):
        user = User.objects.create_user(f"full-{i}")
        import_file(full, "Basic_full.zip", user)
        users.append(user)
        print(f"  account {i + 1}/{ACCOUNTS} imported ({time.perf_counter() - started:.0f} s)")
        if i == 0:
            # The only account with people: a re-import's snapshot is of the whole database.
            alone = (database_bytes(), *timed_snapshot(user))
    # The seeding's own pre-import snapshots are not what is measured.
    for backup in backups.list_backups():
        backup.path.unlink()
    size = database_bytes()
    first, last = users[0], users[-1]
    rows = []

    def row(label, seconds, written, count=1):
        rows.append((label, seconds, written, count))

    for before in (True, False):
        when = "before" if before else "after"
        seconds, written, count = timed_import(
            full, "Basic_full.zip", last, force=True, before=before
        )
        row(f"{when}: forced re-import, full account", seconds, written, count)
        seconds, written, count = timed_import(
            full, "Basic_full.zip", last, force=False, before=before
        )
        row(f"{when}: same archive again (not forced)", seconds, written, count)
        newcomer = User.objects.create_user(f"small-{when}")
        seconds, written, count = timed_import(
            small, "Basic_small.zip", newcomer, force=False, before=before
        )
        row(f"{when}: first import, small account", seconds, written, count)

    folder = Path(tempfile.mkdtemp(prefix="netcoach-bench-snapshots-"))
    whole_s, whole = timed(lambda: backups.write_snapshot(folder / "whole.sqlite3"))
    account_s, account = timed(lambda: backups.write_account_snapshot(folder / "a.sqlite3", first))
    check_whole_s, _ = timed(lambda: backups.check_restorable(whole))
    check_account_s, _ = timed(lambda: backups.check_restorable(account))
    restore_account_s, restored = timed(lambda: backups.restore(account))
    kept = [b.size for b in backups.list_backups() if b.kind == "pre-import"]

    print(f"\ndatabase: {ACCOUNTS} full accounts, {size / MB:,.0f} MB")
    print(f"{'import (with its pre-import snapshot)':<46} {'wall s':>7} {'snapshot MB':>12}")
    for label, seconds, written, count in rows:
        snap = f"{written / MB:,.1f}" if count else "none"
        print(f"{label:<46} {seconds:>7.2f} {snap:>12}")
    print(f"\n{'snapshot alone':<46} {'wall s':>7} {'MB':>12}")
    for label, seconds, path in (
        ("whole database (write_snapshot)", whole_s[0], whole),
        ("one full account (write_account_snapshot)", account_s[0], account),
    ):
        print(f"{label:<46} {seconds:>7.2f} {path.stat().st_size / MB:>12,.1f}")
    label = f"pre-import, the only account ({alone[0] / MB:,.0f} MB database)"
    print(f"{label:<46} {alone[1]:>7.2f} {alone[2] / MB:>12,.1f}")
    print(f"\n{'restoring':<46} {'wall s':>7}")
    print(f"{'check a whole-database snapshot':<46} {check_whole_s[0]:>7.2f}")
    print(f"{'check a full account snapshot':<46} {check_account_s[0]:>7.2f}")
    print(f"{'restore a full account (+ its pre-restore)':<46} {restore_account_s[0]:>7.2f}")
    print(f"\npre-import snapshots kept now: {len(kept)}, {sum(kept) / MB:,.1f} MB in all")
    print(f"restored {restored.account}: {restored.counts}")


if __name__ == "__main__":
    call_command("migrate", verbosity=0)
    measure()

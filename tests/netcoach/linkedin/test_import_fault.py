"""An import killed half-way (SIGKILL, as when the machine stops) leaves the database exactly as
it was, and the next import succeeds. Runs the real importer on a real database file, in a
process of its own that stops inside its transaction (`paused_import`) until it is killed."""

import hashlib
import os
import select
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings

from netcoach.linkedin.sample import build_sample_export

ROOT = Path(settings.BASE_DIR)
BIG = {"connections": 2000, "messages": 5000, "invitations": 200}


class Site:
    """A netcoach data directory and the commands run on it, each in a new process."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.env = {**os.environ, "NETCOACH_DATA_DIR": str(data_dir)}
        self.database = data_dir / "netcoach.sqlite3"

    def command(self, *args):
        return [sys.executable, "manage.py", *map(str, args)]

    def manage(self, *args):
        return subprocess.run(
            self.command(*args),
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout

    def start_paused_import(self, archive: Path, username: str):
        """The import, stopped inside its transaction; returns once it says it is there."""
        importer = subprocess.Popen(
            [sys.executable, "-m", "tests.netcoach.linkedin.paused_import", str(archive), username],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # A generous bound on a stuck child, not a timing of the import: the wait ends as soon
        # as the line arrives.
        ready, _, _ = select.select([importer.stdout], [], [], 120)
        line = importer.stdout.readline() if ready else ""
        if line.strip() != "paused":
            importer.kill()
            _, errors = importer.communicate()
            pytest.fail(f"the import never reached its pause point: {line!r} {errors[-2000:]}")
        return importer


def fingerprint(database: Path) -> dict:
    """Every table's row count and a SHA-256 of all its rows, and the schema."""
    with closing(sqlite3.connect(database)) as db:
        tables = [
            name
            for (name,) in db.execute(
                # The search index's shadow tables are read through the index itself.
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'search_index_%' ORDER BY name"
            )
        ]
        prints = {}
        for table in tables:
            digest = hashlib.sha256()
            count = 0
            for row in db.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                digest.update(repr(row).encode())
                count += 1
            prints[table] = (count, digest.hexdigest())
        # The schema too: a first import builds some indexes after its rows.
        prints["schema"] = db.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
        ).fetchall()
        return prints


def is_writing(database: Path) -> bool:
    """True while another connection holds the write lock (the import's transaction)."""
    with closing(sqlite3.connect(database, timeout=0, isolation_level=None)) as db:
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                return True
            raise
        db.execute("ROLLBACK")
        return False


@pytest.fixture
def site(new_data_dir):
    site = Site(new_data_dir)
    site.manage("shell", "-c", "from tests.factories import make_user; make_user('alice')")
    return site


@pytest.mark.slow
def test_an_import_killed_half_way_changes_nothing_and_the_next_one_succeeds(site, tmp_path):
    small, big = tmp_path / "small.zip", tmp_path / "big.zip"
    small.write_bytes(build_sample_export(connections=50, messages=100, invitations=10, seed=1))
    big.write_bytes(build_sample_export(**BIG, newer=True))
    site.manage("import_linkedin", small, "--user", "alice")  # the user's data before
    before = fingerprint(site.database)

    importer = site.start_paused_import(big, "alice")
    # Provably inside the import's transaction: it holds the database's write lock.
    assert is_writing(site.database)
    assert importer.poll() is None
    importer.send_signal(signal.SIGKILL)
    importer.wait(timeout=30)

    assert importer.returncode == -signal.SIGKILL
    assert fingerprint(site.database) == before

    said = site.manage("import_linkedin", big, "--user", "alice")
    after = fingerprint(site.database)
    assert "Imported" in said or "Connections" in said
    assert after["contacts_contact"][0] > before["contacts_contact"][0] + 1900
    assert after["contacts_importrun"][0] == before["contacts_importrun"][0] + 1

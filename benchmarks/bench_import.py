"""The LinkedIn import at maximum size, against the raw floor.

The floor reads the same CSVs with Python's csv module and inserts every row into plain SQLite
tables with executemany, in one transaction.

The imports run in a child process with a data directory and database of their own, whatever
NETCOACH_DATA_DIR says and whichever benchmarks ran before in this process: the first import goes
into an empty account of a fresh database, as a new user meets it, and the re-imports on top of
it. A second account's first import, beside the first account's data, shows what another
account in the database costs.
"""

import csv
import io
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

SIZE = {"connections": 30_000, "messages": 100_000, "invitations": 5_000}
# Every member the import reads (the sample archive's others are files LinkedIn writes and
# netcoach ignores).
MEMBERS = (
    "Connections.csv",
    "Invitations.csv",
    "messages.csv",
    "Profile.csv",
    "Positions.csv",
    "Notes.csv",
    "Contacts.csv",
)


def floor(data: bytes) -> tuple[float, float]:
    """csv-module reading of the members plus executemany into plain SQLite tables."""
    start, cpu = time.perf_counter(), time.process_time()
    archive = zipfile.ZipFile(io.BytesIO(data))
    path = Path(tempfile.mkdtemp(prefix="netcoach-floor-")) / "floor.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    with db:
        for i, name in enumerate(MEMBERS):
            if name not in archive.namelist():
                continue
            lines = archive.read(name).decode("utf-8-sig").splitlines(keepends=True)
            skip = 3 if lines and lines[0].startswith("Notes:") else 0
            rows = csv.reader(io.StringIO("".join(lines[skip:])))
            header = next(rows)
            columns = ", ".join(f"c{j}" for j in range(len(header)))
            db.execute(f"CREATE TABLE t{i} (id INTEGER PRIMARY KEY, {columns})")
            marks = ", ".join("?" * len(header))
            db.executemany(f"INSERT INTO t{i} ({columns}) VALUES ({marks})", rows)
    db.close()
    return time.perf_counter() - start, time.process_time() - cpu


def timed(function):
    """Wall-clock and CPU seconds of `function()`, and its result."""
    start, cpu = time.perf_counter(), time.process_time()
    result = function()
    return (time.perf_counter() - start, time.process_time() - cpu), result


def build(newer: bool) -> bytes:
    """The archive, built in a child process so its memory does not count as the import's."""
    path = Path(tempfile.mkdtemp(prefix="netcoach-bench-")) / "export.zip"
    code = (
        "import sys; from netcoach.linkedin.sample import build_sample_export as b; "
        f"open(sys.argv[1], 'wb').write(b(**{SIZE!r}, newer={newer}))"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    return path.read_bytes()


def run():
    data_dir = tempfile.mkdtemp(prefix="netcoach-bench-import-")
    print(f"Imports in their own data directory: {data_dir}", flush=True)
    env = {**os.environ, "NETCOACH_DATA_DIR": data_dir}
    subprocess.run([sys.executable, "-m", "benchmarks.import_child"], env=env, check=True)

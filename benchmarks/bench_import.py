"""The LinkedIn import at maximum size, against the raw floor (issue 3, "Speed").

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
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

SIZE = {"connections": 30_000, "messages": 100_000, "invitations": 5_000}
MEMBERS = ("Connections.csv", "Invitations.csv", "messages.csv", "Profile.csv", "Notes.csv")


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
        "import sys; from contacts.linkedin.sample import build_sample_export as b; "
        f"open(sys.argv[1], 'wb').write(b(**{SIZE!r}, newer={newer}))"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    return path.read_bytes()


def run():
    data_dir = tempfile.mkdtemp(prefix="netcoach-bench-import-")
    print(f"Imports in their own data directory: {data_dir}", flush=True)
    env = {**os.environ, "NETCOACH_DATA_DIR": data_dir}
    subprocess.run([sys.executable, "-m", "benchmarks.bench_import"], env=env, check=True)


def measure():
    from django.contrib.auth import get_user_model

    from contacts.linkedin.apply import import_file

    print("Building the archives ...", flush=True)
    first = build(newer=False)
    newer = build(newer=True)
    User = get_user_model()
    user = User.objects.create_user(f"import-{os.getpid()}-{time.time_ns()}")
    other = User.objects.create_user(f"import-forced-{os.getpid()}-{time.time_ns()}")

    floors = [floor(first) for _ in range(3)]
    base = (min(f[0] for f in floors), min(f[1] for f in floors))
    first_s, run1 = timed(lambda: import_file(first, "Basic_first.zip", user))
    again_s, _ = timed(lambda: import_file(first, "Basic_first.zip", user))
    newer_s, run3 = timed(lambda: import_file(newer, "Basic_newer.zip", user))
    beside_s, _ = timed(lambda: import_file(first, "Basic_first.zip", other))
    forced_s, _ = timed(lambda: import_file(first, "x.zip", other, force=True))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"archive: {SIZE} ({len(first) / 1e6:.1f} MB zipped)")
    print(f"{'step':<34} {'wall s':>7} {'x floor':>8} {'CPU s':>7} {'x floor':>8} {'limit':>6}")
    for label, seconds, limit in (
        ("floor (csv + executemany)", base, ""),
        ("first import", first_s, "3"),
        ("re-import, same archive", again_s, "1"),
        ("re-import, forced full pass", forced_s, ""),
        ("newer import", newer_s, "3"),
        ("first import beside a full account", beside_s, ""),
    ):
        print(
            f"{label:<34} {seconds[0]:>7.2f} {seconds[0] / base[0]:>8.2f} "
            f"{seconds[1]:>7.2f} {seconds[1] / base[1]:>8.2f} {limit:>6}"
        )
    print(f"peak memory (max RSS of the process): {peak_mb:.0f} MB (limit 600)")
    print(f"first import counts: {run1.counts['connections']}, {run1.counts['messages']}")
    print(f"newer import: {run3.counts['job_changes']} job changes, {run3.counts['invitations']}")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netcoach.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    measure()

"""The pre-import snapshot in a database shared by many full accounts, before and after it held
only the importing account; and what restoring costs there.

Runs in a child process with a data directory and database of its own (as bench_import does):
NETCOACH_BENCH_ACCOUNTS full accounts (default 20, each the maximum-size archive of
bench_import) are imported first, which takes a few minutes.
"""

import os
import subprocess
import sys
import tempfile


def run():
    data_dir = tempfile.mkdtemp(prefix="netcoach-bench-backups-")
    print(f"Snapshots in their own data directory: {data_dir}", flush=True)
    env = {**os.environ, "NETCOACH_DATA_DIR": data_dir}
    subprocess.run([sys.executable, "-m", "benchmarks.backups_child"], env=env, check=True)

"""The timed part of the import benchmark, in a process of its own (`bench_import.run()` starts
it with a fresh data directory): Django is set up before the project's modules are imported."""

import os
import resource
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netcoach.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from benchmarks.bench_import import SIZE, build, floor, timed  # noqa: E402
from contacts import search as full_text  # noqa: E402
from netcoach.linkedin.apply import import_file  # noqa: E402


def search_index_build(user):
    """The time the first import spent building the owner's search index (contacts/search.py):
    the same build again, in a transaction rolled back."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            full_text.remove_owner(cursor, user.pk)
            seconds, _ = timed(lambda: full_text.index_owner(cursor, user.pk))
        transaction.set_rollback(True)
    return seconds


def measure():
    print("Building the archives ...", flush=True)
    first = build(newer=False)
    newer = build(newer=True)
    User = get_user_model()
    user = User.objects.create_user(f"import-{os.getpid()}-{time.time_ns()}")
    other = User.objects.create_user(f"import-forced-{os.getpid()}-{time.time_ns()}")

    floors = [floor(first) for _ in range(3)]
    base = (min(f[0] for f in floors), min(f[1] for f in floors))
    first_s, run1 = timed(lambda: import_file(first, "Basic_first.zip", user))
    index_s = search_index_build(user)
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
        ("  of which the search index build", index_s, ""),
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
    print(f"first import's address book (Contacts.csv): {run1.counts.get('address_book')}")


if __name__ == "__main__":
    call_command("migrate", verbosity=0)
    measure()

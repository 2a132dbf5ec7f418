"""Runs the benchmarks: `python -m benchmarks` for all, `python -m benchmarks triage` for one."""

import importlib
import os
import pkgutil
import sys
import tempfile
from pathlib import Path


def main(argv):
    if "NETCOACH_DATA_DIR" not in os.environ:
        os.environ["NETCOACH_DATA_DIR"] = tempfile.mkdtemp(prefix="netcoach-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netcoach.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)

    package_dir = Path(__file__).parent
    names = sorted(
        m.name.removeprefix("bench_")
        for m in pkgutil.iter_modules([str(package_dir)])
        if m.name.startswith("bench_")
    )
    wanted = argv or names
    unknown = set(wanted) - set(names)
    if unknown:
        sys.exit(f"Unknown benchmark(s): {', '.join(sorted(unknown))}. Known: {', '.join(names)}")
    print(f"Data directory: {os.environ['NETCOACH_DATA_DIR']}")
    for name in wanted:
        print(f"\n== {name} ==", flush=True)
        importlib.import_module(f"benchmarks.bench_{name}").run()


if __name__ == "__main__":
    main(sys.argv[1:])

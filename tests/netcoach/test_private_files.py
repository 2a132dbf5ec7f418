"""The data directory is its owner's alone: after a run, an import, a backup and an export, no
file in it is readable by the group or others, whatever the user's umask."""

import os
import stat
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from netcoach.private_files import tighten

ROOT = Path(settings.BASE_DIR)


def manage(data_dir, *args):
    """A `manage.py` command in its own process, as a user with the common umask 022 runs it."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["NETCOACH_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        ["/bin/sh", "-c", 'umask 022 && exec "$0" manage.py "$@"', sys.executable, *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


def open_to_others(directory):
    """Every path under `directory` (itself included) that the group or others may read, write
    or enter, with its mode."""
    found = []
    for path in [directory, *directory.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if mode & 0o077:
            found.append(f"{path.relative_to(directory.parent)} {oct(mode)}")
    return found


def test_nothing_in_the_data_directory_is_readable_by_others(tmp_path):
    data = tmp_path / "data"
    sample = tmp_path / "sample.zip"
    export = tmp_path / "export.zip"
    # One process runs the commands one after the other, as a user would in turn.
    script = f"""
from django.core.management import call_command as run
run("migrate", "--noinput", verbosity=0)
from tests.factories import make_user
make_user("owner")
run("make_sample_export", {str(sample)!r}, "--connections", "30", "--messages", "60")
run("import_linkedin", {str(sample)!r}, "--user", "owner")
run("backup")
run("export_data", "--user", "owner", {str(export)!r})
"""
    manage(data, "shell", "-c", script)

    assert (data / "netcoach.sqlite3").exists() and list((data / "backups").iterdir())
    assert not open_to_others(data)
    # The export the command wrote, wherever the user asked, is theirs alone too.
    assert stat.S_IMODE(export.stat().st_mode) == 0o600


def test_an_existing_install_is_tightened_on_start(tmp_path):
    data = tmp_path / "data"
    (data / "backups").mkdir(parents=True)
    for name in ("netcoach.sqlite3", "secret_key", "backups/manual-2026-01-01.sqlite3"):
        (data / name).write_text("x")
        (data / name).chmod(0o644)
    (data / "backups").chmod(0o755)
    data.chmod(0o755)

    manage(data, "check")

    assert not open_to_others(data)


def test_tightening_leaves_links_and_their_targets_alone(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("not ours")
    outside.chmod(0o644)
    data = tmp_path / "data"
    data.mkdir()
    (data / "link").symlink_to(outside)

    tighten(data)

    assert stat.S_IMODE(outside.stat().st_mode) == 0o644
    assert stat.S_IMODE(data.stat().st_mode) == 0o700

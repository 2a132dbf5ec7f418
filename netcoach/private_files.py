"""The install's files are its owner's alone.

The data directory holds every contact, note, message and password hash: another account on the
same computer must not read it. netcoach's processes create files with the umask 077 whatever
the user's own (the database, SQLite's -wal and -shm files, snapshots and their .part files,
exports written by the commands, the secret key), and an existing install is tightened on start:
the data directory and every directory in it 0700, every file 0600 (docs/architecture.md,
"Files").
"""

import contextlib
import os
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077
DIRECTORY_MODE = 0o700
FILE_MODE = 0o600


def keep_private(data_dir: Path) -> None:
    """From now on this process creates private files; what `data_dir` holds already is made
    private too."""
    os.umask(PRIVATE_UMASK)
    data_dir.mkdir(parents=True, exist_ok=True)
    tighten(data_dir)


def tighten(directory: Path) -> None:
    """`directory`, its directories and files, owner-only. Symbolic links are left alone (their
    own mode means nothing; what they point at is not ours to change)."""
    _chmod(directory, DIRECTORY_MODE)
    for root, dirs, files in os.walk(directory):
        for name in dirs:
            _chmod(Path(root, name), DIRECTORY_MODE)
        for name in files:
            _chmod(Path(root, name), FILE_MODE)


def _chmod(path: Path, mode: int) -> None:
    try:
        info = path.lstat()
    except FileNotFoundError:  # gone since it was listed (a .part file renamed)
        return
    if stat.S_ISLNK(info.st_mode) or stat.S_IMODE(info.st_mode) == mode:
        return
    # A file of another user's in the data directory is not ours to change.
    with contextlib.suppress(PermissionError):
        path.chmod(mode)
